"""What the last run of a drill left behind: its SQLite files, its PostgreSQL databases, and the
other files its code wrote, read back as plain data for `drills db` and the d key.

A persistence learner's first question after a failure is "what did my code actually write?".
The run folder (.drills/runs/<name>/) is kept until the drill's next run, and so are the
PostgreSQL databases of its checks. What the failing checks made comes first: that is where
the answer to the question usually is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from persistence_drills.engine.slots import failed_checks, last_run_folder
from persistence_drills.manifest import Drill
from persistence_drills.source import check_names, split_drill
from persistence_drills.workspace import Workspace

SQLITE_HEADER = b"SQLite format 3\x00"
FIRST_ROWS = 5
PREVIEW_BYTES = 400


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    primary_key: bool
    default: str | None


@dataclass(frozen=True)
class TableContents:
    name: str
    columns: tuple[Column, ...]
    constraints: tuple[str, ...]  # CHECK, UNIQUE, FOREIGN KEY ..., as the database states them
    count: int
    first_rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Database:
    where: str  # a file path relative to the workspace, or a PostgreSQL database's name
    kind: str  # "sqlite" or "postgresql"
    tables: tuple[TableContents, ...]
    problem: str = ""  # why it could not be read
    check: str = ""  # the check whose code made it, when that can be told
    check_failed: bool = False


@dataclass(frozen=True)
class WrittenFile:
    path: str  # relative to the workspace
    size: int
    preview: str  # decoded JSON or text, or the first bytes in hex
    check: str = ""  # the check whose code made it, when that can be told
    check_failed: bool = False


@dataclass
class Leftovers:
    drill: Drill
    folder: Path | None
    databases: list[Database] = field(default_factory=list)
    files: list[WrittenFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def look(workspace: Workspace, drill: Drill, postgres: bool = True) -> Leftovers:
    folder = last_run_folder(workspace.runs_dir, drill.name)
    found = Leftovers(drill, folder)
    if folder is None:
        found.notes.append(f"{drill.name} has not run yet: save it, or `drills run {drill.name}`.")
        return found
    checks = _check_names(folder / f"{drill.name}.py")
    # A parametrized check fails as test_x[case]; its folder is named after test_x.
    failed = {name.split("[", 1)[0] for name in failed_checks(folder)}
    for path in sorted(_written(folder, drill)):
        relative = workspace.relative(path)
        check = _made_by(path, folder, checks)
        check_failed = bool(check) and check in failed
        if _is_sqlite(path):
            database = _sqlite(path, relative)
            found.databases.append(
                dataclasses.replace(database, check=check, check_failed=check_failed)
            )
        else:
            written = _file(path, relative)
            found.files.append(dataclasses.replace(written, check=check, check_failed=check_failed))
    found.databases.sort(key=lambda database: not database.check_failed)
    found.files.sort(key=lambda written: not written.check_failed)
    if postgres and "postgres" in drill.requires:
        found.databases += _postgres(workspace, drill, found.notes)
    if not found.databases and not found.files:
        found.notes.append("The last run wrote no file and no database.")
    return found


def sqlite_files(leftovers: Leftovers, root: Path) -> list[Path]:
    return [root / db.where for db in leftovers.databases if db.kind == "sqlite"]


def _check_names(module: Path) -> tuple[str, ...]:
    try:
        checks = split_drill(module.read_text(encoding="utf-8")).checks
        return check_names(checks) if checks else ()
    except (OSError, UnicodeDecodeError, SyntaxError):
        return ()


def _made_by(path: Path, folder: Path, checks: tuple[str, ...]) -> str:
    """pytest names a check's tmp_path after the check, cut at 30 characters plus a number:
    tmp/test_a_name_with_sql_in_it_is_0 is test_a_name_with_sql_in_it_is_stored_literally."""
    try:
        first = path.relative_to(folder / "tmp").parts[0]
    except (ValueError, IndexError):
        return ""
    stem = first.rstrip("0123456789")
    matches = [name for name in checks if name[:30] == stem[:30] and name.startswith(stem)]
    return matches[0] if len(matches) == 1 else ""


def _written(folder: Path, drill: Drill) -> list[Path]:
    """Files of the run folder but the drill's own copy and pytest's bookkeeping."""
    return [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path != folder / f"{drill.name}.py"
        and "__pycache__" not in path.parts
        and not path.name.endswith(("-journal", "-wal", "-shm"))
        and path.name not in ("grandchild.pid", "child.pid")
    ]


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _sqlite(path: Path, where: str) -> Database:
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return Database(where, "sqlite", tuple(_sqlite_table(connection, n) for n in names))
    except sqlite3.Error as error:
        return Database(where, "sqlite", (), f"could not be read: {error}")


def _sqlite_table(connection: sqlite3.Connection, name: str) -> TableContents:
    quoted = '"' + name.replace('"', '""') + '"'
    columns = tuple(
        Column(row[1], row[2] or "", bool(row[3]), bool(row[5]), row[4])
        for row in connection.execute(f"PRAGMA table_info({quoted})")
    )
    sql = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()[0]
    constraints = _constraints_from_sql(sql or "")
    count = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    rows = tuple(connection.execute(f"SELECT * FROM {quoted} LIMIT {FIRST_ROWS}").fetchall())
    return TableContents(name, columns, constraints, int(count), rows)


def _constraints_from_sql(sql: str) -> tuple[str, ...]:
    """The constraint clauses of a CREATE TABLE statement, one per item."""
    found = []
    for part in _split_top_level(sql[sql.find("(") + 1 : sql.rfind(")")]):
        words = part.strip()
        upper = words.upper()
        table_level = upper.startswith(("CHECK", "UNIQUE", "FOREIGN KEY", "PRIMARY KEY"))
        # ... or a column with a constraint of its own
        column_level = any(word in upper for word in (" CHECK", " REFERENCES", " UNIQUE"))
        if table_level or upper.startswith("CONSTRAINT") or column_level:
            found.append(" ".join(words.split()))
    return tuple(found)


def _split_top_level(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _file(path: Path, where: str) -> WrittenFile:
    try:
        data = path.read_bytes()[: PREVIEW_BYTES * 4]
        size = path.stat().st_size
    except OSError as error:
        return WrittenFile(where, 0, f"could not be read: {error.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return WrittenFile(where, size, data[:48].hex(" ") + (" …" if len(data) > 48 else ""))
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    preview = text[:PREVIEW_BYTES] + (" …" if len(text) > PREVIEW_BYTES else "")
    return WrittenFile(where, size, preview)


def _postgres(workspace: Workspace, drill: Drill, notes: list[str]) -> list[Database]:
    from persistence_drills.postgres import runs
    from persistence_drills.postgres.provider import PostgresProvider
    from persistence_drills.postgres.settings import run_of
    from persistence_drills.postgres.sql import connect, database_url, databases
    from persistence_drills.requirements import Unavailable

    provider = PostgresProvider(workspace.runtime_dir)
    record = runs.latest(provider.state, drill.name)
    if record is None:
        notes.append("No PostgreSQL databases are kept for its last run.")
        return []
    try:
        admin = provider.ensure().url
        with contextlib.closing(connect(admin)) as connection, connection.cursor() as cursor:
            names = [
                name
                for name in databases(cursor, f"drills_{provider.tag}_")
                if run_of(provider.tag, name) == record.run
            ]
        if not names:
            notes.append("The PostgreSQL databases of its last run were dropped since.")
        return [_postgres_database(database_url(admin, name), name) for name in names]
    except Unavailable as missing:
        notes.append(f"{missing.reason} {missing.fix}")
        return []
    finally:
        provider.close()


def _postgres_database(url: str, name: str) -> Database:
    from persistence_drills.postgres.sql import connect

    try:
        with contextlib.closing(connect(url)) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE "
                "table_type = 'BASE TABLE' AND table_schema NOT IN "
                "('pg_catalog', 'information_schema') ORDER BY 1, 2"
            )
            tables = [_postgres_table(cursor, schema, table) for schema, table in cursor.fetchall()]
        return Database(name, "postgresql", tuple(tables))
    except Exception as error:  # psycopg2's errors: the learner's database, whatever state
        return Database(name, "postgresql", (), f"could not be read: {error}")


def _postgres_table(cursor: Any, schema: str, table: str) -> TableContents:
    cursor.execute(
        "SELECT c.column_name, c.data_type, c.is_nullable = 'NO', c.column_default, "
        "EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN "
        "information_schema.table_constraints t USING (constraint_schema, constraint_name) "
        "WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND "
        "k.table_name = c.table_name AND k.column_name = c.column_name) "
        "FROM information_schema.columns c WHERE c.table_schema = %s AND c.table_name = %s "
        "ORDER BY c.ordinal_position",
        (schema, table),
    )
    columns = tuple(
        Column(name, kind, bool(not_null), bool(key), default)
        for name, kind, not_null, default, key in cursor.fetchall()
    )
    qualified = f'"{schema}"."{table}"'
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype <> 'p' ORDER BY conname",
        (qualified,),
    )
    constraints = tuple(row[0] for row in cursor.fetchall())
    cursor.execute(f"SELECT count(*) FROM {qualified}")
    count = int(cursor.fetchone()[0])
    cursor.execute(f"SELECT * FROM {qualified} LIMIT {FIRST_ROWS}")
    rows = tuple(tuple(row) for row in cursor.fetchall())
    name = table if schema == "public" else f"{schema}.{table}"
    return TableContents(name, columns, constraints, count, rows)
