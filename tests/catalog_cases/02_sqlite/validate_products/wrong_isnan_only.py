# mistake: the price check catches NaN with math.isnan but lets infinity through.
# expect: validate_product('Desk Lamp', inf) accepted it
# expect: use math.isfinite
"""Validate products before they are stored: one bad value, nothing written."""

import math
import sqlite3


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL
            )
            """
        )


def validate_product(name: str, price: float) -> tuple[str, float]:
    """Check one product and return it cleaned: (name without surrounding whitespace, price)."""
    if not isinstance(name, str):
        raise ValueError(f"the name must be text, not {type(name).__name__}")
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("the name is empty")
    if isinstance(price, bool) or not isinstance(price, (int, float)):
        raise ValueError(f"the price must be a number, not {price!r}")
    if math.isnan(price) or price <= 0:
        raise ValueError(f"the price must be a number above 0, not {price!r}")
    return cleaned, float(price)


def add_product(connection: sqlite3.Connection, name: str, price: float) -> int:
    """Validate one product, insert it, commit, and return its new id.

    Invalid input raises ValueError and stores nothing.
    """
    name, price = validate_product(name, price)
    with connection:
        cursor = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
        )
    return cursor.lastrowid


def add_products(connection: sqlite3.Connection, items: list[tuple[str, float]]) -> int:
    """Store every (name, price) pair of items, all or nothing; return how many were stored.

    If any item is invalid, raise ValueError and store none of them, not even the valid
    items that come before the bad one. On success everything is committed.
    """
    cleaned = [validate_product(name, price) for name, price in items]
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", cleaned)
    return len(cleaned)
