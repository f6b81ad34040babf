"""Deleting folders nobody should wait for: moved aside at once (a rename), deleted later.

set_aside(folder, ".trash-")      folder -> .trash-<name>-<token>, beside it
remove(parent, ".trash-<name>-")  deletes what was set aside there (in_background: a
                                  daemon thread, which a one-shot command may not see
                                  finish; the next one goes on)
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import threading
from pathlib import Path


def set_aside(folder: Path, prefix: str) -> bool:
    """Move `folder` aside under `prefix`; False if it could not be moved."""
    try:
        folder.rename(folder.with_name(f"{prefix}{folder.name}-{secrets.token_hex(4)}"))
    except OSError:
        return False
    return True


def remove(parent: Path, prefix: str, in_background: bool = False) -> None:
    """Delete the folders in `parent` whose names start with `prefix`."""
    with contextlib.suppress(OSError):
        found = list(parent.glob(f"{prefix}*"))
        if in_background and found:
            threading.Thread(target=_delete, args=(found,), daemon=True).start()
        elif found:
            _delete(found)


def _delete(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
