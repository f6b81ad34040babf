# alternative: builds the CSV in a StringIO and writes its UTF-8 bytes with Path.write_bytes (no text-mode translation at all)
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
    import io

    cursor = connection.execute(sql, params)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([column[0] for column in cursor.description])
    count = 0
    for row in cursor:
        writer.writerow(row)
        count += 1
    Path(path).write_bytes(buffer.getvalue().encode("utf-8"))
    return count
