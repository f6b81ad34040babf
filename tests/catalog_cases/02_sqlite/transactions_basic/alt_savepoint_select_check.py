# alternative: run_in_transaction uses a named SAVEPOINT with RELEASE/ROLLBACK TO, and replace_product checks old_id with SELECT, uses functools.partial steps and RETURNING.
"""Several steps, one transaction: all of them or none of them."""

import sqlite3
from functools import partial
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
    connection.execute("SAVEPOINT steps")
    try:
        for step in steps:
            step(connection)
    except BaseException:
        connection.execute("ROLLBACK TO steps")
        connection.execute("RELEASE steps")
        connection.commit()
        raise
    connection.execute("RELEASE steps")
    connection.commit()


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically."""
    found = connection.execute("SELECT 1 FROM products WHERE id = ?", (old_id,)).fetchone()
    if found is None:
        raise LookupError(f"no product has id {old_id}")
    result: dict[str, int] = {}

    def insert(conn: sqlite3.Connection, name: str, price: float) -> None:
        (result["id"],) = conn.execute(
            "INSERT INTO products (name, price) VALUES (?, ?) RETURNING id", (name, price)
        ).fetchone()

    run_in_transaction(
        connection,
        [lambda conn: conn.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,)),
         partial(insert, name=new_name, price=new_price)],
    )
    return result["id"]
