# mistake: switches the connection to autocommit (isolation_level = None), so `with connection:` no longer opens a transaction and every row is committed on its own.
# expect: were committed: commit once, at the end of the whole batch
# expect: isolation_level=None commits every statement by itself
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
    connection.isolation_level = None
    with connection:
        cursor = connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", products)
    return cursor.rowcount
