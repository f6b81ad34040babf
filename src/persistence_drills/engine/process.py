"""Child processes for runs: own process group, closed stdin, capped output, group kill.

The Launcher protocol is the seam for a warm worker that forks instead of starting Python
afresh; SubprocessLauncher is the plain path that works on every platform.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Protocol

OUTPUT_LIMIT = 16_000
CHILD_MODULE = "persistence_drills.engine.child"
WORKER_MODULE = "persistence_drills.engine.worker"
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


class WarmChild:
    """A run forked by the warm worker; its exit status arrives on its own queue."""

    def __init__(self, pid: int, status: queue.Queue[int], output: Path) -> None:
        self.pid = pid
        self.status_queue = status
        self.output_file = output
        self.status: int | None = None

    def wait(self, timeout: float) -> int | None:
        if self.status is None:
            try:
                self.status = self.status_queue.get(timeout=max(timeout, 0))
            except queue.Empty:
                return None
        return self.status

    def kill(self) -> None:
        for kill in (os.killpg, os.kill):  # the group, or the child if it has none yet
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(self.pid, signal.SIGKILL)
        self.wait(5)

    def output(self) -> str:
        try:
            with open(self.output_file, "rb") as handle:
                data = handle.read(OUTPUT_LIMIT + 1)
            os.unlink(self.output_file)
        except OSError:
            return ""
        text = data[:OUTPUT_LIMIT].decode("utf-8", errors="replace")
        if len(data) > OUTPUT_LIMIT:
            text += "\n[... more output not shown ...]"
        return text


class WarmLauncher:
    """Runs through a warm worker process; falls back to plain children if it cannot.

    The worker runs one child at a time, which is what watch mode needs: a newer save cancels
    the running check (its status still arrives) before the next one starts.
    """

    def __init__(self) -> None:
        self.fallback = SubprocessLauncher()
        self.worker: subprocess.Popen[str] | None = None
        self.started: queue.Queue[tuple[int, queue.Queue[int]]] = queue.Queue()
        self.statuses: dict[int, queue.Queue[int]] = {}

    @staticmethod
    def available() -> bool:
        return hasattr(os, "fork") and os.name == "posix"

    def start(self) -> None:
        """Start the worker now, so that it is warm before the first save."""
        if self.worker is None and self.available():
            self.worker = subprocess.Popen(
                [sys.executable, "-I", "-B", "-m", WORKER_MODULE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env=checks_environment(),
            )
            threading.Thread(target=self._read_answers, args=(self.worker,), daemon=True).start()

    def _read_answers(self, worker: subprocess.Popen[str]) -> None:
        assert worker.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            for line in worker.stdout:
                answer = json.loads(line)
                pid = answer["pid"]
                if "status" in answer:
                    self.statuses.pop(pid, queue.Queue()).put(answer["status"])
                else:
                    # The status queue exists before anyone can wait for the status.
                    status: queue.Queue[int] = queue.Queue()
                    self.statuses[pid] = status
                    self.started.put((pid, status))

    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess:
        self.start()
        worker = self.worker
        if worker is None or worker.poll() is not None or worker.stdin is None:
            self.worker = None
            return self.fallback.launch(job_file, cwd, env)
        output = job_file.with_suffix(".out")
        request = {"job": str(job_file), "cwd": str(cwd), "env": env, "output": str(output)}
        try:
            worker.stdin.write(json.dumps(request) + "\n")
            worker.stdin.flush()
            pid, status = self.started.get(timeout=10)
        except (OSError, ValueError, queue.Empty):
            self.close()
            return self.fallback.launch(job_file, cwd, env)
        return WarmChild(pid, status, output)

    def close(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            with contextlib.suppress(OSError):
                if worker.stdin is not None:
                    worker.stdin.close()
            try:
                worker.wait(timeout=2)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def checks_environment() -> dict[str, str]:
    """The learner's environment without what would change how checks run.

    PYTHON* (PYTHONOPTIMIZE would strip every assert) and PYTEST_* (extra options, plugins)
    are dropped, and third-party plugins stay out: they cost startup time and could change
    outcomes. Used for plain children and for the warm worker alike.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST_"))}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return env
