# mistake: pastes the values into the SQL between double quotes, which SQLite reads as identifiers and only falls back to strings, and which a name holding a double quote breaks
# expect: pass the values as ? parameters
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)"
        )
        for name, city in companies:
            connection.execute(f'INSERT INTO companies (name, city) VALUES ("{name}", "{city}")')
        connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
