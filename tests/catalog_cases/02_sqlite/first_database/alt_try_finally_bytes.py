# alternative: closes with try/finally and copies by reading and writing the file's bytes with pathlib.
"""Your first database: one file you can copy."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path



def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    """Create the companies database at db_path, then copy the finished file to copy_path."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)")
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        connection.commit()
    finally:
        connection.close()
    Path(copy_path).write_bytes(Path(db_path).read_bytes())


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    connection = sqlite3.connect(db_path)
    try:
        rows = connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
    finally:
        connection.close()
    return rows
