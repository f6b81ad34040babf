# mistake: run_in_transaction rolls back but replaces the step's exception with a new RuntimeError instead of letting it propagate unchanged.
# expect: but the caller got RuntimeError
# expect: let the step's own exception propagate unchanged
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
    try:
        with connection:
            for step in steps:
                step(connection)
    except Exception as error:
        raise RuntimeError(f"transaction rolled back: {error}") from error


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically."""
    with connection:
        cursor = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if cursor.rowcount == 0:
            raise LookupError(f"no product has id {old_id}")
        cursor = connection.execute(
            "INSERT INTO products (name, price, active) VALUES (?, ?, 1)", (new_name, new_price)
        )
    return cursor.lastrowid
