# mistake: read_companies selects * and returns (id, name, city) rows instead of (name, city) tuples.
# expect: return (name, city) tuples
"""Your first database: one file you can copy."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path



def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)")
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT * FROM companies ORDER BY id").fetchall()
