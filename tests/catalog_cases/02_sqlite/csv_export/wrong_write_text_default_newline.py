# mistake: builds the CSV in a StringIO and saves it with Path.write_text without newline='', so Windows would double every line ending
# expect: the CSV file was opened with newline=None
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column[0] for column in cursor.description])
    rows = cursor.fetchall()
    writer.writerows(rows)
    Path(path).write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)
