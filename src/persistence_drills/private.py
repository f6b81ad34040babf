"""A folder that is provably its owner's alone: for the warm service's socket, and for what
goes in /dev/shm, where anybody may make a folder of that name first. With os alone, because
a served command makes its service folder before anything else is imported."""

from __future__ import annotations

import os
import stat


def private_folder(path: str | os.PathLike[str]) -> bool:
    """Make `path` (mode 0700) if it is not there; True if it is then a folder of this user's,
    not a link, that nobody else may enter."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return False
    mine = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    return mine and stat.S_IMODE(info.st_mode) == 0o700
