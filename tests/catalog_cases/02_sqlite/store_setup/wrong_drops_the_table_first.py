# mistake: makes the setup repeatable by dropping the table first, which deletes every product
# expect: the second setup_store lost the stored products
import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.executescript(
            """
            DROP TABLE IF EXISTS products;
            CREATE TABLE products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            );
            """
        )
