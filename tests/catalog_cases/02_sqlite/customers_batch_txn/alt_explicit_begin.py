# alternative: explicit BEGIN, COMMIT and ROLLBACK in try/except, rows passed as dicts with named placeholders

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Customer:
    name: str
    email: str


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the customers table (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS customers (
                id    INTEGER PRIMARY KEY,
                name  TEXT NOT NULL,
                email TEXT NOT NULL UNIQUE
            )
            """
        )


def add_customers(connection: sqlite3.Connection, customers: Sequence[Customer]) -> int:
    rows = [{"name": c.name, "email": c.email} for c in customers]
    if any(not row["name"].strip() for row in rows):
        raise ValueError("every customer needs a name")
    connection.execute("BEGIN")
    try:
        cursor = connection.executemany(
            "INSERT INTO customers (name, email) VALUES (:name, :email)", rows
        )
    except Exception:
        connection.rollback()
        raise
    connection.commit()
    return cursor.rowcount
