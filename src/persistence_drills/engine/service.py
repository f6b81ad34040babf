"""The warm service: imports the heavy parts once, then forks a fresh child for every run.

    python -E -P -B -m persistence_drills.engine.service FOLDER

A plain child spends ~300 ms starting Python and importing pytest before a check can run.
This process pays that once (with SQLAlchemy, pydantic and PyYAML, which drills import too),
freezes its heap so that the children's garbage collector skips it, and serves runs over the
workspace's socket (protocol.py) to every runner process: watch mode, `drills run`, `verify`.
After a run it can fork a zygote that builds pytest's configuration for the same job ahead
of the learner's next save. Once idle, it stays up for the idle period the last client asked
for (DRILLS_PG_LINGER for one-shot commands), then exits.

One thread only: a child is forked from a process with no other threads, so no lock can be
held by a thread that does not exist in the child.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from persistence_drills import trace
from persistence_drills.engine import protocol
from persistence_drills.engine.job import Job

STARTUP_GRACE = 10.0  # seconds to wait for the first client after starting (at least)


# --- in a forked child ------------------------------------------------------------------------


def become_run(request: dict[str, Any], output: int, inherited: bool = True) -> None:
    """A session of its own, the run's output pipe, folder and environment; nothing of ours
    (`inherited`: the service's descriptors are still open; a zygote closed them already)."""
    os.setsid()
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.dup2(output, 1)
    os.dup2(output, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    if inherited:
        os.closerange(3, _max_fd())  # the service's sockets are none of the run's business
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["drills-run", request["job"]]


def serve_child(request: dict[str, Any], output: int, config: object = None) -> None:
    """Become an isolated run, then run the job. Never returns."""
    code = 70
    try:
        become_run(request, output, inherited=config is None)
        from persistence_drills.engine.child import run_job

        code = run_job(Job.from_json(Path(request["job"]).read_text(encoding="utf-8")), config)
    except BaseException:  # the parent only sees the exit status; say why on the output
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve_command(request: dict[str, Any], fds: list[int]) -> None:
    """In a forked child: run a whole `drills` command for a client, on its terminal, in its
    folder and environment, as if it had been started there. Never returns."""
    code: int = 1
    try:
        trace.restart()
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(3, _max_fd())
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.umask(int(request.get("umask", 0o022)))
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        sys.argv = ["drills", *request["command"]]
        from persistence_drills.cli import main as run_command

        trace.mark("the forked command starts")
        run_command()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        with contextlib.suppress(Exception):
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _max_fd() -> int:
    with contextlib.suppress(ValueError, OSError):
        return int(os.sysconf("SC_OPEN_MAX"))
    return 1024


@dataclass
class Zygote:
    """A child forked ahead of the next save, its pytest configuration already built.

    A learner saves the same drill again and again, and building pytest's configuration takes
    ~20 ms of every run: a zygote does it while the learner is still typing, then waits on its
    socket for the request and the output pipe. A request for another job discards it.
    """

    pid: int
    channel: socket.socket
    job_text: str

    @classmethod
    def spawn(cls, job_text: str) -> Zygote:
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            _zygote_main(theirs, job_text)
        theirs.close()
        return cls(pid, ours, job_text)

    def start(self, line: bytes, output: int) -> int:
        socket.send_fds(self.channel, [line], [output])
        self.channel.close()
        return self.pid

    def discard(self) -> None:
        self.channel.close()  # end of file: the zygote exits, and is reaped like any child


def _zygote_main(channel: socket.socket, job_text: str) -> None:
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    keep = channel.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, _max_fd())
    config = None
    with contextlib.suppress(Exception):  # no head start then: the run builds it itself
        from persistence_drills.engine.child import prepare_config

        config = prepare_config(Job.from_json(job_text))
    data, fds, _, _ = socket.recv_fds(channel, 1 << 20, 1)
    if not fds:
        os._exit(0)  # discarded
    serve_child(protocol.decode(data), fds[0], config)


# --- the service ---------------------------------------------------------------------------------


@dataclass
class Client:
    connection: socket.socket
    buffer: bytes = b""
    fds: list[int] = field(default_factory=list)  # what came with the request, until it starts
    pid: int | None = None  # the run's child, once started
    linger: float = 0.0
    hold: bool = False
    zygote_job: str = ""  # after the run, prepare a zygote for this job


@dataclass
class Service:
    folder: Path
    listener: socket.socket
    selector: selectors.BaseSelector = field(default_factory=selectors.DefaultSelector)
    clients: dict[int, Client] = field(default_factory=dict)  # by the connection's fd
    runs: dict[int, Client] = field(default_factory=dict)  # by the child's pid
    zygote: Zygote | None = None
    # While nobody has used it yet: main() gives it its starter's idle period, if longer.
    deadline: float = field(default_factory=lambda: time.monotonic() + STARTUP_GRACE)

    def serve(self) -> None:
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector.register(self.listener, selectors.EVENT_READ, "listen")
        self.selector.register(wake_read, selectors.EVENT_READ, "wake")
        while True:
            idle = not self.clients and not self.runs
            if idle and time.monotonic() >= self.deadline:
                break
            timeout = max(0.0, self.deadline - time.monotonic()) if idle else None
            for key, _ in self.selector.select(timeout):
                if key.data == "listen":
                    self.accept()
                elif key.data == "wake":
                    with contextlib.suppress(BlockingIOError):
                        os.read(wake_read, 512)
                else:
                    self.receive(self.clients[key.fd])
            self.reap()
        if self.zygote is not None:
            self.zygote.discard()

    def accept(self) -> None:
        with contextlib.suppress(BlockingIOError):
            connection, _ = self.listener.accept()
            connection.setblocking(False)
            self.clients[connection.fileno()] = Client(connection)
            self.selector.register(connection, selectors.EVENT_READ, "client")

    def receive(self, client: Client) -> None:
        try:
            data, fds, _, _ = socket.recv_fds(client.connection, 1 << 20, 3)
        except BlockingIOError:
            return
        except OSError:
            data, fds = b"", []
        client.fds += fds
        if not data:  # the client left: a run it still waits for is cancelled
            self.forget(client, cancelled=True)
            return
        client.buffer += data
        if client.pid is None and b"\n" in client.buffer:
            line, _, client.buffer = client.buffer.partition(b"\n")
            try:
                self.start(client, line)
            except (ValueError, KeyError, OSError) as error:
                print(f"service: bad request: {error}", file=sys.stderr, flush=True)
                self.forget(client, cancelled=True)

    def start(self, client: Client, line: bytes) -> None:
        request = protocol.decode(line)
        client.linger = float(request.get("linger", 0))
        if request.get("hold"):
            client.hold = True
            return
        if "command" in request:
            if len(client.fds) != 3:
                raise ValueError("a command comes with stdin, stdout and stderr")
            pid = os.fork()
            if pid == 0:
                serve_command(request, client.fds)
        else:
            if len(client.fds) != 1:
                raise ValueError("no output pipe came with the request")
            pid = self.start_run(client, request, line)
        for fd in client.fds:
            os.close(fd)
        client.fds = []
        client.pid = pid
        self.runs[pid] = client
        self.send(client, {"pid": pid})

    def start_run(self, client: Client, request: dict[str, Any], line: bytes) -> int:
        job_text = Path(request["job"]).read_text(encoding="utf-8")
        zygote, self.zygote = self.zygote, None
        client.zygote_job = job_text if request.get("zygote") else ""
        if zygote is not None and zygote.job_text == job_text:
            return zygote.start(line + b"\n", client.fds[0])
        if zygote is not None:
            zygote.discard()
        pid = os.fork()
        if pid == 0:
            serve_child(request, client.fds[0])
        return pid

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            client = self.runs.pop(pid, None)
            if client is None:
                continue  # a zygote that was discarded
            self.send(client, {"pid": pid, "status": os.waitstatus_to_exitcode(status)})
            self.forget(client, cancelled=False)
            if client.zygote_job and self.zygote is None:
                self.zygote = Zygote.spawn(client.zygote_job)

    def send(self, client: Client, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            client.connection.setblocking(True)
            client.connection.sendall(protocol.encode(message))
            client.connection.setblocking(False)

    def forget(self, client: Client, cancelled: bool) -> None:
        """The client's business is over: its connection goes, a running child is killed."""
        if cancelled and client.pid is not None and self.runs.get(client.pid) is client:
            for kill in (os.killpg, os.kill):
                with contextlib.suppress(OSError):
                    kill(client.pid, signal.SIGKILL)
        for fd in client.fds:
            os.close(fd)
        client.fds = []
        if client.connection.fileno() in self.clients:
            del self.clients[client.connection.fileno()]
            self.selector.unregister(client.connection)
            client.connection.close()
        self.deadline = max(self.deadline, time.monotonic() + client.linger)


def main() -> None:
    """python -m persistence_drills.engine.service FOLDER [LINGER]: LINGER is the idle period
    of the command that starts it, which has already run its checks without it by then; the
    next command, a minute of editing later, should still find it up."""
    folder = Path(sys.argv[1])
    linger = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    import fcntl

    lock = open(folder / protocol.LOCK_NAME, "a+b")  # noqa: SIM115 - held for life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another service won the race
    from persistence_drills.engine.warmup import warm_up

    warm_up()
    path = folder / protocol.SOCKET_NAME
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a socket left by a service that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(64)
    listener.setblocking(False)
    try:
        Service(folder, listener, deadline=time.monotonic() + max(STARTUP_GRACE, linger)).serve()
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        listener.close()


if __name__ == "__main__":
    main()
