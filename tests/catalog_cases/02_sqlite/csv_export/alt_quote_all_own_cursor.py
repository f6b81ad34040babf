# alternative: a separate cursor that is closed afterwards (the connection is not), QUOTE_ALL and "\n" line endings, and a count from enumerate.
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

    with closing(connection.cursor()) as cursor:
        cursor.execute(sql, tuple(params))
        header = [description[0] for description in cursor.description]
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(header)
            count = 0
            for count, row in enumerate(cursor, start=1):
                writer.writerow(row)
    return count
