# mistake: writes CREATE TABLE without IF NOT EXISTS, so the second setup fails
# expect: Use CREATE TABLE IF NOT EXISTS
import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            """
            CREATE TABLE products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )
        connection.commit()
