"""End to end through the installed `drills` command: output, exit codes and saved progress."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    DRILLS,
    REPOSITORY,
    copy_fixture,
    drills,
    process_alive,
    started_pids,
    wait_for,
)

WELCOME = Path("drills/00_intro/welcome.py")


def solve_welcome(workspace: Path) -> None:
    path = workspace / WELCOME
    text = path.read_text()
    path.write_text(
        text.replace(
            '    raise NotImplementedError("greeting() is still a TODO")',
            '    return "Hello, " + "persistence!"',
        )
    )


def state(workspace: Path) -> dict[str, object]:
    return json.loads((workspace / ".drills" / "state.json").read_text())


def test_a_new_learner_fails_then_passes_welcome(learner: Path) -> None:
    listed = drills("list", cwd=learner)
    assert listed.returncode == 0
    assert "1\t00_intro\twelcome\tpending\tdrills/00_intro/welcome.py\tcurrent\n" in listed.stdout

    first = drills("run", "welcome", cwd=learner)
    assert first.returncode == 1
    assert "welcome fails" in first.stdout
    assert "NotImplementedError: greeting() is still a TODO" in first.stdout
    todo_line = (
        (learner / WELCOME)
        .read_text()
        .splitlines()
        .index('    raise NotImplementedError("greeting() is still a TODO")')
    )
    assert f"drills/00_intro/welcome.py:{todo_line + 1} (your code)" in first.stdout
    assert "drills hint welcome" in first.stdout
    assert first.stderr == ""

    solve_welcome(learner)
    second = drills("run", cwd=learner)
    assert second.returncode == 0, second.stdout
    assert "welcome passes" in second.stdout
    assert "drills next" in second.stdout
    assert "\twelcome\tdone\t" in drills("list", cwd=learner).stdout
    assert state(learner)["drills"]["welcome"]["attempts"] == 2  # type: ignore[index]


def test_a_wrong_value_is_shown_with_both_values(learner: Path) -> None:
    path = learner / WELCOME
    path.write_text(
        path.read_text().replace(
            '    raise NotImplementedError("greeting() is still a TODO")', '    return "Hello"'
        )
    )
    shown = drills("run", cwd=learner)
    assert shown.returncode == 1
    assert "assert 'Hello' == 'Hello, persistence!'" in shown.stdout
    assert "(the check)" in shown.stdout


def test_run_json_gives_the_verdict_as_data(verdicts: Path) -> None:
    shown = drills("run", "failing", "--json", cwd=verdicts)
    assert shown.returncode == 1
    data = json.loads(shown.stdout)
    assert data["outcome"] == "failed"
    assert data["passed"] is False
    assert data["checks"][0]["name"] == "test_total_adds_every_balance"
    assert "assert 700.0 == 800.0" in data["checks"][0]["message"]


def test_status_follows_the_latest_run(learner: Path) -> None:
    solve_welcome(learner)
    assert drills("run", cwd=learner).returncode == 0
    (learner / WELCOME).write_text(
        (learner / WELCOME).read_text().replace('return "Hello, " + "persistence!"', 'return "Bye"')
    )
    assert drills("run", cwd=learner).returncode == 1
    entry = state(learner)["drills"]["welcome"]  # type: ignore[index]
    assert entry["done"] is False and entry["first_done"]


def test_hints_come_one_at_a_time(learner: Path) -> None:
    outputs = [drills("hint", cwd=learner).stdout for _ in range(3)]
    assert "Hint 1 of 2" in outputs[0] and "again for a stronger one" in outputs[0]
    assert "Hint 2 of 2" in outputs[1] and "last hint" in outputs[1]
    assert "Hint 2 of 2" in outputs[2]
    every = drills("hint", "welcome", "--all", cwd=learner).stdout
    assert "Hint 1 of 2" in every and "Hint 2 of 2" in every


def test_next_waits_for_a_pass_and_goto_moves_anywhere(learner: Path) -> None:
    early = drills("next", cwd=learner)
    assert early.returncode == 2
    assert "welcome is not done yet" in early.stderr
    solve_welcome(learner)
    drills("run", cwd=learner)
    moved = drills("next", cwd=learner)
    assert moved.returncode == 0
    assert "Current drill: pickle_person" in moved.stdout
    assert drills("goto", "json_book", cwd=learner).returncode == 0
    assert state(learner)["current"] == "json_book"
    unknown = drills("goto", "json_bok", cwd=learner)
    assert unknown.returncode == 2
    assert "Did you mean `json_book`?" in unknown.stderr


def test_reset_restores_the_shipped_file_and_backs_up_the_learners(learner: Path) -> None:
    shipped = (learner / WELCOME).read_text()
    solve_welcome(learner)
    mine = (learner / WELCOME).read_text()
    drills("run", cwd=learner)
    refused = drills("reset", "welcome", cwd=learner)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert (learner / WELCOME).read_text() == mine, "nothing changes without confirmation"
    done = drills("reset", "welcome", "--yes", cwd=learner)
    assert done.returncode == 0, done.stderr
    assert (learner / WELCOME).read_text() == shipped
    backups = list((learner / ".drills" / "backups").glob("welcome-*.py"))
    assert [b.read_text() for b in backups] == [mine]
    assert state(learner)["drills"]["welcome"]["done"] is False  # type: ignore[index]


def test_edited_checks_are_tampered_and_reset_checks_keeps_the_code(learner: Path) -> None:
    solve_welcome(learner)
    path = learner / WELCOME
    path.write_text(path.read_text().replace('== "Hello, persistence!"', '== "anything"'))
    tampered = drills("run", cwd=learner)
    assert tampered.returncode == 1
    assert "differ from the shipped ones" in tampered.stdout
    assert "drills reset welcome --checks" in tampered.stdout
    assert drills("reset", "welcome", "--checks", "--yes", cwd=learner).returncode == 0
    assert 'return "Hello, " + "persistence!"' in path.read_text()
    assert drills("run", cwd=learner).returncode == 0


def test_reset_all(learner: Path) -> None:
    solve_welcome(learner)
    (learner / "drills/01_serialization/json_book.py").write_text("# mine\n")
    assert drills("reset", "--all", "--yes", cwd=learner).returncode == 0
    assert "NotImplementedError" in (learner / WELCOME).read_text()
    assert "# mine" not in (learner / "drills/01_serialization/json_book.py").read_text()


def test_solution_is_shown_only_once_done(learner: Path) -> None:
    refused = drills("solution", "welcome", cwd=learner)
    assert refused.returncode == 2
    assert "not done yet" in refused.stderr
    forced = drills("solution", "welcome", "--force", cwd=learner)
    assert forced.returncode == 0 and 'return "Hello, persistence!"' in forced.stdout
    assert "# --- checks" not in forced.stdout
    solve_welcome(learner)
    drills("run", cwd=learner)
    assert drills("solution", cwd=learner).returncode == 0


def test_init_refuses_a_folder_that_is_not_empty(learner: Path) -> None:
    again = drills("init", str(learner), cwd=learner.parent)
    assert again.returncode == 2
    assert "not empty" in again.stderr


def test_a_broken_manifest_is_one_clear_message(learner: Path) -> None:
    manifest = learner / "info.toml"
    manifest.write_text(manifest.read_text().replace("[[drills]]", "[[drills]", 1))
    for command in (["list"], ["run"], ["hint"], ["verify"]):
        shown = drills(*command, cwd=learner)
        assert shown.returncode == 2, command
        assert shown.stderr.startswith("error: info.toml:"), shown.stderr
        assert "Traceback" not in shown.stderr + shown.stdout
        assert shown.stdout == ""


def test_a_schema_error_names_the_entry_and_field(learner: Path) -> None:
    manifest = learner / "info.toml"
    manifest.write_text(manifest.read_text().replace("hints = [", "hint = [", 1))
    shown = drills("list", cwd=learner)
    assert shown.returncode == 2
    assert "drills[0].hint: unknown key; did you mean 'hints'?" in shown.stderr
    assert "Traceback" not in shown.stderr


def test_a_corrupt_state_file_is_set_aside_and_the_command_works(learner: Path) -> None:
    solve_welcome(learner)
    drills("run", cwd=learner)
    (learner / ".drills" / "state.json").write_text('{"format_version": 1, "drills": ')
    shown = drills("list", cwd=learner)
    assert shown.returncode == 0
    assert "was set aside as state.json.corrupt-" in shown.stderr
    assert "drills verify" in shown.stderr
    assert list((learner / ".drills").glob("state.json.corrupt-*"))
    assert drills("list", cwd=learner).stderr == "", "said once"


def test_outside_a_workspace_the_error_says_what_to_do(tmp_path: Path) -> None:
    shown = drills("list", cwd=tmp_path)
    assert shown.returncode == 2
    assert "Could not find a drills workspace" in shown.stderr
    assert "drills init" in shown.stderr


def test_workspace_option_and_running_from_a_subfolder(learner: Path, tmp_path: Path) -> None:
    assert drills("--workspace", str(learner), "list", cwd=tmp_path).returncode == 0
    assert drills("list", cwd=learner / "drills" / "00_intro").returncode == 0


def test_usage_errors_exit_2(learner: Path) -> None:
    assert drills("frobnicate", cwd=learner).returncode == 2
    assert drills("reset", cwd=learner).returncode == 2
    assert drills("list", "--phase", "9", cwd=learner).returncode == 2


def test_list_filters_and_json(learner: Path) -> None:
    solve_welcome(learner)
    drills("run", cwd=learner)
    pending = drills("list", "--pending", cwd=learner).stdout
    assert "welcome" not in pending and "pickle_person" in pending
    phase = drills("list", "--phase", "1", cwd=learner).stdout
    assert "welcome" not in phase and "json_book" in phase
    data = json.loads(drills("list", "--json", cwd=learner).stdout)
    assert data["done"] == 1
    assert data["drills"][0] == {
        "number": 1,
        "phase": "00_intro",
        "name": "welcome",
        "status": "done",
        "current": True,
        "path": "drills/00_intro/welcome.py",
    }
    persistence = {"name": "File Persistence", "done": False, "drills_done": 0, "drills_total": 9}
    assert persistence in data["checkpoints"]


@pytest.mark.slow
def test_verify_runs_everything_and_rebuilds_progress(verdicts: Path) -> None:
    shown = drills("verify", "--json", cwd=verdicts)
    assert shown.returncode == 1
    data = json.loads(shown.stdout)
    outcomes = {d["drill"]: d["outcome"] for d in data["drills"]}
    assert outcomes["passing"] == "passed"
    assert outcomes["tampered"] == "tampered"
    assert outcomes["endless"] == "timeout"
    assert outcomes["needs_postgres"] == "skipped"
    assert data["done"] == 1
    done = [name for name, entry in state(verdicts)["drills"].items() if entry["done"]]  # type: ignore[union-attr]
    assert done == ["passing"]
    plain = drills("verify", cwd=verdicts)
    assert "1 of 17 drills done." in plain.stdout


def test_bypasses_do_not_pass_from_the_command_line(verdicts: Path) -> None:
    bypasses = ("exit_at_import", "os_exit", "tampered", "deleted_checks", "skips_itself")
    for name in (*bypasses, "hides_checks"):
        assert drills("run", name, cwd=verdicts).returncode == 1, name
    optimized = drills("run", "failing", cwd=verdicts, env={"PYTHONOPTIMIZE": "1"})
    assert optimized.returncode == 1
    assert "assert 700.0 == 800.0" in optimized.stdout


def test_interrupting_a_run_exits_130_and_leaves_nothing_running(verdicts: Path) -> None:
    manifest = verdicts / "info.toml"
    manifest.write_text(manifest.read_text().replace("timeout = 2", "timeout = 30"))
    process = subprocess.Popen(
        [str(DRILLS), "run", "endless"],
        cwd=verdicts,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    run_folder = verdicts / ".drills/runs/endless"
    pids = started_pids(run_folder, seconds=20)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 130
    wait_for(lambda: not any(process_alive(pid) for pid in pids), seconds=1)


def test_doctor_reports_the_setup(learner: Path) -> None:
    shown = drills("doctor", cwd=learner)
    assert shown.returncode == 0, shown.stdout
    for expected in ("Python 3.", "pytest", "Workspace", "Drill runs start", "File watching"):
        assert expected in shown.stdout


def test_dev_check_fails_on_a_drill_that_passes_as_shipped(tmp_path: Path) -> None:
    workspace = copy_fixture("passes_as_shipped", tmp_path)
    shown = drills("dev", "check", cwd=workspace)
    assert shown.returncode == 1
    assert "drills/00_cases/too_easy.py: passes as shipped" in shown.stdout


@pytest.mark.slow
def test_dev_check_lists_every_static_problem(learner: Path) -> None:
    (learner / "drills/00_intro/stray.py").write_text("x = 1\n")
    solution = learner / "solutions/01_serialization/json_book.py"
    solution.write_text(solution.read_text() + "\n# one more byte\n")
    (learner / "solutions/01_serialization/yaml_car.py").unlink()
    shown = drills("dev", "check", cwd=learner)
    assert shown.returncode == 1
    assert "drills/00_intro/stray.py: a drill file with no entry in info.toml" in shown.stdout
    assert "json_book.py: its checks differ from those of solutions/" in shown.stdout
    assert "solutions/01_serialization/yaml_car.py: the solution is missing" in shown.stdout


def test_a_drill_runs_under_plain_pytest_with_the_fixtures(tmp_path: Path) -> None:
    drill = tmp_path / "uses_sqlite.py"
    drill.write_text(
        "import sqlite3\n\n\ndef test_sqlite_path_is_fresh(sqlite_path):\n"
        "    assert not sqlite_path.exists()\n"
        "    sqlite3.connect(sqlite_path).execute('create table t (x)')\n"
        "    assert sqlite_path.exists()\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(drill)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": ""},
    )
    assert done.returncode == 0, done.stdout


def test_the_learners_drill_file_runs_under_plain_pytest(learner: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(WELCOME)],
        cwd=learner,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "NotImplementedError" in done.stdout


def test_the_cli_does_not_import_heavy_modules_at_startup() -> None:
    probe = (
        "import sys\n"
        "from persistence_drills import cli\n"
        "names = ('sqlalchemy', 'pytest', 'pydantic', 'rich', 'yaml')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPOSITORY
    )
    assert done.stdout.strip() == "[]"


def test_a_pass_shows_the_reflection_questions_and_the_solution(verdicts: Path) -> None:
    shown = drills("run", "passing", cwd=verdicts)
    assert shown.returncode == 0
    assert "Think about it:" in shown.stdout
    assert "What would make it fail?" in shown.stdout
    assert "drills solution passing" in shown.stdout


def test_dev_mutants_lists_what_the_checks_let_pass_until_it_is_explained(tmp_path: Path) -> None:
    workspace = copy_fixture("mutants", tmp_path)
    shown = drills("dev", "mutants", cwd=workspace, timeout=300)
    assert shown.returncode == 1, shown.stdout + shown.stderr
    # `number > 0` -> `number > 1` survives: no check tries 1. The other two are killed.
    assert "gap: 2/3 killed; survivors:" in shown.stdout
    assert "5:20 constant 0 -> 1" in shown.stdout
    survivor = next(line.strip() for line in shown.stdout.splitlines() if line.startswith("    "))
    marks = workspace / "tests/catalog_cases/00_m/gap/equivalent_mutants.txt"
    marks.parent.mkdir(parents=True)
    marks.write_text(f"{survivor}  # for the sake of the test\n")
    shown = drills("dev", "mutants", "gap", cwd=workspace, timeout=300)
    assert shown.returncode == 0, shown.stdout
    assert "gap: 2/2 killed, 1 marked equivalent" in shown.stdout


def test_dev_mutants_since_a_revision_tests_only_the_drills_changed_since(tmp_path: Path) -> None:
    workspace = copy_fixture("mutants", tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "catalog"]):
        subprocess.run([*git, *command], cwd=workspace, check=True, capture_output=True)
    shown = drills("dev", "mutants", "--since", "HEAD", cwd=workspace)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "No drill changed since HEAD" in shown.stdout
    # A new catalog case (not yet added to git) is a change to its drill.
    marks = workspace / "tests/catalog_cases/00_m/gap/equivalent_mutants.txt"
    marks.parent.mkdir(parents=True)
    marks.write_text("5:20 constant 0 -> 1  # for the sake of the test\n")
    shown = drills("dev", "mutants", "--since", "HEAD", cwd=workspace, timeout=300)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "gap: 2/2 killed, 1 marked equivalent" in shown.stdout
    shown = drills("dev", "mutants", "--since", "no-such-revision", cwd=workspace)
    assert shown.returncode == 2
    assert "Could not find the drills changed since no-such-revision" in shown.stderr
    assert "Traceback" not in shown.stdout + shown.stderr


def test_a_drill_that_deletes_its_run_folder_is_told_so(verdicts: Path) -> None:
    shown = drills("run", "deletes_its_folder", cwd=verdicts)
    assert shown.returncode == 1
    assert "Your code deleted the folder the checks run in" in shown.stdout, shown.stdout
    assert "Traceback" not in shown.stdout + shown.stderr


def test_deleting_the_solution_does_not_let_edited_checks_pass(learner: Path) -> None:
    """The solution is the reference for the checks; without it, the packaged copy is."""
    path = learner / "drills/00_intro/welcome.py"
    text = path.read_text()
    code, checks = text.split("# --- checks", 1)
    path.write_text(code + "# --- checks" + checks.replace("assert ", "assert True or "))
    (learner / "solutions/00_intro/welcome.py").unlink()
    shown = drills("run", "welcome", cwd=learner)
    assert shown.returncode == 1
    assert "has edited checks" in shown.stdout, shown.stdout


def test_reset_keeps_the_files_permissions(learner: Path) -> None:
    path = learner / "drills/00_intro/welcome.py"
    path.chmod(0o644)
    path.write_text(path.read_text() + "\n# mine\n")
    assert drills("reset", "welcome", "--yes", cwd=learner).returncode == 0
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_stopping_verify_stops_every_drill_it_started(verdicts: Path, number: int) -> None:
    manifest = verdicts / "info.toml"
    manifest.write_text(manifest.read_text().replace("timeout = 2", "timeout = 30"))
    process = subprocess.Popen(
        [str(DRILLS), "verify", "--jobs", "2"],
        cwd=verdicts,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run_folder = verdicts / ".drills/runs/endless"
    pids = started_pids(run_folder, seconds=60)
    started = time.monotonic()
    process.send_signal(number)
    process.wait(timeout=10)
    assert time.monotonic() - started < 2, "verify must not wait for the rest of the drills"
    wait_for(lambda: not any(process_alive(pid) for pid in pids), seconds=1)


def test_a_killed_runner_leaves_nothing_running_past_the_drills_timeout(verdicts: Path) -> None:
    """After SIGKILL nobody is left to stop the run: it carries its own deadline."""
    process = subprocess.Popen(
        [str(DRILLS), "run", "endless"],
        cwd=verdicts,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run_folder = verdicts / ".drills/runs/endless"
    pids = started_pids(run_folder, seconds=60)
    process.kill()
    process.wait()
    assert any(process_alive(pid) for pid in pids), "the run goes on for a while"
    wait_for(lambda: not any(process_alive(pid) for pid in pids), seconds=2 + 2 + 2)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare for a read-only mount")
def test_a_read_only_workspace_still_lists_and_says_what_it_cannot_save(learner: Path) -> None:
    drills("list", cwd=learner)  # a first command made .drills/ while it could
    script = (
        f'mount --bind "{learner}" "{learner}" && mount -o remount,ro,bind "{learner}" && '
        f'cd "{learner}" && "{DRILLS}" list; echo "list=$?"; "{DRILLS}" hint; echo "hint=$?"; '
        f'"{DRILLS}" run welcome; echo "run=$?"'
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    if "Operation not permitted" in done.stderr and "list=" not in done.stdout:
        pytest.skip("this machine allows no mount namespaces")
    output = done.stdout + done.stderr
    assert "list=0" in done.stdout, output
    assert "welcome" in done.stdout
    assert "hint=0" in done.stdout and "Hint 1 of 2" in done.stdout, output
    assert "Read-only file system" in output and "progress was not saved" in output, output
    assert "run=1" in done.stdout and "Could not prepare the run" in output, output
    assert "hit a bug" not in output


@pytest.mark.slow
def test_two_runs_of_one_drill_at_once_never_give_a_false_verdict(learner: Path) -> None:
    for _ in range(30):
        runs = [
            subprocess.Popen(
                [str(DRILLS), "run", "welcome"],
                cwd=learner,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env={**os.environ, "NO_COLOR": "1"},
            )
            for _ in range(2)
        ]
        for run in runs:
            output, _ = run.communicate(timeout=60)
            assert run.returncode == 1, output
            assert "welcome fails" in output, output


def start_service(workspace: Path) -> None:
    """Start the workspace's warm service and wait until it answers, as a learner's earlier
    command would have."""
    from persistence_drills.engine.warm import ServiceLauncher

    ServiceLauncher(workspace / ".drills", linger=60, wait=True).hold()


def test_a_command_served_by_the_warm_service_is_the_same_command(learner: Path) -> None:
    start_service(learner)
    shown = drills("run", "welcome", cwd=learner, env={"DRILLS_TRACE": "1"})
    assert "the service runs the command" in shown.stderr, "it was served"
    assert shown.returncode == 1
    assert "welcome fails" in shown.stdout
    assert "NotImplementedError" in shown.stdout
    listed = drills("list", cwd=learner, env={"DRILLS_TRACE": "1"})
    assert "the service runs the command" in listed.stderr
    assert listed.returncode == 0
    assert "1\t00_intro\twelcome\tfailing\tdrills/00_intro/welcome.py\tcurrent\n" in listed.stdout
    nowhere = drills("goto", "no_such_drill", cwd=learner)
    assert nowhere.returncode == 2
    assert "Could not find a drill named 'no_such_drill'" in nowhere.stderr


def test_a_command_from_a_folder_inside_the_workspace_is_served_there_too(
    learner: Path, tmp_path: Path
) -> None:
    start_service(learner)
    inside = learner / "drills" / "00_intro"
    shown = drills("run", "welcome", cwd=inside, env={"DRILLS_TRACE": "1"})
    assert "the service runs the command" in shown.stderr, "the workspace above was found"
    assert "welcome fails" in shown.stdout
    (tmp_path / "elsewhere").mkdir()
    outside = drills("run", "welcome", cwd=tmp_path / "elsewhere", env={"DRILLS_TRACE": "1"})
    assert "the service runs the command" not in outside.stderr
    assert outside.returncode == 2
    assert "Could not find a drills workspace" in outside.stderr


@pytest.mark.slow  # waits out the service's grace for a first client
def test_the_service_a_one_shot_run_starts_is_there_for_the_next_command(
    learner: Path,
) -> None:
    from persistence_drills.engine.service import STARTUP_GRACE

    first = drills("run", "welcome", cwd=learner, env={"DRILLS_PG_LINGER": "30"})
    assert first.returncode == 1, first.stdout + first.stderr
    time.sleep(STARTUP_GRACE + 2)  # a learner edits for longer than that between two runs
    second = drills("run", "welcome", cwd=learner, env={"DRILLS_TRACE": "1"})
    assert "the service runs the command" in second.stderr, "the service had stopped"
    assert "welcome fails" in second.stdout


def test_ctrl_c_reaches_a_served_command(verdicts: Path) -> None:
    manifest = verdicts / "info.toml"
    manifest.write_text(manifest.read_text().replace("timeout = 2", "timeout = 30"))
    start_service(verdicts)
    process = subprocess.Popen(
        [str(DRILLS), "run", "endless"],
        cwd=verdicts,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DRILLS_TRACE": "1"},
    )
    pids = started_pids(verdicts / ".drills/runs/endless", seconds=30)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=10)
    assert "the service runs the command" in errors
    assert process.returncode == 130
    wait_for(lambda: not any(process_alive(pid) for pid in pids), seconds=2)
