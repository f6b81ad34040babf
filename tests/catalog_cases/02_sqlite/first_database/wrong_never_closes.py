# mistake: neither function ever closes its connection (the docstring's order is create, insert, commit, close, then copy).
# expect: create_and_copy left 1 connection(s) open
"""Your first database: one file you can copy."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path



def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)")
    connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
    connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    connection = sqlite3.connect(db_path)
    return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
