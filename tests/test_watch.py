"""Watch mode driven in a real pseudo-terminal, as a learner drives it."""

from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path

import pexpect
import pytest

from conftest import DRILLS, drills, process_alive, started_pids, wait_for

WELCOME = Path("drills/00_intro/welcome.py")


def spawn(workspace: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        str(DRILLS),
        list(args),
        cwd=str(workspace),
        dimensions=(60, 140),
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"},
        timeout=15,
    )
    return child


def loose(text: str) -> str:
    """A pattern for `text` that allows the styling escapes rich puts between words."""
    return r"(?:\x1b\[[0-9;]*m|\s)+".join(re.escape(word) for word in text.split())


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def answer(workspace: Path, returned: str) -> str:
    """The welcome drill with its TODO replaced by `return <returned>`."""
    solution = (workspace / "solutions/00_intro/welcome.py").read_text()
    return solution.replace('    return "Hello, persistence!"', f"    return {returned}")


def quit_app(child: pexpect.spawn) -> None:
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_save_wrong_then_right_then_move_on_with_hints(learner: Path) -> None:
    child = spawn(learner)
    child.expect("run 1")
    child.expect("welcome fails")  # the first verdict comes without a key press
    save(learner / WELCOME, answer(learner, '"Hello"'))
    child.expect(re.escape("assert 'Hello' == 'Hello, persistence!'"))
    child.send("h")
    child.expect("Hint 1 of 2:")
    child.send("n")
    child.expect("n moves on once this drill passes")
    save(learner / WELCOME, answer(learner, '"Hello, persistence!"'))
    child.expect("welcome passes")
    child.expect(loose("The reference solution"))
    child.expect(loose("Done! Keep experimenting, or press n for the next drill."))
    child.send("n")
    child.expect(loose("Current drill: pickle_person"))
    child.expect("pickle_person fails")
    quit_app(child)
    data = json.loads((learner / ".drills/state.json").read_text())
    assert data["current"] == "pickle_person"
    assert data["drills"]["welcome"]["done"] is True


def test_x_then_y_resets_the_drill(learner: Path) -> None:
    path = learner / WELCOME
    shipped = path.read_text()
    save(path, answer(learner, '"mine"'))
    child = spawn(learner)
    child.expect("welcome fails")
    child.send("x")
    child.expect("Reset welcome to the shipped version?")
    child.send("n")  # any other key keeps it
    child.expect("welcome fails")
    assert '"mine"' in path.read_text()
    child.send("x")
    child.expect("Reset welcome to the shipped version?")
    child.send("y")
    child.expect("welcome is back as shipped")
    child.expect("welcome fails")
    quit_app(child)
    assert path.read_text() == shipped
    backups = list((learner / ".drills/backups").glob("welcome-*.py"))
    assert len(backups) == 1 and '"mine"' in backups[0].read_text()


def test_an_atomic_rename_save_runs_once(learner: Path) -> None:
    child = spawn(learner)
    child.expect("run 1")
    child.expect("welcome fails")
    temporary = learner / "drills/00_intro/welcome.py.tmp"
    save(temporary, answer(learner, '"Hello, persistence!"'))
    os.replace(temporary, learner / WELCOME)  # how vim and JetBrains save
    child.expect("run 2")
    child.expect("welcome passes")
    with pytest.raises(pexpect.TIMEOUT):
        child.expect("run 3", timeout=1.5)
    quit_app(child)


def test_a_burst_of_saves_ends_with_one_verdict_for_the_last_content(learner: Path) -> None:
    child = spawn(learner)
    child.expect("welcome fails")
    child.expect("·")
    for number in range(19):
        save(learner / WELCOME, answer(learner, f'"draft {number}"'))
        time.sleep(0.01)
    save(learner / WELCOME, answer(learner, '"Hello, persistence!"'))
    child.expect("welcome passes")
    # Nothing older shows up afterwards, and no further run starts.
    with pytest.raises(pexpect.TIMEOUT):
        child.expect(["welcome fails", "checking…"], timeout=1.5)
    quit_app(child)
    assert json.loads((learner / ".drills/state.json").read_text())["drills"]["welcome"]["done"]


