"""Helpers shared by the tests: the real `drills` executable and copies of fixture workspaces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

# The runner's helpers (the warm service, the PostgreSQL server) stay up this long after the
# commands of a test, not the minute a learner gets: hundreds of test workspaces would keep
# hundreds of them alive. Tests of the idle period set their own.
os.environ.setdefault("DRILLS_PG_LINGER", "5")

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
DRILLS = Path(sys.executable).parent / "drills"


def drills(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the installed `drills` console script, as a learner would."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    return subprocess.run(
        [str(DRILLS), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def copy_fixture(name: str, target: Path) -> Path:
    """A fresh copy of tests/fixtures/<name>, so runs never write into the repository."""
    destination = target / name
    shutil.copytree(FIXTURES / name, destination, ignore=shutil.ignore_patterns(".drills"))
    return destination


def wait_for(condition: Callable[[], object], seconds: float = 15) -> None:
    """Wait until `condition()` is true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {seconds} s"
        time.sleep(0.05)


def started_pids(run_folder: Path, seconds: float = 60) -> list[int]:
    """The pids the `endless` fixture drill writes (its own, then its child's), once written."""

    def written() -> bool:
        return all(
            (run_folder / name).exists() and (run_folder / name).read_text().strip()
            for name in ("child.pid", "grandchild.pid")
        )

    wait_for(written, seconds=seconds)
    return [int((run_folder / name).read_text()) for name in ("child.pid", "grandchild.pid")]


def process_alive(pid: int) -> bool:
    """A process this test started (or one its drill started) still runs, zombies aside."""
    from persistence_drills.postgres.host import alive

    return alive(pid)


UNREACHABLE_POSTGRES = "postgresql://postgres@/postgres?host=/nonexistent"


@pytest.fixture
def verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workspace whose drills produce each verdict; `needs_postgres` gets no server."""
    monkeypatch.setenv("DRILLS_POSTGRES_URL", UNREACHABLE_POSTGRES)
    return copy_fixture("verdicts", tmp_path)


@pytest.fixture
def learner(tmp_path: Path) -> Path:
    """A workspace made by `drills init` from the installed package, as a new learner gets it."""
    done = drills("init", str(tmp_path / "ws"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "ws"
