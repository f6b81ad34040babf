# mistake: relies on CHECK (price > 0) alone and leaves out NOT NULL on price
# expect: price needs NOT NULL as well
import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL CHECK (price > 0)
            )
            """
        )
        connection.commit()
