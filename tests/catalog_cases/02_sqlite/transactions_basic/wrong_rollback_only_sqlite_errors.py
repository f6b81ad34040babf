# mistake: run_in_transaction rolls back only on sqlite3.Error, so a step failing with any other exception leaves its predecessors pending.
# expect: roll back when a step raises
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
        for step in steps:
            step(connection)
    except sqlite3.Error:
        connection.rollback()
        raise
    connection.commit()


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically."""
    new_ids: list[int] = []

    def retire_old(conn: sqlite3.Connection) -> None:
        cursor = conn.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if cursor.rowcount == 0:
            raise LookupError(f"no product has id {old_id}")

    def add_new(conn: sqlite3.Connection) -> None:
        cursor = conn.execute(
            "INSERT INTO products (name, price, active) VALUES (?, ?, 1)", (new_name, new_price)
        )
        new_ids.append(cursor.lastrowid)

    run_in_transaction(connection, [retire_old, add_new])
    return new_ids[0]
