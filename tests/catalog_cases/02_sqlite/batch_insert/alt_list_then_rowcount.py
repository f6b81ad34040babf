# alternative: turns the iterable into a list first and returns the cursor's rowcount, with an explicit commit / rollback instead of `with connection:`.
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
    rows = list(products)
    try:
        cursor = connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", rows)
        connection.commit()
    except sqlite3.Error:
        connection.rollback()
        raise
    return cursor.rowcount
