# mistake: only the first customer's name is checked ("the form's main contact"), so a blank name later in the batch is stored.
# expect: a batch with the name '' as its middle row went in without an error
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
    if customers and not customers[0].name.strip():
        raise ValueError("blank name")
    with connection:
        for customer in customers:
            connection.execute("INSERT INTO customers (name, email) VALUES (?, ?)", (customer.name, customer.email))
    return len(customers)
