# mistake: opens the transaction by hand and never rolls it back when a row fails
# expect: left inside an open transaction

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
    connection.execute("BEGIN")
    for customer in customers:
        if not customer.name.strip():
            raise ValueError("blank name")
        connection.execute(
            "INSERT INTO customers (name, email) VALUES (?, ?)", (customer.name, customer.email)
        )
    connection.commit()
    return len(customers)
