"""How a run's child process is started and watched, whichever way: the Launcher seam.

Two launchers implement it: plain.SubprocessLauncher (a fresh Python per run, every platform)
and warm.ServiceLauncher (a fork of the warm service, falling back to the plain one).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import IO, Protocol

OUTPUT_LIMIT = 1_000_000  # kept whole for the learner to page through; a verdict shows less


class ChildProcess(Protocol):
    def wait(self, timeout: float) -> int | None:
        """The exit status, or None if the process still runs after `timeout` seconds."""
        ...

    def kill(self) -> None:
        """Kill the whole process group, grandchildren included; returns at once."""
        ...

    def dump_stack(self) -> None:
        """Ask the child to write its stack to the job's stack file (before a timeout kill)."""
        ...

    def output(self) -> str:
        """What the process printed, capped."""
        ...


class Launcher(Protocol):
    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess: ...

    def close(self) -> None: ...


class CappedReader(threading.Thread):
    """Drains a pipe so the child never blocks, keeping only the first OUTPUT_LIMIT bytes."""

    def __init__(self, pipe: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.pipe = pipe
        self.kept = bytearray()
        self.dropped = 0
        self.start()

    def run(self) -> None:
        with contextlib.suppress(OSError, ValueError), self.pipe:
            while chunk := os.read(self.pipe.fileno(), 65536):
                room = OUTPUT_LIMIT - len(self.kept)
                self.kept += chunk[:room]
                self.dropped += max(0, len(chunk) - room)

    def text(self) -> str:
        self.join(timeout=1)  # the pipe closes when the run's last process is gone
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[... {self.dropped} more bytes of output were not kept ...]"
        return text


def checks_environment() -> dict[str, str]:
    """The learner's environment without what would change how checks run.

    PYTHON* (PYTHONOPTIMIZE would strip every assert) and PYTEST_* (extra options, plugins)
    are dropped, and third-party plugins stay out: they cost startup time and could change
    outcomes. Used for plain children and for the warm service alike.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST_"))}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return env
