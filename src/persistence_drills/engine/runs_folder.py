"""Where runs work: `.drills/runs/` of the workspace, a link into memory where there is room.

Every run makes a fresh folder for each check and deletes the previous run's, and a learner
saves every few seconds: on some disks that churn makes every new file slower (memory.py).
So a workspace's runs folder is made in memory, `/dev/shm/drills-runs-<tag>/`, and
`.drills/runs` links to it: the paths the learner sees, opens and inspects stay the same.
A runs folder that exists already stays as it is; a link whose memory went with a reboot
gets a new, empty folder; without room in memory (or with DRILLS_IN_MEMORY=0) it is a plain
folder in the workspace.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

from persistence_drills import memory, trash
from persistence_drills.private import private_folder

PREFIX = "drills-runs-"
SERVES = ".workspace"  # in a folder in memory: the runs folder (link) it serves
TRASH = ".drills-runs-trash-"


def ensure(runs_dir: Path) -> None:
    """Make the runs folder if it is not there (OSError if it cannot be made at all)."""
    if runs_dir.is_dir():
        return
    in_memory = memory.folder()
    if runs_dir.is_symlink():  # its memory went with a reboot, or the link is not ours
        target = Path(os.readlink(runs_dir))
        if in_memory is not None and target.parent == in_memory and private_folder(target):
            _claim(target, runs_dir)
            return
        runs_dir.unlink()
    if in_memory is not None and memory.has_room(in_memory):
        _set_aside_orphans(in_memory)
        target = in_memory / f"{PREFIX}{os.getuid()}-{_tag(runs_dir)}"
        if private_folder(target):
            _claim(target, runs_dir)
            runs_dir.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):  # another process made it meanwhile
                os.symlink(target, runs_dir)
            if runs_dir.is_dir():
                return
    runs_dir.mkdir(parents=True, exist_ok=True)


def _tag(runs_dir: Path) -> str:
    return f"{zlib.crc32(str(runs_dir.absolute()).encode()):08x}"


def _claim(target: Path, runs_dir: Path) -> None:
    (target / SERVES).write_text(str(runs_dir.absolute()), encoding="utf-8")


def _set_aside_orphans(in_memory: Path) -> None:
    """Runs folders of deleted workspaces: moved aside at once, deleted in the background."""
    for folder in in_memory.glob(f"{PREFIX}{os.getuid()}-*"):
        if not private_folder(folder):
            continue  # somebody else's: none of our business
        try:
            served = Path((folder / SERVES).read_text(encoding="utf-8"))
            orphan = not served.is_symlink() or Path(os.readlink(served)) != folder
        except OSError:
            orphan = True  # the workspace, or its link, is gone
        if orphan:
            trash.set_aside(folder, TRASH)
    trash.remove(in_memory, f"{TRASH}{PREFIX}{os.getuid()}-", in_background=True)