def test_other_files_do_not_trigger_a_run(learner: Path) -> None:
    child = spawn(learner)
    child.expect("run 1")
    save(learner / "drills/01_serialization/json_book.py", "# edited elsewhere\n")
    save(learner / "drills/00_intro/welcome.py~", "backup\n")
    with pytest.raises(pexpect.TIMEOUT):
        child.expect("run 2", timeout=1.5)
    child.send("r")
    child.expect("run 2")
    quit_app(child)


def test_l_picks_a_drill_to_continue_at(learner: Path) -> None:
    child = spawn(learner)
    child.expect("welcome fails")
    child.send("l")
    child.expect("Pick a drill")
    child.send("jj")
    child.send("\r")
    child.expect(loose("Current drill: json_book"))
    child.expect("json_book fails")
    quit_app(child)


@pytest.mark.slow
def test_c_checks_every_drill(verdicts: Path) -> None:
    child = spawn(verdicts)
    child.expect("passing passes")
    child.send("c")
    child.expect("Checking every drill")
    child.expect(r"Checked every drill: 1 of 17 done\. Pending: failing, ", timeout=60)
    quit_app(child)


def test_quitting_leaves_a_sane_terminal(learner: Path) -> None:
    for leave in ("q", "\x03"):  # the q key, and Ctrl-C
        shell = pexpect.spawn(
            "bash",
            ["--norc", "--noprofile"],
            cwd=str(learner),
            encoding="utf-8",
            dimensions=(60, 140),
            timeout=15,
            env={**os.environ, "PS1": "$ ", "NO_COLOR": "1"},
        )
        shell.expect(r"\$ ")
        shell.sendline(str(DRILLS))
        shell.expect("welcome fails")
        shell.send(leave)
        shell.expect(r"\$ ")
        shell.sendline("stty -a; echo status=$?")
        shell.expect(r"status=0")
        settings = shell.before
        assert re.search(r"(?<!-)icanon", settings), settings
        assert re.search(r"(?<!-)\becho\b", settings), settings
        shell.sendline("exit")
        shell.expect(pexpect.EOF)


def test_manual_mode_waits_for_r(learner: Path) -> None:
    child = spawn(learner, "watch", "--manual")
    child.expect("Manual mode")
    child.expect("welcome fails")
    save(learner / WELCOME, answer(learner, '"Hello, persistence!"'))
    with pytest.raises(pexpect.TIMEOUT):
        child.expect("welcome passes", timeout=1.5)
    child.send("r")
    child.expect("welcome passes")
    quit_app(child)


def test_polling_still_sees_saves(learner: Path) -> None:
    child = spawn(learner, "watch", "--poll")
    child.expect("welcome fails")
    save(learner / WELCOME, answer(learner, '"Hello, persistence!"'))
    child.expect("welcome passes")
    quit_app(child)


def test_without_a_terminal_watch_mode_says_so(learner: Path) -> None:
    for args in ((), ("watch",)):
        shown = drills(*args, cwd=learner)
        assert shown.returncode == 2
        assert "needs a terminal" in shown.stderr
        assert "drills run" in shown.stderr


def test_a_resized_terminal_is_redrawn(learner: Path) -> None:
    child = spawn(learner)
    child.expect("welcome fails")
    child.expect("quit")
    child.setwinsize(30, 90)  # the terminal sends SIGWINCH
    child.expect("welcome fails")
    child.expect("quit")
    quit_app(child)


