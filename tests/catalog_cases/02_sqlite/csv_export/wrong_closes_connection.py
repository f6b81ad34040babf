# mistake: closes the caller's connection when the export is done (with contextlib.closing), although the caller owns it.
# expect: export_query closed the caller's connection
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
    from contextlib import closing

    with closing(connection):
        cursor = connection.execute(sql, params)
        header = [column[0] for column in cursor.description]
        count = 0
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            for row in cursor:
                writer.writerow(row)
                count += 1
    return count
