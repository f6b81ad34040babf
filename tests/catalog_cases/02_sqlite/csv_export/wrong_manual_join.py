# mistake: writes each line by joining the values with commas by hand instead of using csv.writer, so commas, quotes and line breaks in a value break the file.
# expect: must read back unchanged through csv.reader
"""Export a query to CSV."""

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
    cursor = connection.execute(sql, params)
    header = [column[0] for column in cursor.description]
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(header) + "\n")
        for row in cursor:
            file.write(",".join("" if value is None else str(value) for value in row) + "\n")
            count += 1
    return count