def test_a_short_terminal_still_shows_the_header_and_the_keys(learner: Path) -> None:
    child = pexpect.spawn(
        str(DRILLS),
        cwd=str(learner),
        dimensions=(14, 100),
        encoding="utf-8",
        timeout=15,
        env={**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"},
    )
    child.expect("persistence-drills")
    child.expect("welcome fails")
    child.expect("more lines below")
    child.expect("quit")
    child.send("\x1b[6~")  # PgDn: the rest of the verdict scrolls into view
    child.expect("more lines above")
    quit_app(child)


def test_at_80_by_24_the_first_screen_shows_the_line_to_change_and_the_next_step(
    learner: Path,
) -> None:
    child = pexpect.spawn(
        str(DRILLS),
        cwd=str(learner),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=15,
        env={**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"},
    )
    child.expect("Welcome to persistence-drills")  # the first run's welcome message
    child.expect("welcome fails")
    child.expect(loose("raise NotImplementedError"))
    child.expect(loose("press h for hint 1 of 2"))
    child.expect("quit")
    quit_app(child)


def test_a_reset_that_cannot_be_done_is_said_on_screen(verdicts: Path) -> None:
    child = spawn(verdicts)
    child.expect("passing passes")
    child.send("x")
    child.expect("Reset passing to the shipped version?")
    child.send("y")
    child.expect(loose("Could not reset passing"))
    assert "passing passes" in child.before, "the verdict stays on the screen, the note below it"
    quit_app(child)


def bash_in(workspace: Path) -> pexpect.spawn:
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile"],
        cwd=str(workspace),
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=20,
        env={**os.environ, "PS1": "$ ", "NO_COLOR": "1"},
    )
    shell.expect(r"\$ ")
    return shell


def test_a_save_during_a_looping_check_gets_its_verdict_at_once(learner: Path) -> None:
    child = spawn(learner)
    child.expect("welcome fails")
    save(learner / WELCOME, answer(learner, "__import__('time').sleep(60)"))
    child.expect("checking…")
    time.sleep(0.5)  # the looping check is well under way
    started = time.monotonic()
    save(learner / WELCOME, answer(learner, '"Hello, persistence!"'))
    child.expect("welcome passes")
    assert time.monotonic() - started < 1.5, "the stuck run was not cancelled at once"
    started = time.monotonic()
    quit_app(child)
    assert time.monotonic() - started < 1.5


def test_q_during_check_all_quits_at_once_and_stops_every_run(verdicts: Path) -> None:
    child = spawn(verdicts)
    child.expect("passing passes")
    child.send("c")
    run_folder = verdicts / ".drills/runs/endless"
    pids = started_pids(run_folder, seconds=30)
    started = time.monotonic()
    quit_app(child)
    assert time.monotonic() - started < 1.5
    wait_for(lambda: not any(process_alive(pid) for pid in pids), seconds=1)


def test_ctrl_z_then_fg_keeps_single_keys(learner: Path) -> None:
    shell = bash_in(learner)
    shell.sendline("set -m")
    shell.expect(r"\$ ")
    shell.sendline(str(DRILLS))
    shell.expect("welcome fails")
    shell.sendcontrol("z")
    shell.expect(r"Stopped")
    shell.expect(r"\$ ")
    shell.sendline("stty -a; echo status=$?")
    shell.expect(r"status=0")
    assert re.search(r"(?<!-)icanon", shell.before), "the shell gets its terminal back"
    shell.sendline("fg")
    shell.expect("welcome fails")
    shell.send("h")  # no Enter: single keys again
    shell.expect("Hint 1 of 2:")
    shell.send("q")
    shell.expect(r"\$ ")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


def test_a_file_written_in_two_steps_is_judged_once_complete(learner: Path) -> None:
    """An editor that truncates the file, then writes it: the empty file in between is never
    the verdict (it would say the checks are missing) nor recorded."""
    child = spawn(learner)
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect("welcome fails")
    done = answer(learner, '"Hello, persistence!"')
    for _ in range(5):
        with open(learner / WELCOME, "w", encoding="utf-8") as handle:
            handle.flush()
            time.sleep(0.02)
            handle.write(done)
        child.expect("welcome passes")
        save(learner / WELCOME, answer(learner, '"nope"'))
        child.expect("welcome fails")
    quit_app(child)
    assert "separator line" not in seen.getvalue(), "the half-written file was judged"


def test_a_goto_in_another_terminal_moves_the_watch_session(learner: Path) -> None:
    child = spawn(learner)
    child.expect("welcome fails")
    assert drills("goto", "json_book", cwd=learner).returncode == 0
    child.expect(loose("Current drill: json_book"), timeout=5)
    child.expect("from another terminal")
    child.expect("json_book fails")
    quit_app(child)
    assert json.loads((learner / ".drills/state.json").read_text())["current"] == "json_book"
