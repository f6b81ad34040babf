"""The few SQL helpers everything else uses: connections, URLs, databases by name."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit


def connect(url: str, timeout: int = 5) -> Any:
    """An autocommit psycopg2 connection: CREATE and DROP DATABASE run outside transactions."""
    import psycopg2

    connection = psycopg2.connect(url, connect_timeout=timeout)
    connection.autocommit = True
    return connection


def administer(url: str, statement: str) -> None:
    """Run one statement on its own connection."""
    with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(statement)


def server_version(url: str) -> str:
    with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def database_url(admin_url: str, database: str, driver: str = "") -> str:
    """The admin URL pointed at another database, with an optional SQLAlchemy driver."""
    parts = urlsplit(admin_url)
    scheme = "postgresql" + (f"+{driver}" if driver else "")
    return urlunsplit((scheme, parts.netloc, "/" + quote(database), parts.query, ""))


def quoted(name: str) -> str:
    """A database name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def databases(cursor: Any, prefix: str) -> list[str]:
    cursor.execute(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s) ORDER BY datname",
        (prefix,),
    )
    return [name for (name,) in cursor.fetchall()]


def drop(cursor: Any, name: str) -> None:
    """Drop a database even if connections are still open on it."""
    cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")
