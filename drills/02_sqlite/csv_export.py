"""Export a query to CSV.

Write `export_query(connection, sql, path, params=())`: run one SELECT with its parameters and
write the result to a CSV file at `path` (replacing the file if it exists): a header row with
the result's column names first, then one row per result row. Return the number of data rows
written (the header not counted).

CSV looks like values joined by commas, until a product is called `Bolt, 10 mm`, or
`The "Best" Hammer`, or a note holds a line break. Joined by hand, such a value spills into
extra columns or rows, and whoever opens the report in a spreadsheet sees wrong figures without
noticing. The `csv` module quotes a value exactly when it has to. The header should come from
the query itself: `cursor.description` holds one entry per result column, whose first item is
the column's name as the query gives it (an alias such as `price * 2 AS doubled` included). It
is there even when the query returns no rows.

Rules for `export_query`:
- Use the query's `?` parameters from `params`; never put values into the SQL text yourself.
- The header row is the result's column names, in the query's order, also for an empty result.
  A NULL becomes an empty field.
- Open the file with encoding="utf-8" (no byte order mark) and newline="" (the csv module ends
  its lines itself). Forgetting either looks fine on a Linux machine with a UTF-8 locale and
  breaks on Windows, so the checks watch the arguments your `open` gets.
- Leave the caller's connection as it was: it stays open, keeps its row_factory, and a
  transaction the caller has open stays open, neither committed nor rolled back (a
  `with connection:` block would commit it).

The checks export queries on a `products(id, name, price, supplier)` table (`create_schema`,
written for you; supplier may be NULL).

Concept: reports from a database. Let the cursor tell you its columns, and let `csv.writer`
do the quoting.

Done when: the header matches the query's columns (for an empty result too), every value,
commas, quotes and line breaks included, reads back unchanged through `csv.reader`, and the
caller's connection is exactly as it was.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Sequence
from pathlib import Path


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table (ready to use). supplier may be NULL."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id       INTEGER PRIMARY KEY,
                name     TEXT NOT NULL,
                price    REAL NOT NULL,
                supplier TEXT
            )
            """
        )


def export_query(
    connection: sqlite3.Connection,
    sql: str,
    path: Path,
    params: Sequence[object] = (),
) -> int:
    """Run `sql` with `params` and write its result, header first, to the CSV file `path`.

    Returns the number of data rows written.
    """
    # TODO: execute the query with its parameters.
    # TODO: with a csv.writer, write the header (the column names, from cursor.description),
    #       then the rows. Return how many data rows you wrote.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import builtins
import codecs
import io
from contextlib import contextmanager

import pytest


@pytest.fixture
def connection(sqlite_path):
    connection = sqlite3.connect(sqlite_path)
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    connection.execute("PRAGMA synchronous = OFF")
    create_schema(connection)
    with connection:
        connection.executemany(
            "INSERT INTO products (name, price, supplier) VALUES (?, ?, ?)",
            [("Hammer", 12.5, "Acme"), ("Nails", 3.0, None), ("Saw", 24.0, "Acme")],
        )
    yield connection
    connection.close()


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    starts_with_a_byte_order_mark = text.startswith("\ufeff")
    assert not starts_with_a_byte_order_mark, (
        "the file starts with a byte order mark (utf-8-sig): write plain UTF-8, "
        "encoding='utf-8', or the first column name reads back as '\\ufeff' + its name"
    )
    return list(csv.reader(io.StringIO(text, newline="")))


