# mistake: commits each customer on its own, so the rows before the bad one stay
# expect: must store none of its customers

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
    for customer in customers:
        if not customer.name.strip():
            raise ValueError("blank name")
        with connection:
            connection.execute(
                "INSERT INTO customers (name, email) VALUES (?, ?)",
                (customer.name, customer.email),
            )
    return len(customers)
