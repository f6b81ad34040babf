# alternative: commits with an inner 'with connection:' block inside contextlib.closing, inserts in a loop, and copies with shutil.copy2 after both blocks.
"""Your first database: one file you can copy."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path



def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            connection.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)")
            for name, city in companies:
                connection.execute(
                    "INSERT INTO companies (name, city) VALUES (:name, :city)",
                    {"name": name, "city": city},
                )
    shutil.copy2(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute("SELECT name, city FROM companies ORDER BY id")
        return [(name, city) for name, city in cursor]
