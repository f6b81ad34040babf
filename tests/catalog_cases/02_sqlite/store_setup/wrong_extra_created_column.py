# mistake: adds a created_at column the schema does not have.
# expect: products should have exactly the columns id, name, price
"""Set up the store's database, safely and repeatably."""

import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it is already there."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0),"
            " created_at TEXT DEFAULT CURRENT_TIMESTAMP)"
        )
        connection.commit()
