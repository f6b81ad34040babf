"""Your first database: one file you can copy.

Write `create_and_copy(db_path, copy_path, companies)`. It creates a new SQLite database file at
`db_path` with exactly this table:

    companies(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)

stores one row per `(name, city)` pair of `companies`, unchanged and in that order (an
`INTEGER PRIMARY KEY` numbers the rows by itself), then puts a copy of the finished database
file at `copy_path` (its folder already exists). Pass the values as `?` parameters: names such
as O'Reilly or Café "Zum Löwen" hold quotes. Then write `read_companies(db_path)`: it opens the
database file at `db_path` and returns every company as a `(name, city)` tuple, ordered by id.
Both functions close every connection they open.

A SQLite database is not a server: it is a single ordinary file in a documented format. You can
copy it, e-mail it or put it on a USB stick, and whoever opens the copy sees the same tables and
rows. That makes it the usual choice for an application's local storage. But the file only holds
what was committed: until you call `commit()`, your INSERTs are a pending transaction that lives
in your connection, and closing the connection without committing throws them away. So the order
is: create, insert, commit, close, and only then copy the file. (If you use `with connection:`,
know that it commits when its block ends, not before, and that it does not close.)

The checks make that order matter: they switch your connections to WAL mode (`PRAGMA
journal_mode = WAL`, common for speed), in which a commit first lands in a side file next to the
database (`store.db-wal` for `store.db`) and reaches the database file itself only at a
checkpoint, here when the last connection closes. A copy taken before close misses it. They also
make SQLite return the rows of a SELECT without ORDER BY backwards (`PRAGMA
reverse_unordered_selects`): without ORDER BY, no order is promised.

Concept: a database is a file; a transaction is not in that file until it is committed.

Done when: both files start with SQLite's header and hold the table above, both functions leave
no connection open, and `read_companies` on either file returns exactly the companies you
stored, in order, even after the original has been deleted.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    # closing() calls close() at the end of the block; a connection does not close by itself.
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE companies ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " city TEXT NOT NULL)"
        )
        # The ? placeholders hand the values to SQLite separately from the SQL text, so a name
        # such as O'Reilly needs no quoting.
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        connection.commit()
    # The connection is closed and everything is committed: the file is complete.
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
    return rows


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

# Quotes of both kinds in both columns: SQL built by pasting values into quotes breaks on them.
COMPANIES = [
    ("Acme Anvils", "Phoenix"),
    ("O'Reilly Media", "Sebastopol"),
    ('Café "Zum Löwen"', "King's Lynn"),
    ("Nordic Knits", 'Bergen "Bryggen"'),
]
REAL_CONNECT = sqlite3.connect


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """Every connection your code opens, in WAL mode and with unordered SELECTs backwards."""
    connections: list[sqlite3.Connection] = []

    def connect_and_remember(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = REAL_CONNECT(*args, **kwargs)
        connections.append(connection)
        try:
            # In WAL mode a commit lands in the side file <name>-wal; the database file itself
            # is complete only once the last connection has closed.
            connection.execute("PRAGMA journal_mode = WAL")
            # A SELECT without ORDER BY returns its rows backwards: only ORDER BY gives order.
            connection.execute("PRAGMA reverse_unordered_selects = ON")
        except sqlite3.Error:
            pass  # e.g. a read-only connection: it works as it is
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_and_remember)
    if globals().get("connect") is REAL_CONNECT:  # after `from sqlite3 import connect`
        monkeypatch.setitem(globals(), "connect", connect_and_remember)
    yield connections
    for connection in connections:
        connection.close()  # tidy up after code that did not


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def assert_all_closed(opened: list[sqlite3.Connection], function: str) -> None:
    left_open = [connection for connection in opened if not is_closed(connection)]
    assert not left_open, (
        f"{function} left {len(left_open)} connection(s) open. Close every connection you "
        "open (contextlib.closing, or try/finally): `with connection:` commits, but it does "
        "not close"
    )


def build(tmp_path: Path, sqlite_path: Path) -> Path:
    """Run create_and_copy with a copy in another folder; return the copy's path."""
    other_folder = tmp_path / "other_computer"
    other_folder.mkdir()
    copy_path = other_folder / "companies.db"
    try:
        create_and_copy(sqlite_path, copy_path, COMPANIES)
    except sqlite3.OperationalError as error:
        raise AssertionError(
            f"create_and_copy raised sqlite3.OperationalError: {error}. If it is a syntax error "
            'near a name or a city, a quote in O\'Reilly or in Café "Zum Löwen" broke SQL that '
            "was built by formatting strings: pass the values as ? parameters instead"
        ) from error
    return copy_path


