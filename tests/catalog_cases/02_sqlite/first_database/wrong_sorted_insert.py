# mistake: stores the companies sorted by name instead of in the order given
# expect: the rows by id are not the companies as given, in their order
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)"
        )
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", sorted(companies))
        connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
