# mistake: counts the rows by going through the iterable first, which exhausts a generator before executemany sees it.
# expect: a generator can be gone through only once, so do not go through it before inserting
"""Insert many rows at once: one transaction, executemany, all or nothing."""

import sqlite3
from collections.abc import Iterable


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )


def insert_batch(connection: sqlite3.Connection, products: Iterable[tuple[str, float]]) -> int:
    """Insert every (name, price) pair of products in one transaction; return how many."""
    count = sum(1 for _ in products)
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", products)
    return count
