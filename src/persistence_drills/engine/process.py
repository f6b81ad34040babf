"""Child processes for runs: own process group, closed stdin, capped output, group kill.

The Launcher protocol is the seam for a warm worker that forks instead of starting Python
afresh; SubprocessLauncher is the plain path that works on every platform.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Protocol

OUTPUT_LIMIT = 16_000
CHILD_MODULE = "persistence_drills.engine.child"
NEW_GROUP_FLAG: int = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)  # Windows only


class ChildProcess(Protocol):
    def wait(self, timeout: float) -> int | None:
        """The exit status, or None if the process still runs after `timeout` seconds."""
        ...

    def kill(self) -> None:
        """Kill the whole process group, grandchildren included."""
        ...

    def output(self) -> str:
        """What the process printed, capped."""
        ...


class Launcher(Protocol):
    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess: ...


class CappedReader(threading.Thread):
    """Drains a pipe so the child never blocks, keeping only the first OUTPUT_LIMIT bytes."""

    def __init__(self, pipe: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.kept = bytearray()
        self.dropped = 0

    def run(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            while chunk := self.pipe.read1(65536):  # type: ignore[attr-defined]
                room = OUTPUT_LIMIT - len(self.kept)
                self.kept += chunk[:room]
                self.dropped += max(0, len(chunk) - room)

    def text(self) -> str:
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[... {self.dropped} more bytes of output not shown ...]"
        return text


class SubprocessChild:
    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        assert popen.stdout is not None
        self.reader = CappedReader(popen.stdout)
        self.reader.start()

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        kill_group(self.popen)

    def output(self) -> str:
        self.reader.join(timeout=1)
        return self.reader.text()


class SubprocessLauncher:
    """A fresh `python -I -B -m persistence_drills.engine.child` per run."""

    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess:
        # -I ignores PYTHON* variables (PYTHONOPTIMIZE would strip every assert) and the user's
        # site folder; -B keeps __pycache__ out of the learner's folders.
        command = [sys.executable, "-I", "-B", "-m", CHILD_MODULE, str(job_file)]
        posix = os.name == "posix"
        popen = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # A group of its own, so that a timeout kills whatever the drill started too.
            start_new_session=posix,
            creationflags=0 if posix else NEW_GROUP_FLAG,
        )
        return SubprocessChild(popen)


def kill_group(popen: subprocess.Popen[bytes]) -> None:
    """Kill the child and everything it started in its group; harmless if already gone."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        with contextlib.suppress(OSError):
            popen.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        popen.wait(timeout=5)
