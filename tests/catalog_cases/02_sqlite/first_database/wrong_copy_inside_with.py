# mistake: copies the file inside `with connection:`, whose commit only happens when the block ends
# expect: the file was copied before the inserts were committed
import shutil
import sqlite3
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)"
        )
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
