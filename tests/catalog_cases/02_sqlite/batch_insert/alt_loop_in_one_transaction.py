# alternative: one execute() per row, all inside a single `with connection:` transaction
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
    count = 0
    # Still one transaction: the commit (the slow part) happens once, when the block ends.
    with connection:
        for name, price in products:
            connection.execute("INSERT INTO products (name, price) VALUES (?, ?)", (name, price))
            count += 1
    return count
