"""Fixtures every drill may ask for; their names are part of the drill API.

Registered as a pytest11 entry point, so `pytest drills/<phase>/<name>.py` works from a
workspace too. Keep this module light: it loads in every pytest run of the environment.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """A path for a fresh SQLite database file (`store.db`, not created yet) in its own folder."""
    folder = tmp_path / "sqlite"
    folder.mkdir()
    return folder / "store.db"


@pytest.fixture
def pg_dsn() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, as a libpq URI (psycopg2, asyncpg).

    Dropped after the test, even if the test left connections open.
    """
    # Imported here: this module loads in every pytest run, most of which need no database.
    from persistence_drills.postgres import ADMIN_SETTING, PREFIX_SETTING, administer, database_url

    admin = os.environ.get(ADMIN_SETTING)
    if not admin:
        pytest.skip("PostgreSQL drills get their server from the runner: use `drills run NAME`.")
    name = f"{os.environ.get(PREFIX_SETTING, 'drills_')}{next(_numbers)}"
    administer(admin, f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield database_url(admin, name)
    finally:
        administer(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_dsn: str) -> str:
    """The same fresh database as `pg_dsn`, as a SQLAlchemy URL (postgresql+psycopg2://...)."""
    from persistence_drills.postgres import database_url

    return database_url(pg_dsn, pg_dsn.split("?", 1)[0].rsplit("/", 1)[-1], "psycopg2")
