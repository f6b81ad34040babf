"""Your first database: one file you can copy.

Write `create_and_copy(db_path, copy_path, companies)`. It creates a new SQLite database file at
`db_path` with this table:

    companies(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)

stores one row per `(name, city)` pair of `companies` (in that order), then puts a copy of the
finished database file at `copy_path` (its folder already exists). Then write
`read_companies(db_path)`: it opens the database file at `db_path` and returns every company as a
`(name, city)` tuple, ordered by id.

A SQLite database is not a server: it is a single ordinary file in a documented format. You can
copy it, e-mail it or put it on a USB stick, and whoever opens the copy sees the same tables and
rows. That makes it the usual choice for an application's local storage. But the file only holds
what was committed: until you call `commit()`, your INSERTs are a pending transaction that lives
in your connection, and closing the connection without committing throws them away. So the order
is: create, insert, commit, close, and only then copy the file. (If you use `with connection:`,
know that it commits when its block ends, not before, and that it does not close.)

Concept: a database is a file; a transaction is not in that file until it is committed.

Done when: both files start with SQLite's header, and `read_companies` on either of them returns
exactly the companies you stored, in order, even after the original has been deleted.
"""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    # TODO: open a connection to db_path (sqlite3.connect) and make sure it gets closed at the
    #       end (contextlib.closing is imported for that).
    # TODO: create the companies table, then insert the pairs with ? placeholders.
    # TODO: commit, close, and only then copy the file (shutil.copyfile).
    raise NotImplementedError("create_and_copy is still a TODO")


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    # TODO: open db_path, SELECT name and city ordered by id, close, return the rows.
    raise NotImplementedError("read_companies is still a TODO")


# --- checks: these run on every save; do not edit below ---
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

COMPANIES = [
    ("Acme Anvils", "Phoenix"),
    ("O'Reilly Media", "Sebastopol"),
    ("Nordic Knits", "Bergen"),
]


def build(tmp_path: Path, sqlite_path: Path) -> Path:
    """Run create_and_copy with a copy in another folder; return the copy's path."""
    other_folder = tmp_path / "other_computer"
    other_folder.mkdir()
    copy_path = other_folder / "companies.db"
    try:
        create_and_copy(sqlite_path, copy_path, COMPANIES)
    except sqlite3.OperationalError as error:
        pytest.fail(
            f"create_and_copy raised sqlite3.OperationalError: {error}. If it is a syntax error "
            "near a name, the quote in O'Reilly broke SQL that was built by formatting strings: "
            "pass the values as ? parameters instead"
        )
    return copy_path


def rows_in(path: Path) -> list[tuple[str, str]]:
    """The companies in the file at path, read with a fresh connection of the checks' own."""
    # Checked first because sqlite3.connect would quietly create an empty file.
    assert path.is_file(), f"there is no database file at {path}"
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()


def test_both_files_are_sqlite_databases(tmp_path: Path, sqlite_path: Path) -> None:
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


def test_the_original_file_holds_the_companies(tmp_path: Path, sqlite_path: Path) -> None:
    build(tmp_path, sqlite_path)
    rows = rows_in(sqlite_path)
    assert rows, (
        "the companies table in the database file is empty: the inserts were never committed "
        "(closing a connection without commit() throws them away)"
    )
    assert rows == COMPANIES


def test_the_copy_answers_the_same_query(tmp_path: Path, sqlite_path: Path) -> None:
    copy_path = build(tmp_path, sqlite_path)
    original, copy = rows_in(sqlite_path), rows_in(copy_path)
    if original and not copy:
        pytest.fail(
            "the copy has no companies although the original has them: the file was copied "
            "before the inserts were committed (commit and close first, then copy)"
        )
    assert copy == original == COMPANIES


def test_the_original_stays_where_it_was(tmp_path: Path, sqlite_path: Path) -> None:
    build(tmp_path, sqlite_path)
    assert sqlite_path.is_file(), (
        "the original database file is gone: copy it (shutil.copyfile), do not move it"
    )


def test_read_companies_reads_either_file(tmp_path: Path, sqlite_path: Path) -> None:
    copy_path = build(tmp_path, sqlite_path)
    assert read_companies(sqlite_path) == COMPANIES
    assert read_companies(copy_path) == COMPANIES


def test_the_copy_works_without_the_original(tmp_path: Path, sqlite_path: Path) -> None:
    copy_path = build(tmp_path, sqlite_path)
    sqlite_path.unlink()
    assert read_companies(copy_path) == COMPANIES, (
        "the copy should hold everything by itself: the whole database is that one file"
    )
