"""Handing a command to the workspace's warm service (protocol.py), and waiting for its end.

Returns None whenever the service cannot take it (none is up, no Unix sockets, an error on
the way): the command then runs in this process as usual. Light on purpose: this module and
what it imports are all a served command costs before the service has it.
"""

from __future__ import annotations

import os
import sys

from persistence_drills import trace
from persistence_drills.engine import protocol
from persistence_drills.nearest import nearest_root

# typing itself costs ~4 ms to import, paid by every served command; mypy reads this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any


def forward(argv: list[str]) -> int | None:
    # What the socket and signal modules wrap, without their enums: ~10 ms less to import.
    import _socket
    import array

    try:
        root = nearest_root(os.getcwd())
        folder = None if root is None else protocol.service_folder(os.path.join(root, ".drills"))
    except OSError:
        return None
    if folder is None:
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(os.path.join(folder, protocol.SOCKET_NAME))
        umask = os.umask(0o022)
        os.umask(umask)
        request = {"command": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask}
        terminal = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))]
        connection.sendmsg([protocol.encode(request)], terminal)
        messages = _Messages(connection)
        pid = int(messages.next()["pid"])
        trace.mark(f"the service runs the command as process {pid}")
    except (OSError, ValueError, KeyError):
        connection.close()
        return None
    return _wait(messages, pid)


def _wait(messages: _Messages, pid: int) -> int:
    """The command's exit status; Ctrl-C (and SIGTERM, SIGHUP) go on to it meanwhile."""
    import _signal  # type: ignore[import-not-found]  # loaded at startup; signal adds enums

    def pass_on(signum: int, frame: FrameType | None) -> None:
        try:  # noqa: SIM105 - contextlib would cost ~3 ms to import, here of all places
            os.kill(pid, signum)
        except OSError:
            pass  # it has just ended

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(_signal, name):
            _signal.signal(getattr(_signal, name), pass_on)
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

    def __init__(self, connection: Any) -> None:  # a _socket.socket
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
