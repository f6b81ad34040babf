# mistake: writes cursor.description itself as the header, whole 7-item tuples instead of names
# expect: the first row must hold the result's column names

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
    rows = cursor.fetchall()
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(cursor.description)
        writer.writerows(rows)
    return len(rows)
