# mistake: takes the header from the first row's keys, so an empty result has no header
# expect: must still write the header row

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
    connection.row_factory = sqlite3.Row
    rows = connection.execute(sql, params).fetchall()
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        if rows:
            writer.writerow(rows[0].keys())
        writer.writerows(rows)
    return len(rows)
