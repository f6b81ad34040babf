# alternative: opens the transaction with an explicit BEGIN and ends it with COMMIT or ROLLBACK
import sqlite3
from collections.abc import Callable, Sequence

Step = Callable[[sqlite3.Connection], None]


def create_schema(connection: sqlite3.Connection) -> None:
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
    connection.execute("BEGIN")
    try:
        for step in steps:
            step(connection)
    except BaseException:  # KeyboardInterrupt too: nothing half-done may stay pending
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    connection.execute("BEGIN")
    try:
        cursor = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if cursor.rowcount == 0:
            raise LookupError(f"no product with id {old_id}")
        cursor = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (new_name, new_price)
        )
    except BaseException:  # KeyboardInterrupt too: nothing half-done may stay pending
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return cursor.lastrowid
