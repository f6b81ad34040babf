"""The engine against fixture drills that each produce one verdict, through the Runner API."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import UNREACHABLE_POSTGRES, copy_fixture, process_alive, wait_for
from persistence_drills import memory
from persistence_drills.engine import runs_folder
from persistence_drills.engine.launcher import Launcher
from persistence_drills.engine.plain import SubprocessLauncher
from persistence_drills.engine.runner import Runner
from persistence_drills.engine.verdict import Outcome, Verdict
from persistence_drills.engine.warm import ServiceLauncher
from persistence_drills.manifest import load_manifest
from persistence_drills.workspace import SEPARATOR, Workspace


def run(workspace: Path, name: str, launcher: Launcher | None = None) -> Verdict:
    ws = Workspace(workspace)
    return Runner(ws, launcher=launcher).run(load_manifest(ws.manifest_path).find(name))


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceLauncher]:
    launcher = ServiceLauncher(tmp_path_factory.mktemp("service"), wait=True)
    launcher.hold()
    yield launcher
    launcher.close()


@pytest.fixture(params=["plain", "warm"])
def launcher(request: pytest.FixtureRequest, warm: ServiceLauncher) -> Launcher:
    """Both ways of starting a run: a fresh interpreter, or a fork of the warm service."""
    return SubprocessLauncher() if request.param == "plain" else warm


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("passing", Outcome.PASSED),
        ("failing", Outcome.FAILED),
        ("syntax_error", Outcome.ERROR),
        ("import_error", Outcome.ERROR),
        ("exit_at_import", Outcome.ERROR),
        ("os_exit", Outcome.CRASHED),
        ("killed", Outcome.CRASHED),
        ("tampered", Outcome.TAMPERED),
        ("deleted_checks", Outcome.TAMPERED),
        ("needs_postgres", Outcome.SKIPPED),
        ("skips_itself", Outcome.FAILED),
        ("noisy", Outcome.FAILED),
        ("missing_file", Outcome.ERROR),
        ("hides_checks", Outcome.ERROR),
    ],
)
def test_each_fixture_drill_gets_its_verdict(
    verdicts: Path, name: str, outcome: Outcome, launcher: Launcher
) -> None:
    verdict = run(verdicts, name, launcher)
    assert verdict.outcome is outcome, verdict.to_dict()
    assert verdict.passed is (outcome is Outcome.PASSED)


def test_a_failed_assertion_carries_its_values_and_the_check_line(verdicts: Path) -> None:
    verdict = run(verdicts, "failing")
    failing = verdict.failing()
    assert [check.name for check in failing] == ["test_total_adds_every_balance"]
    assert "assert 700.0 == 800.0" in failing[0].message
    assert [(f.line, f.in_learner_code) for f in failing[0].frames] == [(13, False)]
    passed = [check for check in verdict.checks if check.outcome == "passed"]
    assert passed[0].name == "test_total_of_one"


def test_an_exception_in_the_learners_code_points_at_their_line(verdicts: Path) -> None:
    problem = run(verdicts, "import_error").problem
    assert problem is not None
    assert problem.message.startswith("ZeroDivisionError")
    assert [(f.line, f.in_learner_code) for f in problem.frames] == [(3, True)]


def test_an_exception_a_check_explains_still_points_at_the_learners_line(verdicts: Path) -> None:
    [check] = run(verdicts, "explained").failing()
    assert check.message.startswith("AssertionError: divide must not divide by zero")
    lines = [(frame.line, frame.in_learner_code) for frame in check.frames]
    assert (6, True) in lines, "the learner's line, from the exception the check caught"
    assert (16, False) in lines, "the check's line that raised the explanation"


def test_checks_hidden_from_pytest_do_not_pass_and_are_named(verdicts: Path) -> None:
    verdict = run(verdicts, "hides_checks")
    assert verdict.summary == "Not every check ran: test_answer did not run."


def test_a_syntax_error_names_its_line(verdicts: Path) -> None:
    verdict = run(verdicts, "syntax_error")
    assert verdict.problem is not None
    assert verdict.problem.frames[0].line == 5
    assert "never closed" in verdict.summary


def test_an_endless_loop_stops_in_time_and_leaves_no_process(
    verdicts: Path, launcher: Launcher
) -> None:
    started = time.monotonic()
    verdict = run(verdicts, "endless", launcher)
    elapsed = time.monotonic() - started
    assert verdict.outcome is Outcome.TIMEOUT
    assert elapsed < 2 + 1, f"a 2 s timeout took {elapsed:.2f} s"
    assert "test_wait_forever" in verdict.summary
    assert verdict.problem is not None
    lines = {frame.line for frame in verdict.problem.frames if frame.in_learner_code}
    assert lines & {13, 14, 15}, "the line of the loop is shown"
    grandchild = int((verdicts / ".drills/runs/endless/grandchild.pid").read_text())
    # Killed with its group; on a busy machine dying takes the kernel a moment.
    wait_for(lambda: not process_alive(grandchild), seconds=1)


def test_output_is_captured_and_capped(verdicts: Path, launcher: Launcher) -> None:
    verdict = run(verdicts, "noisy", launcher)
    output = verdict.failing()[0].output
    assert output.startswith("line 0\n")
    assert len(output) < 110_000, "a check's output is capped"
    assert "trimmed" in output
    written = (verdicts / verdict.output_file).read_text()
    assert written.startswith("--- test_shout ---\nline 0\n"), "the output file has it all"


def test_pythonoptimize_in_the_learners_environment_does_not_strip_the_checks(
    verdicts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONOPTIMIZE", "2")
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:persistence_drills.engine.report")
    warm = ServiceLauncher(verdicts / ".drills", wait=True)  # started with that environment too
    warm.hold()
    try:
        for launcher in (SubprocessLauncher(), warm):
            assert run(verdicts, "failing", launcher).outcome is Outcome.FAILED
            assert run(verdicts, "passing", launcher).outcome is Outcome.PASSED
    finally:
        warm.close()


FORGER = """
import json
import os
import sys


