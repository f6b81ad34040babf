# mistake: declares id INT PRIMARY KEY, which SQLite does not number by itself
# expect: only a column declared exactly INTEGER PRIMARY KEY
import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INT PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )
        connection.commit()
