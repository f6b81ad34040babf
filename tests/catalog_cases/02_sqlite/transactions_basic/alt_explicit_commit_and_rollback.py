# alternative: explicit commit()/rollback() in try/except; replace_product uses run_in_transaction
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
    try:
        for step in steps:
            step(connection)
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    new_ids: list[int] = []

    def retire_old(connection: sqlite3.Connection) -> None:
        cursor = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
        if cursor.rowcount == 0:
            raise LookupError(f"no product with id {old_id}")

    def add_new(connection: sqlite3.Connection) -> None:
        cursor = connection.execute(
            "INSERT INTO products (name, price, active) VALUES (?, ?, 1)", (new_name, new_price)
        )
        new_ids.append(cursor.lastrowid)

    run_in_transaction(connection, [retire_old, add_new])
    return new_ids[0]
