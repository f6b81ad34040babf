"""Fixtures every drill may ask for; their names are part of the drill API.

Registered as a pytest11 entry point, so `pytest drills/<phase>/<name>.py` works from a
workspace too (an IDE's test runner does exactly that): there, the PostgreSQL fixtures get the
workspace's server themselves, the same way the runner does. Keep this module light: it loads
in every pytest run of the environment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Drill files are test files too (`pytest drills/01_serialization`, an IDE's "run the
    tests in this folder"), though their names do not start with test_: any .py file in the
    drills/ folder of a workspace. The project's own test run never goes there."""
    if file_path.suffix != ".py" or file_path.name.startswith(("test_", "_")):
        return None
    if parent.session.isinitpath(file_path):
        return None  # named on the command line: pytest's own collector takes it
    folder = file_path.parent.parent
    if folder.name != "drills" or not (folder.parent / "info.toml").is_file():
        return None
    module: pytest.Module = pytest.Module.from_parent(parent, path=file_path)
    return module


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """A path for a fresh SQLite database file (`store.db`, not created yet) in its own folder."""
    folder = tmp_path / "sqlite"
    folder.mkdir()
    return folder / "store.db"


class Databases:
    """Hands out one fresh database per test: a ready one from the pool, or a new one."""

    def __init__(self, environment: dict[str, str]) -> None:
        from persistence_drills.postgres import settings

        self.admin = environment[settings.ADMIN_SETTING]
        self.prefix = environment[settings.PREFIX_SETTING]
        self.pool = environment.get(settings.POOL_SETTING, self.prefix + "none_")
        self.wait = float(environment.get(settings.WAIT_SETTING) or 0)
        self.taken = 0
        self.connection: Any = None

    def take(self) -> str:
        from persistence_drills.postgres import pool

        if self.connection is None:  # one connection for the whole session: ~3 ms saved a test
            self.connection = self._connect()
        self.taken += 1
        with self.connection.cursor() as cursor:
            return pool.take(cursor, self.pool, f"{self.prefix}{self.taken}")

    def _connect(self) -> Any:
        """The first connection; while the runner is still starting the server (WAIT_SETTING),
        it tries again until the server answers or the wait is over."""
        import time

        import psycopg2

        from persistence_drills.postgres.sql import connect

        deadline = time.monotonic() + self.wait
        while True:
            try:
                return connect(self.admin)
            except psycopg2.OperationalError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@pytest.fixture(scope="session")
def drills_postgres(request: pytest.FixtureRequest) -> Iterator[Databases]:
    """Where this session's PostgreSQL databases come from: the runner's settings, or (under
    a plain pytest) the workspace's own server, acquired here and released at the end."""
    from persistence_drills.postgres import settings

    if settings.ADMIN_SETTING in os.environ:
        databases = Databases(dict(os.environ))
        yield databases
        databases.close()
        return
    provider, prepared = _provide(Path(str(request.config.rootpath)), Path.cwd())
    databases = Databases(prepared)
    try:
        yield databases
    finally:
        databases.close()
        provider.release(prepared)
        provider.close()


def _provide(*starts: Path) -> tuple[Any, dict[str, str]]:
    from persistence_drills.errors import WorkspaceError
    from persistence_drills.postgres.provider import PostgresProvider
    from persistence_drills.requirements import Unavailable
    from persistence_drills.workspace import find_workspace

    for start in starts:
        try:
            workspace = find_workspace(start)
            break
        except WorkspaceError:
            continue
    else:
        pytest.skip(
            "pg_url and pg_dsn need a persistence-drills workspace (a folder with info.toml): "
            "run pytest inside one, or set DRILLS_POSTGRES_URL."
        )
    provider = PostgresProvider(workspace.ensure_runtime_dir())
    try:
        return provider, provider.prepare("pytest")
    except Unavailable as missing:
        pytest.skip(f"{missing.reason} {missing.fix}")


@pytest.fixture
def pg_dsn(drills_postgres: Databases) -> str:
    """A fresh, empty PostgreSQL database for this test, as a libpq URI (psycopg2, asyncpg).

    Nobody else has used it; it is dropped once the drill runs again (connections or not).
    """
    from persistence_drills.postgres.sql import database_url

    return database_url(drills_postgres.admin, drills_postgres.take())


@pytest.fixture
def pg_url(pg_dsn: str) -> str:
    """The same fresh database as `pg_dsn`, as a SQLAlchemy URL (postgresql+psycopg2://...)."""
    return "postgresql+psycopg2" + pg_dsn.removeprefix("postgresql")