def leave() -> None:
    # TODO: return instead
    with open(sys.argv[1]) as job_file:
        job = json.load(job_file)
    fake = {"token": os.environ.get("DRILLS_REPORT_TOKEN", ""), "collect_errors": [],
            "checks": [{"name": "test_leave", "outcome": "passed"}], "exitstatus": 0}
    with open(job["report"], "w") as report:
        json.dump(fake, report)
    os._exit(0)


"""


def test_a_forged_report_without_the_token_is_ignored(verdicts: Path, launcher: Launcher) -> None:
    """Learner code that writes a passing report of its own still does not pass."""
    path = verdicts / "drills" / "00_cases" / "os_exit.py"
    checks = path.read_text().split(SEPARATOR, 1)[1]
    path.write_text(FORGER + SEPARATOR + checks)
    assert run(verdicts, "os_exit", launcher).outcome is Outcome.CRASHED


def test_each_run_starts_in_a_fresh_folder_that_is_kept(verdicts: Path) -> None:
    leftover = verdicts / ".drills" / "runs" / "passing" / "old.db"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("stale")
    run(verdicts, "passing")
    run_dir = verdicts / ".drills" / "runs" / "passing"
    assert not leftover.exists()
    assert (run_dir / "passing.py").is_file(), "the folder stays for the learner to inspect"
    private = {p.name for p in run_dir.parent.iterdir() if p.name.startswith(".passing")}
    kept = {".passing.lock", ".passing.output.txt", ".passing.failed.txt"}
    assert private == kept, "only the lock, the output and the failing checks' names"


def test_a_cancelled_run_has_no_verdict_and_stops_at_once(
    verdicts: Path, launcher: Launcher
) -> None:
    ws = Workspace(verdicts)
    drill = load_manifest(ws.manifest_path).find("endless")
    started = time.monotonic()
    handle = Runner(ws, launcher=launcher).start(drill)
    time.sleep(0.3)
    handle.cancel()
    assert handle.wait() is None
    assert time.monotonic() - started < 0.9


def test_the_child_does_not_see_the_learners_python_settings(
    verdicts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONSTARTUP", os.devnull)
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin_anywhere")
    assert run(verdicts, "passing").passed


@pytest.mark.slow
def test_a_zygote_prepared_ahead_gives_the_same_verdict_and_output(
    verdicts: Path, tmp_path: Path
) -> None:
    """The second and later runs of one drill start in a zygote built while the first ran."""
    launcher = ServiceLauncher(tmp_path / "service", zygote=True, wait=True)
    launcher.hold()
    try:
        first, *later = [run(verdicts, "noisy", launcher) for _ in range(3)]
    finally:
        launcher.close()
    assert first.failing()[0].output.startswith("line 0\n")
    for verdict in later:
        assert verdict.outcome is first.outcome
        assert verdict.failing()[0].output == first.failing()[0].output
        assert verdict.output == first.output


def test_a_timeout_shows_the_looping_line_whatever_the_workspace_is_called(
    tmp_path: Path, launcher: Launcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRILLS_POSTGRES_URL", UNREACHABLE_POSTGRES)
    folder = tmp_path / "Übungen für Jürgen"
    folder.mkdir()
    workspace = copy_fixture("verdicts", folder)
    verdict = run(workspace, "endless", launcher)
    assert verdict.outcome is Outcome.TIMEOUT
    assert verdict.problem is not None
    lines = {frame.line for frame in verdict.problem.frames if frame.in_learner_code}
    assert lines & {13, 14, 15}, "the line of the loop is shown"


def test_a_misspelt_name_gets_pythons_own_suggestion(verdicts: Path) -> None:
    path = verdicts / "drills/00_cases/failing.py"
    text = path.read_text()
    code, checks = text.split(SEPARATOR, 1)
    misspelt = "import json\n\n\ndef total(values):\n    # TODO\n    return jsno.dumps(values)\n\n"
    path.write_text(code.split("def ", 1)[0] + misspelt + SEPARATOR + checks)
    verdict = run(verdicts, "failing")
    messages = [check.message for check in verdict.failing()]
    assert any("Did you mean: 'json'?" in message for message in messages), messages


# --- the runs folder, in memory ---------------------------------------------------------------

in_memory_only = pytest.mark.skipif(memory.folder() is None, reason="no file system in memory")


@in_memory_only
def test_a_new_workspace_runs_in_memory_behind_the_same_paths(verdicts: Path) -> None:
    runs = verdicts / ".drills" / "runs"
    assert run(verdicts, "passing").passed
    assert runs.is_symlink() and Path(os.readlink(runs)).parent == memory.folder()
    assert (runs / "passing" / "passing.py").is_file(), "the learner's paths work through it"


def test_with_memory_switched_off_the_runs_folder_is_a_plain_one(
    verdicts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(memory.VARIABLE, "0")
    assert run(verdicts, "passing").passed
    runs = verdicts / ".drills" / "runs"
    assert runs.is_dir() and not runs.is_symlink()


@in_memory_only
def test_after_a_reboot_emptied_memory_the_next_run_makes_it_again(verdicts: Path) -> None:
    assert run(verdicts, "passing").passed
    runs = verdicts / ".drills" / "runs"
    shutil.rmtree(os.readlink(runs))  # what a reboot does to /dev/shm
    assert run(verdicts, "passing").passed
    assert (runs / "passing" / "passing.py").is_file()


@in_memory_only
def test_the_runs_folder_of_a_deleted_workspace_goes_when_another_is_made(
    tmp_path: Path,
) -> None:
    first = copy_fixture("verdicts", tmp_path / "first")
    assert run(first, "passing").passed
    target = Path(os.readlink(first / ".drills" / "runs"))
    shutil.rmtree(first)
    second = copy_fixture("verdicts", tmp_path / "second")
    assert run(second, "passing").passed
    assert not target.exists(), "moved aside at once"
    wait_for(lambda: not list(target.parent.glob(f"{runs_folder.TRASH}{target.name}-*")))


@in_memory_only
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs another user: root")
def test_a_folder_in_memory_that_somebody_else_made_first_is_not_used(verdicts: Path) -> None:
    runs = verdicts / ".drills" / "runs"
    folder = memory.folder()
    assert folder is not None
    planted = folder / f"{runs_folder.PREFIX}{os.getuid()}-{runs_folder._tag(runs)}"
    planted.mkdir(mode=0o777)
    try:
        os.chown(planted, 65534, 65534)  # nobody's
        assert run(verdicts, "passing").passed
        assert runs.is_dir() and not runs.is_symlink(), "a plain folder instead"
    finally:
        shutil.rmtree(planted)


def test_a_one_shot_run_starts_the_warm_service_only_once_it_is_over(verdicts: Path) -> None:
    """Its warm-up would share the two cores with the run it cannot serve any more."""
    import socket as sockets

    from persistence_drills.engine import protocol

    workspace = Workspace(verdicts)
    launcher = ServiceLauncher(workspace.runtime_dir, linger=1, zygote=True, start_after=True)
    runner = Runner(workspace, launcher=launcher)
    assert launcher.folder is not None
    address = str(launcher.folder / protocol.SOCKET_NAME)

    def service_up() -> bool:
        with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as probe:
            return probe.connect_ex(address) == 0

    assert runner.run(load_manifest(workspace.manifest_path).find("passing")).passed
    assert not service_up(), "no service started while the run ran"
    runner.close()
    wait_for(service_up, seconds=30)
