# mistake: price is declared NUMERIC instead of REAL.
# expect: price is declared 'NUMERIC', not REAL
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
            " price NUMERIC NOT NULL CHECK (price > 0))"
        )
        connection.commit()
