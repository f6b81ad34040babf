# mistake: catches the duplicate and returns 0, so the caller never learns the batch was refused
# expect: let the UNIQUE constraint's sqlite3.IntegrityError propagate

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
    if any(not customer.name.strip() for customer in customers):
        raise ValueError("blank name")
    try:
        with connection:
            connection.executemany(
                "INSERT INTO customers (name, email) VALUES (?, ?)",
                [(customer.name, customer.email) for customer in customers],
            )
    except sqlite3.IntegrityError:
        return 0
    return len(customers)
