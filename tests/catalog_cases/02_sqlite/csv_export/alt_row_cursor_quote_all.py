# alternative: sqlite3.Row on a cursor of its own for the values, QUOTE_ALL quoting, named placeholders from the caller

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
    cursor = connection.cursor()
    cursor.row_factory = sqlite3.Row  # only this cursor: the caller's connection is unchanged
    cursor.execute(sql, params)
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL)
        writer.writerow(name for name, *_ in cursor.description)
        count = 0
        for row in cursor:
            writer.writerow(["" if value is None else value for value in row])
            count += 1
    return count
