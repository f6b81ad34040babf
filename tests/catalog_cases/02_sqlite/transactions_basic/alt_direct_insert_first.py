# alternative: replace_product uses 'with connection:' directly, inserting the new product first and retiring the old one second.
"""Several steps, one transaction: all of them or none of them."""

import sqlite3
from collections.abc import Callable, Sequence

Step = Callable[[sqlite3.Connection], None]


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                price REAL NOT NULL CHECK (price > 0),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            )
            """
        )


def run_in_transaction(connection: sqlite3.Connection, steps: Sequence[Step]) -> None:
    """Run step(connection) for each step in order, as one transaction."""
    with connection:
        for step in steps:
            step(connection)


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically."""
    with connection:
        added = connection.execute(
            "INSERT INTO products (name, price, active) VALUES (?, ?, 1)", (new_name, new_price)
        )
        retired = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if retired.rowcount != 1:
            raise LookupError(f"no product has id {old_id}")
    return added.lastrowid
