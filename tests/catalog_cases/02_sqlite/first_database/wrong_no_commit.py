# mistake: closes the connection without commit(), believing close() saves the inserts
# expect: the inserts were never committed
import shutil
import sqlite3
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute(
        "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)"
    )
    connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
    connection.close()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(db_path)
    rows = connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
    connection.close()
    return rows