def rows_in(path: Path) -> list[tuple[int, str, str]] | None:
    """The rows in the file at path (None if it has no companies table), read by the checks."""
    # Checked first because sqlite3.connect would quietly create an empty file.
    assert path.is_file(), f"there is no database file at {path}"
    with closing(REAL_CONNECT(path)) as connection:
        try:
            return connection.execute("SELECT id, name, city FROM companies ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return None


COPIED_TOO_EARLY = (
    "the file was copied before the inserts were committed, or while the connection was "
    "still open (in WAL mode a commit reaches the file itself only when the last connection "
    "closes): commit, close, and only then copy"
)


def pairs(rows: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    return [(name, city) for _, name, city in rows]


def test_both_files_are_sqlite_databases(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    copy_path = build(tmp_path, sqlite_path)
    assert copy_path.is_file(), f"there is no copy at {copy_path}"
    assert sqlite_path.is_file(), (
        "the original database file is gone: copy it (shutil.copyfile), do not move it"
    )
    for path in (sqlite_path, copy_path):
        header = path.read_bytes()[:16]
        assert header == b"SQLite format 3\x00", (
            f"{path.name} starts with {header!r}, not with SQLite's header"
        )


def test_the_table_is_the_one_described(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    build(tmp_path, sqlite_path)
    with closing(REAL_CONNECT(sqlite_path)) as connection:
        # (column id, name, declared type, NOT NULL, default, part of the primary key)
        columns = connection.execute("PRAGMA table_info(companies)").fetchall()
    assert columns, "there is no companies table in the database file"
    found = {name: (kind.upper(), not_null, key) for _, name, kind, not_null, _, key in columns}
    assert sorted(found) == ["city", "id", "name"], (
        f"the companies table has the columns {sorted(found)}; it should have id, name and city"
    )
    assert found["id"][0] == "INTEGER" and found["id"][2] == 1, (
        f"id is declared {found['id'][0] or 'without a type'}"
        f"{' PRIMARY KEY' if found['id'][2] else ''}: declare it `id INTEGER PRIMARY KEY` "
        "(exactly INTEGER), so that SQLite numbers the rows by itself"
    )
    for column in ("name", "city"):
        kind, not_null, _ = found[column]
        # TEXT, VARCHAR(80), CLOB...: any type SQLite stores as text
        assert any(word in kind for word in ("CHAR", "CLOB", "TEXT")) and not_null, (
            f"{column} is declared `{column} {kind}{' NOT NULL' if not_null else ''}`; "
            f"declare it `{column} TEXT NOT NULL`"
        )


def test_the_original_file_holds_the_companies_in_order(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    build(tmp_path, sqlite_path)
    rows = rows_in(sqlite_path)
    assert rows is not None, "there is no companies table in the database file"
    assert rows, (
        "the companies table in the database file is empty: the inserts were never committed "
        "(closing a connection without commit() throws them away)"
    )
    not_numbered = [row for row in rows if not isinstance(row[0], int)]
    assert not not_numbered, (
        f"these rows have no id: {not_numbered}. With `id INTEGER PRIMARY KEY` SQLite numbers "
        "every row by itself; insert only name and city"
    )
    assert pairs(rows) == COMPANIES, (
        "the rows by id are not the companies as given, in their order: store each "
        "(name, city) pair unchanged, in the order of the list"
    )


def test_the_copy_holds_everything_the_original_holds(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    copy_path = build(tmp_path, sqlite_path)
    original, copy = rows_in(sqlite_path), rows_in(copy_path)
    assert copy is not None, f"the copy has no companies table: {COPIED_TOO_EARLY}"
    assert len(copy) >= len(original or []), (
        f"the copy has {len(copy)} companies, the original {len(original or [])}: "
        f"{COPIED_TOO_EARLY}"
    )
    assert copy == original


def test_every_connection_is_closed(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    build(tmp_path, sqlite_path)
    assert_all_closed(opened, "create_and_copy")
    read_companies(sqlite_path)
    assert_all_closed(opened, "read_companies")


def read(path: Path, *, is_copy: bool) -> list[tuple[str, str]]:
    """read_companies(path), with its common mistakes explained."""
    try:
        rows = read_companies(path)
    except sqlite3.OperationalError as error:
        if not is_copy:
            raise
        raise AssertionError(
            f"read_companies on the copy raised sqlite3.OperationalError: {error}. The copy "
            f"lacks what the original holds: {COPIED_TOO_EARLY}"
        ) from error
    shapes = {len(row) for row in rows}
    assert shapes <= {2}, (
        f"read_companies returned rows such as {rows[0]!r}: return (name, city) tuples, "
        "select only those two columns"
    )
    if rows and list(rows) == list(reversed(COMPANIES)):
        raise AssertionError(
            "read_companies returned the companies backwards: a SELECT without ORDER BY "
            "returns rows in whatever order SQLite finds (these checks make it backwards). "
            "Add ORDER BY id"
        )
    return list(rows)


def test_read_companies_reads_either_file_in_id_order(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    copy_path = build(tmp_path, sqlite_path)
    assert read(sqlite_path, is_copy=False) == COMPANIES
    assert read(copy_path, is_copy=True) == COMPANIES


def test_the_copy_works_without_the_original(
    tmp_path: Path, sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    copy_path = build(tmp_path, sqlite_path)
    for connection in opened:
        connection.close()  # so that the original can go, even if something kept it open
    for leftover in sqlite_path.parent.glob(f"{sqlite_path.name}*"):
        leftover.unlink()
    assert read(copy_path, is_copy=True) == COMPANIES, (
        "the copy should hold everything by itself: the whole database is that one file"
    )
