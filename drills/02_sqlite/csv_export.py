"""Export a query to CSV.

Write `export_query(connection, sql, path, params=())`: run one SELECT with its parameters and
write the result to a CSV file at `path`: a header row with the result's column names first,
then one row per result row. Return the number of data rows written (the header not counted).

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
- Write the file as UTF-8, opened with newline="" (the csv module needs that to handle line
  breaks inside values). A NULL becomes an empty field.
- Leave the caller's connection as it was: no commit, no close, no new row_factory.

The checks export queries on a `products(id, name, price, supplier)` table (`create_schema`,
written for you; supplier may be NULL).

Concept: reports from a database. Let the cursor tell you its columns, and let `csv.writer`
do the quoting.

Done when: the header matches the query's columns (for an empty result too), and every value,
commas, quotes and line breaks included, reads back unchanged through `csv.reader`.
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
        return list(csv.reader(file))


def test_the_header_and_rows_are_written(connection, tmp_path):
    path = tmp_path / "products.csv"
    written = export_query(connection, "SELECT id, name, price FROM products ORDER BY id", path)
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
    export_query(
        connection, "SELECT name AS product, price * 2 AS double_price FROM products", path
    )
    assert read_csv(path)[0] == ["product", "double_price"], (
        "the header must be the result's column names, aliases included (cursor.description)"
    )


def test_an_empty_result_still_has_its_header(connection, tmp_path):
    path = tmp_path / "empty.csv"
    written = export_query(
        connection, "SELECT name, price FROM products WHERE price > ?", path, (1000,)
    )
    assert read_csv(path) == [["name", "price"]], (
        "a query that matches nothing must still write the header row (and nothing else)"
    )
    assert written == 0


def test_parameters_select_the_rows(connection, tmp_path):
    path = tmp_path / "acme.csv"
    written = export_query(
        connection,
        "SELECT name FROM products WHERE supplier = ? ORDER BY name",
        path,
        ("Acme",),
    )
    assert read_csv(path) == [["name"], ["Hammer"], ["Saw"]]
    assert written == 2


def test_null_becomes_an_empty_field(connection, tmp_path):
    path = tmp_path / "suppliers.csv"
    export_query(connection, "SELECT name, supplier FROM products ORDER BY id", path)
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
    written = export_query(connection, "SELECT name, id FROM products ORDER BY id", path)
    names = [row[0] for row in read_csv(path)[1:]]
    assert names == AWKWARD_NAMES, (
        "values with commas, quotes or line breaks must read back unchanged through csv.reader"
    )
    assert written == len(AWKWARD_NAMES)


def test_the_callers_connection_is_left_as_it_was(connection, tmp_path):
    export_query(connection, "SELECT * FROM products", tmp_path / "all.csv")
    assert connection.row_factory is None, (
        "export_query must not change the caller's connection (its row_factory was replaced)"
    )
    assert connection.execute("SELECT COUNT(*) FROM products").fetchone() == (3,), (
        "the caller's connection must stay open and usable after the export"
    )
