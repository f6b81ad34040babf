# mistake: commits in chunks of 100 rows to "keep transactions small", so a refused row in a later chunk leaves the earlier chunks stored.
# expect: while insert_batch was inserting row 101 of 300, a second connection could already see 100 committed row(s)
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
    chunk = []
    for row in products:
        chunk.append(row)
        if len(chunk) == 100:
            with connection:
                connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", chunk)
            count += len(chunk)
            chunk = []
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", chunk)
    count += len(chunk)
    return count
