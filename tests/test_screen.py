"""The learner's screen, judged from outside: a real terminal (tmux, or pexpect's pty), a real
`drills`, the sizes of a small laptop (80x24) and a roomy one (120x40)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import DRILLS, drills

WELCOME = Path("drills/00_intro/welcome.py")
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def answer(workspace: Path, returned: str) -> str:
    solution = (workspace / "solutions/00_intro/welcome.py").read_text()
    return solution.replace('    return "Hello, persistence!"', f"    return {returned}")


def spawn(workspace: Path, rows: int, columns: int, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        str(DRILLS),
        list(args),
        cwd=str(workspace),
        dimensions=(rows, columns),
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"},
        timeout=20,
    )


def loose(text: str) -> str:
    return r"(?:\x1b\[[0-9;]*m|\s)+".join(re.escape(word) for word in text.split())


class Tmux:
    def __init__(self, workspace: Path, columns: int = 80, rows: int = 24) -> None:
        self.name = f"drills-test-{os.getpid()}-{time.monotonic_ns()}"
        self.run("new-session", "-d", "-s", self.name, "-x", str(columns), "-y", str(rows),
                 "-c", str(workspace), "bash --norc --noprofile")  # fmt: skip
        self.run("set-option", "-t", self.name, "history-limit", "5000")

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.name, text, "Enter")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def history(self) -> str:
        return self.run("capture-pane", "-p", "-S", "-", "-t", self.name)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@needs_tmux
def test_quitting_leaves_the_scrollback_as_it_was_plus_one_verdict(learner: Path) -> None:
    tmux = Tmux(learner)
    try:
        tmux.type("export PS1='$ ' NO_COLOR=1")
        tmux.type(f"clear; {DRILLS}")
        tmux.wait_for("welcome fails")
        for number in range(12):
            (learner / WELCOME).write_text(answer(learner, f'"draft {number}"'))
            tmux.wait_for(f"draft {number}")
        tmux.keys("q")
        tmux.wait_for("hint 1 of 2.\n$")  # the prompt again, right below the verdict
        history = tmux.history()
    finally:
        tmux.close()
    assert history.count("welcome fails") == 1, history
    assert "draft 11" in history, "the last verdict is printed once on the normal screen"
    assert "draft 3" not in history, "no earlier screen is left in the scrollback"
    lines = [line for line in history.splitlines() if line.strip()]
    assert len(lines) < 40, f"{len(lines)} lines of scrollback:\n{history}"


@needs_tmux
def test_at_80_by_24_the_welcome_drill_shows_its_line_and_the_next_step(learner: Path) -> None:
    tmux = Tmux(learner)
    try:
        tmux.type(f"NO_COLOR=1 {DRILLS}")
        shown = tmux.wait_for("welcome fails")
        shown = tmux.wait_for("quit")
        (learner / WELCOME).write_text(answer(learner, '"a first try"'))
        after_a_save = tmux.wait_for("a first try")
    finally:
        tmux.close()
    assert "Welcome to persistence-drills" not in after_a_save, "the welcome takes room for good"
    assert "raise NotImplementedError" in shown, shown
    assert "press h for hint 1 of 2" in shown, shown
    assert len(shown.splitlines()) <= 24
    # The welcome message is wrapped at the screen's width, not broken again where the
    # manifest's lines end ("... from pickle" / "files to PostgreSQL" / ...).
    welcome = shown.split("✗ welcome fails")[0].splitlines()[2:]
    ragged = [line for line in welcome[:-2] if line.strip() and len(line) < 60]
    assert not ragged, shown


def test_a_long_diff_is_shown_whole_with_its_sides_named(learner: Path) -> None:
    words = " ".join(f"word{number}" for number in range(60))
    (learner / WELCOME).write_text(answer(learner, repr(words)))
    shown = drills("run", "welcome", cwd=learner, env={"COLUMNS": "120"})
    assert "Use -v" not in shown.stdout and "-vv" not in shown.stdout, shown.stdout
    assert "what the check expects" in shown.stdout and "what your code gave" in shown.stdout
    assert "word59" in shown.stdout, "the end of the long value is there too"


def test_a_passing_runs_output_can_be_read(learner: Path) -> None:
    text = answer(learner, '"Hello, persistence!"').replace(
        "def greeting() -> str:", "def greeting() -> str:\n    print('it took 0.25 seconds')", 1
    )
    (learner / WELCOME).write_text(text)
    shown = drills("run", "welcome", cwd=learner)
    assert shown.returncode == 0, shown.stdout
    assert "What your code printed:" in shown.stdout
    assert "it took 0.25 seconds" in shown.stdout
    whole = drills("run", "welcome", "--output", cwd=learner)
    assert "it took 0.25 seconds" in whole.stdout


def test_the_solution_at_80_columns_shows_whole_lines(learner: Path) -> None:
    assert drills("goto", "bank_transfer", cwd=learner).returncode == 0
    child = spawn(learner, 200, 80, "solution", "--force")
    child.expect(pexpect.EOF)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\", "", child.before)
    solution = (learner / "solutions/02_sqlite/bank_transfer.py").read_text()
    longest = max(solution.split("# --- checks")[0].splitlines(), key=len).strip()
    # Each screen line without its line-number gutter, then all of it without blanks.
    flat = re.sub(r"\s", "", "".join(re.sub(r"^\s*\d*\s", "", line) for line in shown.splitlines()))
    assert re.sub(r"\s", "", longest) in flat, f"{longest!r} is cut:\n{shown}"


def test_the_solution_piped_is_the_code_as_it_is(learner: Path) -> None:
    shown = drills("solution", "bank_transfer", "--force", cwd=learner)
    solution = (learner / "solutions/02_sqlite/bank_transfer.py").read_text()
    assert shown.stdout == solution.split("\n# --- checks")[0].rstrip() + "\n"


def test_tab_completion_offers_drill_names(learner: Path) -> None:
    done = subprocess.run(
        [str(DRILLS)],
        cwd=learner,
        env={
            **os.environ,
            "_DRILLS_COMPLETE": "complete_bash",
            "COMP_WORDS": "drills run ba",
            "COMP_CWORD": "2",
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stdout.split() == ["batch_insert", "bank_transfer"], done.stdout + done.stderr


def test_d_shows_the_table_a_failing_drill_left_with_its_rows(learner: Path) -> None:
    path = learner / "drills/02_sqlite/products_crud.py"
    solution = (learner / "solutions/02_sqlite/products_crud.py").read_text()
    code, checks = solution.split("# --- checks", 1)
    # Every function right but deleting, which deletes nothing: the table keeps its rows.
    broken = code.replace(
        "DELETE FROM products WHERE id = ?", "DELETE FROM products WHERE 0 AND id = ?"
    )
    assert broken != code
    path.write_text(broken + "# --- checks" + checks)
    assert drills("goto", "products_crud", cwd=learner).returncode == 0
    child = spawn(learner, 40, 120)
    child.expect("products_crud fails")
    child.send("d")
    child.expect("What the last run of products_crud wrote")
    # The failing checks' databases come first, on the first screen.
    child.expect(loose("which failed)"))
    child.expect(loose("products (4 rows)"))
    child.expect("Tea")
    child.send("\x1b")
    child.expect("products_crud fails")
    child.send("q")
    child.expect(pexpect.EOF)


def test_drills_db_lists_what_the_failing_checks_made_first(learner: Path) -> None:
    path = learner / "drills/02_sqlite/products_crud.py"
    code, checks = (
        (learner / "solutions/02_sqlite/products_crud.py").read_text().split("# --- checks", 1)
    )
    # Only updating is wrong: the update checks fail, and their folders come after those of
    # the add and delete checks, which pass, in alphabetical order.
    broken = code.replace("UPDATE products SET price = ? WHERE id = ?", "SELECT ?, ?")
    assert broken != code
    path.write_text(broken + "# --- checks" + checks)
    assert drills("run", "products_crud", cwd=learner).returncode != 0
    shown = drills("db", "products_crud", cwd=learner).stdout
    made = re.findall(r"made by (\w+)(, which failed)?", shown)
    assert made, shown
    marks = [bool(mark) for _, mark in made]
    assert True in marks and False in marks, shown
    assert marks == sorted(marks, reverse=True), f"a passing check's database comes first:\n{shown}"
    assert ("test_update_price_changes_that_product_only", ", which failed") in made, shown
