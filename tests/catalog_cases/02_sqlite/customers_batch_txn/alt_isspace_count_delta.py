# alternative: tests blankness with `not name or name.isspace()`, builds the rows with dataclasses.astuple, and returns the growth of COUNT(*) measured inside the transaction.
"""A batch of customers: every one of them or none."""

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
    """Insert all `customers` in one transaction and return how many were added.

    Raises ValueError for a blank name and lets sqlite3.IntegrityError (duplicate email)
    propagate; in both cases nothing of the batch is stored.
    """
    from dataclasses import astuple

    with connection:
        (before,) = connection.execute("SELECT COUNT(*) FROM customers").fetchone()
        for customer in customers:
            if not customer.name or customer.name.isspace():
                raise ValueError("blank name")
            connection.execute("INSERT INTO customers (name, email) VALUES (?, ?)", astuple(customer))
        (after,) = connection.execute("SELECT COUNT(*) FROM customers").fetchone()
    return after - before
