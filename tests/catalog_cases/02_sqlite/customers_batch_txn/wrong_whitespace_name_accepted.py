# mistake: tests the name with 'if not name', so a name of only spaces gets in
# expect: a batch with the name '   ' as its first row went in without an error

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
    if any(not customer.name for customer in customers):
        raise ValueError("blank name")
    with connection:
        connection.executemany(
            "INSERT INTO customers (name, email) VALUES (?, ?)",
            [(customer.name, customer.email) for customer in customers],
        )
    return len(customers)
