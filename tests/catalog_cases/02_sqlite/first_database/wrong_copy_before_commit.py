# mistake: the file is copied while the inserts are still an uncommitted transaction, and commit comes after the copy.
# expect: the file was copied before the inserts were committed
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
        shutil.copyfile(db_path, copy_path)
        connection.commit()


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    """Return every company in the database at db_path as (name, city), ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()

