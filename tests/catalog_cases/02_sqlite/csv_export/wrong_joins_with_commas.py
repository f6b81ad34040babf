# mistake: joins the values with commas by hand instead of using csv.writer
# expect: must read back unchanged through csv.reader

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
    cursor = connection.execute(sql, params)
    lines = [",".join(column[0] for column in cursor.description)]
    for row in cursor:
        lines.append(",".join(str(value) for value in row))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1
