# alternative: sets row_factory on its own cursor only (the connection keeps None) and writes the rows with csv.DictWriter keyed by the description names.
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
    cursor = connection.cursor()
    cursor.row_factory = sqlite3.Row
    cursor.execute(sql, params)
    fieldnames = [column[0] for column in cursor.description]
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fieldnames)
        writer.writeheader()
        for row in cursor:
            writer.writerow(dict(zip(fieldnames, row)))
            count += 1
    return count
