# alternative: materialises the rows in a list and uses explicit BEGIN / COMMIT / ROLLBACK
import sqlite3
from collections.abc import Iterable


def create_schema(connection: sqlite3.Connection) -> None:
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
    rows = list(products)
    connection.execute("BEGIN")
    try:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", rows)
    except sqlite3.Error:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return len(rows)
