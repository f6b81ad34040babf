# mistake: declares `id INT PRIMARY KEY`, which is not SQLite's row number, so every id is NULL
# expect: declare it `id INTEGER PRIMARY KEY`
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE companies (id INT PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)"
        )
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
