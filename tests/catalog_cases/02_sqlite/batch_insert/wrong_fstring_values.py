# mistake: builds one multi-row INSERT by pasting the names and prices into the SQL with an f-string instead of ? parameters (a None name becomes the text 'None').
# expect: pass the values as ? parameters, never format them into the SQL text
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
    if not rows:
        return 0
    values = ", ".join(f"('{name}', {price})" for name, price in rows)
    with connection:
        connection.execute(f"INSERT INTO products (name, price) VALUES {values}")
    return len(rows)