def is_closed(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def export(connection, sql, path, params=()) -> int:
    """export_query, then a look at whether the caller's connection survived it."""
    written = export_query(connection, sql, path, params)
    assert not is_closed(connection), (
        "export_query closed the caller's connection: the caller owns it and goes on using it"
    )
    return written


@contextmanager
def files_opened_for_writing():
    """Yields a list that gets (mode, encoding, newline) for each open() for writing."""
    opened = []
    real_open = io.open

    def spy(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, **kwargs):
        if any(flag in mode for flag in "wax+"):
            opened.append((mode, encoding, newline))
        return real_open(file, mode, buffering, encoding, errors, newline, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", spy)
        patch.setattr(io, "open", spy)  # pathlib's Path.open goes through io.open
        yield opened


def test_the_header_and_rows_are_written(connection, tmp_path):
    path = tmp_path / "products.csv"
    written = export(connection, "SELECT id, name, price FROM products ORDER BY id", path)
    rows = read_csv(path)
    assert rows[0] == ["id", "name", "price"], "the first row must hold the result's column names"
    # Numbers are compared as numbers: 3.0 may be written as "3.0" or "3".
    assert [[int(id_), name, float(price)] for id_, name, price in rows[1:]] == [
        [1, "Hammer", 12.5],
        [2, "Nails", 3.0],
        [3, "Saw", 24.0],
    ]
    assert written == 3, "export_query should return the number of data rows, header not counted"


def test_the_header_uses_the_names_the_query_gives(connection, tmp_path):
    path = tmp_path / "report.csv"
    export(connection, "SELECT price * 2 AS doubled, name FROM products", path)
    assert read_csv(path)[0] == ["doubled", "name"], (
        "the header must be the result's column names in the query's order, aliases included "
        "(cursor.description)"
    )


def test_an_empty_result_still_has_its_header(connection, tmp_path):
    path = tmp_path / "empty.csv"
    written = export(connection, "SELECT name, price FROM products WHERE price > ?", path, (1000,))
    assert read_csv(path) == [["name", "price"]], (
        "a query that matches nothing must still write the header row (and nothing else)"
    )
    assert written == 0, "no row matched, so export_query should return 0"


def test_parameters_select_the_rows(connection, tmp_path):
    path = tmp_path / "acme.csv"
    written = export(
        connection,
        "SELECT name FROM products WHERE supplier = ? ORDER BY name",
        path,
        ("Acme",),
    )
    assert read_csv(path) == [["name"], ["Hammer"], ["Saw"]]
    assert written == 2


def test_parameters_never_become_part_of_the_sql(connection, tmp_path):
    with connection:
        connection.execute(
            "INSERT INTO products (name, price, supplier) VALUES ('Level', 8.0, 'O''Brien')"
        )
    sql = "SELECT name FROM products WHERE supplier = ? ORDER BY id"
    path = tmp_path / "supplier.csv"
    try:
        export(connection, sql, path, ("O'Brien",))
    except sqlite3.Error as error:
        raise AssertionError(
            'the supplier "O\'Brien" broke the query: its quote was pasted into the SQL text. '
            "Pass params to execute and let the ? marks take them"
        ) from error
    assert read_csv(path)[1:] == [["Level"]], 'the supplier "O\'Brien" should match Level'

    injected = "nobody' OR '1' = '1"
    path = tmp_path / "injected.csv"
    export(connection, sql, path, (injected,))
    assert read_csv(path)[1:] == [], (
        f"the supplier {injected!r} matched rows: it was pasted into the SQL text and became "
        "SQL. Pass params to execute and let the ? marks take them"
    )

    path = tmp_path / "no_supplier.csv"
    try:
        export(connection, "SELECT name FROM products WHERE supplier IS ?", path, (None,))
    except sqlite3.Error as error:
        raise AssertionError(
            "the parameter None broke the query: it was pasted into the SQL text. Pass params "
            "to execute and let the ? marks take them"
        ) from error
    assert read_csv(path)[1:] == [["Nails"]], (
        "`supplier IS ?` with None should match Nails: a parameter pasted into the SQL text "
        "as 'None' matches nothing. Pass params to execute"
    )


def test_null_becomes_an_empty_field(connection, tmp_path):
    path = tmp_path / "suppliers.csv"
    export(connection, "SELECT name, supplier FROM products ORDER BY id", path)
    assert read_csv(path)[1:] == [["Hammer", "Acme"], ["Nails", ""], ["Saw", "Acme"]], (
        "a NULL must become an empty field"
    )


AWKWARD_NAMES = [
    "Bolt, 10 mm",
    'The "Best" Hammer',
    "Two\nlines",
    "Windows\r\nline break",
    "Crème brûlée torch",
    "  spaces around  ",
    "",
]


def test_awkward_values_read_back_unchanged(connection, tmp_path):
    with connection:
        connection.execute("DELETE FROM products")
        connection.executemany(
            "INSERT INTO products (name, price) VALUES (?, ?)",
            [(name, 1.0) for name in AWKWARD_NAMES],
        )
    path = tmp_path / "awkward.csv"
    written = export(connection, "SELECT name, id FROM products ORDER BY id", path)
    names = [row[0] for row in read_csv(path)[1:]]
    assert names == AWKWARD_NAMES, (
        "values with commas, quotes or line breaks must read back unchanged through csv.reader"
    )
    assert written == len(AWKWARD_NAMES)


def test_the_file_is_utf8_opened_with_newline_empty(connection, tmp_path):
    with connection:
        connection.execute("UPDATE products SET name = 'Crème brûlée torch' WHERE id = 1")
    path = tmp_path / "utf8.csv"
    with files_opened_for_writing() as opened:
        export(connection, "SELECT name FROM products ORDER BY id", path)
    content = path.read_bytes()
    assert "Crème brûlée torch".encode() in content, "the file must be written as UTF-8"
    # On this machine the locale is UTF-8 and lines end in \n, so a file opened without
    # these two arguments looks the same: the mistake only shows on another computer.
    for mode, encoding, newline in opened:
        if "b" in mode:
            continue
        assert encoding is not None and codecs.lookup(encoding).name == "utf-8", (
            f"the CSV file was opened with encoding={encoding!r}: without encoding='utf-8' "
            "Python uses the computer's locale encoding (cp1252 on many Windows machines), "
            "and 'Crème' is written differently there. Open it with encoding='utf-8'"
        )
        assert newline == "", (
            f"the CSV file was opened with newline={newline!r}: the csv module ends its lines "
            "itself, and without newline='' Windows turns each \\n into \\r\\n again, so a "
            "value with a line break does not read back unchanged. Open it with newline=''"
        )


def test_an_existing_file_is_replaced(connection, tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("an,old\nreport,here\n", encoding="utf-8")
    export(connection, "SELECT name FROM products ORDER BY id", path)
    assert read_csv(path) == [["name"], ["Hammer"], ["Nails"], ["Saw"]], (
        "exporting to a file that exists must replace what it held: open it with 'w', not 'a'"
    )


def test_the_callers_connection_is_left_as_it_was(connection, tmp_path):
    export(connection, "SELECT * FROM products", tmp_path / "all.csv")
    assert connection.row_factory is None, (
        "export_query must not change the caller's connection (its row_factory was replaced)"
    )
    assert connection.execute("SELECT COUNT(*) FROM products").fetchone() == (3,), (
        "the caller's connection must stay open and usable after the export"
    )


def test_the_callers_pending_work_stays_pending(connection, sqlite_path, tmp_path):
    # The caller is in the middle of a transaction of their own when they export.
    connection.execute("INSERT INTO products (name, price) VALUES ('Drill', 60.0)")
    export(connection, "SELECT name FROM products ORDER BY id", tmp_path / "mid.csv")
    other = sqlite3.connect(sqlite_path)
    try:
        seen = other.execute("SELECT COUNT(*) FROM products WHERE name = 'Drill'").fetchone()
    finally:
        other.close()
    assert seen == (0,), (
        "export_query committed the caller's unfinished work (a `with connection:` block or "
        "commit() does that): an export only reads, so leave the transaction to the caller"
    )
    assert connection.in_transaction, (
        "export_query ended the caller's transaction (a rollback drops their unfinished work): "
        "an export only reads, so leave the transaction to the caller"
    )
