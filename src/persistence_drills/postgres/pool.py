"""Databases kept ready for checks, as pgtestdb and warmpool keep clones of a template ready.

`CREATE DATABASE` costs 16-50 ms in memory, far more on some disks (it copies template0's
files: see host.py); renaming a ready database costs 0.2 ms. So the keeper makes databases
ahead, while the learner edits, and a check takes one by renaming it to its run's name:
atomic, so two runs can never take the same one, and the run prefix it then carries is what
cleans it up. When the pool is empty, the check makes its own.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from persistence_drills.postgres import settings
from persistence_drills.postgres.sql import connect, database_url, databases, quoted


def take(cursor: Any, pool: str, name: str) -> str:
    """Rename a ready database of the pool to `name`, or create `name` if none is ready."""
    import psycopg2

    for ready in databases(cursor, pool):
        try:
            cursor.execute(f"ALTER DATABASE {quoted(ready)} RENAME TO {quoted(name)}")
            return name
        except psycopg2.Error:
            continue  # another run took it a moment ago
    cursor.execute(f"CREATE DATABASE {quoted(name)} TEMPLATE template0")
    return name


def make(cursor: Any, admin_url: str, tag: str) -> str:
    """Add one database to the pool, connected to once so that the check's first connection
    finds its catalog cache already built; it joins the pool only when it is complete."""
    making, ready = settings.fresh_pool_name(tag)
    cursor.execute(f"CREATE DATABASE {quoted(making)} TEMPLATE template0")
    with (
        contextlib.closing(connect(database_url(admin_url, making))) as warm,
        warm.cursor() as warm_cursor,
    ):
        warm_cursor.execute("SELECT 1")
    _rename_once_free(cursor, making, ready)
    return ready


def _rename_once_free(cursor: Any, old: str, new: str) -> None:
    """Rename as soon as the warming connection's server process has gone (a moment)."""
    import psycopg2

    for _ in range(100):
        try:
            cursor.execute(f"ALTER DATABASE {quoted(old)} RENAME TO {quoted(new)}")
            return
        except psycopg2.errors.ObjectInUse:
            time.sleep(0.01)
    cursor.execute(f"ALTER DATABASE {quoted(old)} RENAME TO {quoted(new)}")
