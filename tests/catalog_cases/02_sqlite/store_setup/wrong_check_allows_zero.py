# mistake: writes CHECK (price >= 0), so a free product slips through
# expect: which refuses 0 too
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
                price REAL NOT NULL CHECK (price >= 0)
            )
            """
        )
        connection.commit()
