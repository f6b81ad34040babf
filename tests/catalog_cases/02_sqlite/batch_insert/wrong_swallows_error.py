# mistake: rolls back a refused batch but swallows the IntegrityError and returns 0 instead of letting it propagate.
# expect: insert_batch returned normally although the table refused
# expect: let the sqlite3.IntegrityError propagate
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
    try:
        with connection:
            cursor = connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", products)
    except sqlite3.IntegrityError as error:
        print(f"batch refused: {error}")
        return 0
    return cursor.rowcount
