"""The nearest workspace root: the folder upwards from here that holds info.toml, as git finds
.git. With os.path alone, because a served command (forward.py) looks for it before anything
else is imported, and pathlib alone would cost it several milliseconds."""

from __future__ import annotations

import os

MANIFEST_NAME = "info.toml"


def nearest_root(start: str) -> str | None:
    """The nearest folder at or above `start` (made absolute, links resolved) with info.toml."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, MANIFEST_NAME)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
