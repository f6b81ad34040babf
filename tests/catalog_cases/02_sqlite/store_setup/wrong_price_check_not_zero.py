# mistake: the CHECK only forbids exactly 0 (price <> 0), so negative prices are accepted.
# expect: a product with price -0.01 was stored
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
            " price REAL NOT NULL CHECK (price <> 0))"
        )
        connection.commit()
