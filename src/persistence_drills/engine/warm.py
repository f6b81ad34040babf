"""The client of the warm service (service.py): runs forked from a process that is ready.

A ServiceLauncher connects to the workspace's service for every run. When no service is up
it starts one in the background and runs this one the plain way, so that the first command
is never slower than a plain run and the next ones are fast; `wait=True` (verify, dev check:
many runs) waits for the service instead. Watch mode holds a connection open for its whole
session, which keeps the service up while it lasts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from persistence_drills.engine import protocol
from persistence_drills.engine.child import STACK_SIGNAL
from persistence_drills.engine.launcher import CappedReader, ChildProcess, checks_environment
from persistence_drills.engine.plain import SubprocessLauncher
from persistence_drills.interpreter import python_module

SERVICE_MODULE = "persistence_drills.engine.service"
READY_TIMEOUT = 20.0  # seconds to wait for a service that is warming up, when asked to


class ServiceChild:
    """A run forked by the service; its exit status arrives on its own connection."""

    def __init__(self, pid: int, connection: socket.socket, reader: CappedReader) -> None:
        self.pid = pid
        self.connection = connection
        self.reader = reader
        self.buffer = b""
        self.status: int | None = None

    def wait(self, timeout: float) -> int | None:
        deadline = time.monotonic() + max(timeout, 0)
        while self.status is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.connection.settimeout(remaining)
            try:
                data = self.connection.recv(4096)
            except TimeoutError:
                return None
            except OSError:
                data = b""
            if not data:  # the service went away: the run is as good as killed
                self.status = -signal.SIGKILL
                break
            self.buffer += data
            for line in self.buffer.split(b"\n")[:-1]:
                message = protocol.decode(line)
                if "status" in message:
                    self.status = int(message["status"])
            self.buffer = self.buffer.rsplit(b"\n", 1)[-1]
        self.connection.close()
        return self.status

    def kill(self) -> None:
        for kill in (os.killpg, os.kill):  # the group, or the child if it has none yet
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(self.pid, signal.SIGKILL)

    def dump_stack(self) -> None:
        if STACK_SIGNAL is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, STACK_SIGNAL)

    def output(self) -> str:
        return self.reader.text()


class ServiceLauncher:
    def __init__(
        self,
        runtime_dir: Path,
        linger: float = 0.0,
        zygote: bool = False,
        wait: bool = False,
        start_after: bool = False,
    ) -> None:
        """`start_after`: when no service is up, start it at close(), not at the first launch:
        a one-shot command's own run (and the PostgreSQL server's first start) would otherwise
        share two cores with the service's warm-up, which only the next command can use."""
        folder = protocol.service_folder(str(runtime_dir))
        self.folder = None if folder is None else Path(folder)
        self.linger = linger
        self.zygote = zygote
        self.wait = wait
        self.start_after = start_after
        self.wanted = False  # a service, at close()
        self.fallback = SubprocessLauncher()
        self.held: socket.socket | None = None

    def hold(self) -> None:
        """Keep the service up (starting it now) until close(): watch mode's whole session."""
        self.held = self._connect(wait=True)
        if self.held is not None:
            self.held.sendall(protocol.encode({"hold": True, "linger": self.linger}))

    def launch(self, job_file: Path, cwd: Path, env: dict[str, str]) -> ChildProcess:
        connection = self._connect(wait=self.wait, start=not self.start_after)
        if connection is None:
            self.wanted = self.start_after and self.folder is not None
            return self.fallback.launch(job_file, cwd, env)
        request = {
            "job": str(job_file),
            "cwd": str(cwd),
            "env": env,
            "linger": self.linger,
            "zygote": self.zygote,
        }
        read, write = os.pipe()
        try:
            socket.send_fds(connection, [protocol.encode(request)], [write])
            pid = self._started(connection)
        except (OSError, ValueError):
            connection.close()
            os.close(read)
            return self.fallback.launch(job_file, cwd, env)
        finally:
            os.close(write)
        return ServiceChild(pid, connection, CappedReader(open(read, "rb", buffering=0)))

    def close(self) -> None:
        if self.held is not None:
            self.held.close()
            self.held = None
        if self.wanted:
            self.wanted = False
            self._start_service()

    def _started(self, connection: socket.socket) -> int:
        connection.settimeout(10)
        line = b""
        while not line.endswith(b"\n"):
            chunk = connection.recv(4096)
            if not chunk:
                raise OSError("the service closed the connection")
            line += chunk
        return int(protocol.decode(line.split(b"\n", 1)[0])["pid"])

    def _connect(self, wait: bool, start: bool = True) -> socket.socket | None:
        if self.folder is None:
            return None
        deadline = time.monotonic() + (READY_TIMEOUT if wait else 0)
        started = False
        while True:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(str(self.folder / protocol.SOCKET_NAME))
                return connection
            except OSError:
                connection.close()
            if not start:
                return None
            if not started:
                self._start_service()
                started = True
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.02)

    def _start_service(self) -> None:
        """Start the service in the background, unless one is starting or running already."""
        import fcntl

        assert self.folder is not None
        with open(self.folder / protocol.LOCK_NAME, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # held: it is warming up
            fcntl.flock(lock, fcntl.LOCK_UN)
        with open(self.folder / "service.log", "ab") as log:
            subprocess.Popen(
                python_module(SERVICE_MODULE, str(self.folder), str(self.linger)),
                env=checks_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
