# alternative: one INSERT per customer in a loop inside a single with-block, checking each name as it goes

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
    added = 0
    with connection:
        for customer in customers:
            if customer.name.strip() == "":
                # Raised inside the block: the rows inserted so far are rolled back.
                raise ValueError("blank name")
            connection.execute(
                "INSERT INTO customers (name, email) VALUES (?, ?)",
                (customer.name, customer.email),
            )
            added += 1
    return added
