# alternative: VARCHAR columns and AUTOINCREMENT; reads through a read-only URI and sorts by id in Python
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS companies ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " name VARCHAR(200) NOT NULL,"
            " city VARCHAR(100) NOT NULL)"
        )
        with connection:
            connection.executemany(
                "INSERT INTO companies (name, city) VALUES (:name, :city)",
                [{"name": name, "city": city} for name, city in companies],
            )
    shutil.copy(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT id, name, city FROM companies").fetchall()
    return [(name, city) for _, name, city in sorted(rows)]
