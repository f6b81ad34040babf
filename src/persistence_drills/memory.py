"""The file system in memory (Linux's /dev/shm), for files that are made and thrown away by the
hundred: the embedded server's databases (postgres/host.py) and the folders runs work in
(engine/runs_folder.py).

On a disk, the file system pays for that churn: ext4 without a journal, for one, scans past
every recently deleted inode on each new file, which made a CREATE DATABASE take 250-350 ms
instead of 16, and a SQLite drill's run 15 ms slower. What lives here is disposable: after a
reboot it is simply made again. DRILLS_IN_MEMORY=0 keeps everything on disk.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER = Path("/dev/shm")  # on every Linux distribution
NEEDED = 1 << 30  # free bytes it must have before anything new goes there
VARIABLE = "DRILLS_IN_MEMORY"


def folder() -> Path | None:
    """The folder in memory, unless switched off or missing (macOS and Windows have none)."""
    if os.environ.get(VARIABLE, "").strip() == "0":
        return None
    return FOLDER if FOLDER.is_dir() and os.access(FOLDER, os.W_OK | os.X_OK) else None


def has_room(path: Path) -> bool:
    """At least NEEDED bytes free: not a container's 64 MB /dev/shm."""
    try:
        free = os.statvfs(path)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return free.f_bavail * free.f_frsize >= NEEDED
