"""How runner processes and the warm service talk: one Unix socket per workspace, one run per
connection, one JSON line each way and the run's output pipe passed along.

    client -> service   {"job": FILE, "cwd": DIR, "env": {...}, "linger": S, "zygote": B}
                        with one file descriptor attached (SCM_RIGHTS): the write end of the
                        pipe that becomes the run's stdout and stderr
    service -> client   {"pid": N}                  the run's child has started
                        {"pid": N, "status": S}     it is gone (S < 0: killed by signal -S)

A client that closes its connection before the status came cancels the run: the service
kills the child's process group. `linger` is how long the service stays up once idle after
this run; a connection with {"hold": true} instead of a job keeps it up while it is open.

A whole command can be served too, so that `drills run` starts as fast as a fork:

    client -> service   {"command": [ARGS], "cwd": DIR, "env": {...}, "umask": N}
                        with the client's stdin, stdout and stderr attached
    service -> client   {"pid": N}                  the command's process has started
                        {"pid": N, "status": S}     it has ended with exit status S

The socket lives in a folder only the workspace's owner can enter (mode 0700): a request
names code to run, so nobody else may send one.
"""

from __future__ import annotations

import json
import os
import zlib

from persistence_drills.private import private_folder

# A served command imports this module before the service has it: only what costs next to
# nothing to import. typing costs ~4 ms, pathlib and socket more; mypy reads this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SOCKET_NAME = "runs.sock"
LOCK_NAME = "service.lock"
SOCKET_PATH_LIMIT = 100


def service_folder(runtime_dir: str) -> str | None:
    """The service's private folder, or None where the service cannot run (no Unix sockets,
    no fork, or no folder that is provably the user's own).

    The folder is named after the runner's code: after an upgrade (or an edit of an editable
    install) a service that still lingers with the old code is never used again.
    """
    import _socket  # what the socket module wraps, without its enums (~5 ms to import)

    if not (hasattr(os, "fork") and hasattr(_socket, "AF_UNIX")):
        return None
    if not hasattr(_socket.socket, "sendmsg"):
        return None  # no passing of file descriptors
    folder = os.path.join(os.path.abspath(runtime_dir), f"service-{_code_stamp()}")
    if len(os.path.join(folder, SOCKET_NAME)) >= SOCKET_PATH_LIMIT:
        import tempfile

        folder = os.path.join(tempfile.gettempdir(), f"drills-{os.getuid()}-{_short_hash(folder)}")
    return folder if private_folder(folder) else None


_stamp: list[str] = []  # computed once per process


def _code_stamp() -> str:
    """A short hash of the runner's own files (their sizes and times), ~0.3 ms to compute."""
    if not _stamp:
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        files = []
        for folder, subfolders, names in os.walk(package):
            subfolders.sort()
            for name in sorted(names):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder, name))
                    files.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        _stamp.append(_short_hash(";".join(files)))
    return _stamp[0]


def _short_hash(text: str) -> str:
    """Names, not secrets: a CRC is enough, and zlib costs a fraction of hashlib to import,
    which every served command pays before the service has it."""
    return f"{zlib.crc32(text.encode()):08x}"


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message) + "\n").encode("utf-8")


def decode(line: bytes) -> dict[str, Any]:
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("a message is a JSON object")
    return message
