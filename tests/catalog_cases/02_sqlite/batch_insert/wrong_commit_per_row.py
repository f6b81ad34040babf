# mistake: inserts and commits row by row, so every row waits for the disk and a bad row
# leaves the earlier ones stored
# expect: commit once, at the end of the whole batch
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
    """Insert every (name, price) pair of products in one transaction; return how many.

    products may be any iterable, a generator too (which can be gone through only once).
    Leave checking the rows to the table: it refuses a NULL name and a price that is not > 0.
    If the database refuses any row, let the sqlite3.IntegrityError propagate and store none
    of this batch's rows. Commit once, at the end.
    """
    count = 0
    for name, price in products:
        connection.execute("INSERT INTO products (name, price) VALUES (?, ?)", (name, price))
        connection.commit()
        count += 1
    return count
