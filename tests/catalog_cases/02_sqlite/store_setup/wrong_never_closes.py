# mistake: setup_store never closes its connection.
# expect: setup_store left 1 connection(s) open
"""Set up the store's database, safely and repeatably."""

import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it is already there."""
    connection = sqlite3.connect(db_path)
    connection.execute(
        "CREATE TABLE IF NOT EXISTS products ("
        " id INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " price REAL NOT NULL CHECK (price > 0))"
    )
    connection.commit()
