"""Handing a command to the workspace's warm service (protocol.py), and waiting for its end.

Returns None whenever the service cannot take it (none is up, no Unix sockets, an error on
the way): the command then runs in this process as usual. Light on purpose: this module and
what it imports are all a served command costs before the service has it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys

from persistence_drills import trace
from persistence_drills.engine import protocol

# typing itself costs ~4 ms to import, paid by every served command; mypy reads this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any


def forward(argv: list[str]) -> int | None:
    from persistence_drills.errors import WorkspaceError
    from persistence_drills.workspace import find_workspace

    try:
        folder = protocol.service_folder(find_workspace().runtime_dir)
    except (WorkspaceError, OSError):
        return None
    if folder is None:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(folder / protocol.SOCKET_NAME))
        umask = os.umask(0o022)
        os.umask(umask)
        request = {"command": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask}
        socket.send_fds(connection, [protocol.encode(request)], [0, 1, 2])
        messages = _Messages(connection)
        pid = int(messages.next()["pid"])
        trace.mark(f"the service runs the command as process {pid}")
    except (OSError, ValueError, KeyError):
        connection.close()
        return None
    return _wait(messages, pid)


def _wait(messages: _Messages, pid: int) -> int:
    """The command's exit status; Ctrl-C (and SIGTERM, SIGHUP) go on to it meanwhile."""

    def pass_on(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(OSError):  # it has just ended
            os.kill(pid, signum)

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), pass_on)
    try:
        while True:
            message = messages.next()
            if "status" in message:
                status = int(message["status"])
                trace.mark("the command has ended")
                return 128 - status if status < 0 else status
    except (OSError, ValueError):
        print(
            "drills: the warm service stopped in the middle of the command. Run it again.",
            file=sys.stderr,
        )
        return 3
    finally:
        messages.connection.close()


class _Messages:
    """The service's answers, one JSON line each."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection
        self.buffer = b""

    def next(self) -> dict[str, Any]:
        while b"\n" not in self.buffer:
            chunk = self.connection.recv(4096)
            if not chunk:
                raise OSError("the service closed the connection")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return protocol.decode(line)
