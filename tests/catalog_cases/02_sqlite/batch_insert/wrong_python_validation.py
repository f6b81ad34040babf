# mistake: checks the rows in Python instead of leaving it to the table, and refuses an empty name, which the table accepts.
# expect: but the table accepts every one of them (an empty name is not NULL): leave checking the rows to the table
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
    for name, price in rows:
        if not name or price is None or price <= 0:
            raise sqlite3.IntegrityError(f"invalid row: {name!r}, {price!r}")
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", rows)
    return len(rows)
