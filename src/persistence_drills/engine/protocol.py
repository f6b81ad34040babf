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

import functools
import json
import os
import socket
import stat
import zlib
from pathlib import Path

# typing itself costs ~4 ms to import, paid by every served command; mypy reads this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SOCKET_NAME = "runs.sock"
LOCK_NAME = "service.lock"
SOCKET_PATH_LIMIT = 100


def service_folder(runtime_dir: Path) -> Path | None:
    """The service's private folder, or None where the service cannot run (no Unix sockets,
    no fork, or no folder that is provably the user's own).

    The folder is named after the runner's code: after an upgrade (or an edit of an editable
    install) a service that still lingers with the old code is never used again.
    """
    if not (hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")):
        return None
    folder = runtime_dir.absolute() / f"service-{_code_stamp()}"
    if len(str(folder / SOCKET_NAME)) >= SOCKET_PATH_LIMIT:
        tag = _short_hash(str(folder))
        import tempfile

        folder = Path(tempfile.gettempdir()) / f"drills-{os.getuid()}-{tag}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    return folder if private and stat.S_IMODE(info.st_mode) == 0o700 else None


@functools.cache
def _code_stamp() -> str:
    """A short hash of the runner's own files (their sizes and times), ~0.3 ms to compute."""
    package = Path(__file__).resolve().parent.parent
    files = [
        f"{path.name}:{info.st_size}:{info.st_mtime_ns}"
        for path in sorted(package.rglob("*.py"))
        for info in (path.stat(),)
    ]
    return _short_hash(";".join(files))


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
