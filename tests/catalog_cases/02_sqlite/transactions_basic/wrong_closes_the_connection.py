# mistake: closes the connection after the transaction, although it belongs to the caller
# expect: your code closed the connection it was given, but it belongs to the caller
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
    """Run step(connection) for each step in order, as one transaction.

    If all steps succeed, commit once at the end. If a step raises, roll back everything the
    earlier steps did and let the exception propagate unchanged. Leave the connection open:
    it belongs to the caller.
    """
    try:
        with connection:
            for step in steps:
                step(connection)
    finally:
        connection.close()


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically.

    Return the new product's id. If no product has the id old_id, raise LookupError and change
    nothing. If the database refuses the new product (names are UNIQUE, prices must be > 0),
    let the sqlite3.IntegrityError propagate: the old product must then still be active.
    """
    with connection:
        retired = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if retired.rowcount == 0:
            raise LookupError(f"no product with id {old_id}")
        added = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (new_name, new_price)
        )
    return added.lastrowid
