# alternative: `with connection:` around executemany, counting the rows with a small generator as executemany consumes them.
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
    count = 0

    def counted():
        nonlocal count
        for row in products:
            count += 1
            yield row

    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", counted())
    return count
