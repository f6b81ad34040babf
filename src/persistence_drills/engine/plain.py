"""The plain launcher: a fresh `python -m persistence_drills.engine.child JOB` per run.

Slower (the child imports pytest every time) but it works everywhere; the warm service falls
back to it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

from persistence_drills.engine.child import STACK_SIGNAL
from persistence_drills.engine.launcher import CappedReader, ChildProcess
from persistence_drills.interpreter import python_module

CHILD_MODULE = "persistence_drills.engine.child"
NEW_GROUP_FLAG: int = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)  # Windows only


class SubprocessChild:
    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        assert popen.stdout is not None
        self.reader = CappedReader(popen.stdout)

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout=max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            with contextlib.suppress(OSError):
                self.popen.kill()

    def dump_stack(self) -> None:
        if STACK_SIGNAL is not None:
            with contextlib.suppress(OSError):
                self.popen.send_signal(STACK_SIGNAL)

    def output(self) -> str:
        return self.reader.text()


class SubprocessLauncher:
    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess:
        posix = os.name == "posix"
        popen = subprocess.Popen(
            python_module(CHILD_MODULE, str(job_file)),
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

    def close(self) -> None:
        pass
