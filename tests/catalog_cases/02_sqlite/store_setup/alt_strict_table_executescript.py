# alternative: a STRICT table created through executescript, with try/finally for closing.
"""Set up the store's database, safely and repeatably."""

import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it is already there."""
    connection = sqlite3.connect(db_path)
    try:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS products (
                id    INTEGER PRIMARY KEY,
                name  TEXT    NOT NULL,
                price REAL    NOT NULL CHECK (price > 0)
            ) STRICT;
            """
        )
    finally:
        connection.close()
