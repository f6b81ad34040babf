# mistake: a plain CHECK (price > 0) in an ordinary table, which stores the text 'free' as a price (written blind as an alternative, before the docstring asked for a number)
# expect: Make the table STRICT
"""Set up the store's database, safely and repeatably."""

import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it is already there."""
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            connection.execute(
                """
                CREATE TABLE IF NOT EXISTS products (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    price REAL NOT NULL,
                    CONSTRAINT positive_price CHECK (price > 0)
                )
                """
            )
