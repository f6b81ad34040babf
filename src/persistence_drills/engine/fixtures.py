"""Fixtures every drill may ask for; their names are part of the drill API.

Registered as a pytest11 entry point, so `pytest drills/<phase>/<name>.py` works from a
workspace too. Keep this module light: it loads in every pytest run of the environment.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """A path for a fresh SQLite database file (`store.db`, not created yet) in its own folder."""
    folder = tmp_path / "sqlite"
    folder.mkdir()
    return folder / "store.db"
