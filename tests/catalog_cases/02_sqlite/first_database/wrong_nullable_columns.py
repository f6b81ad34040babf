# mistake: leaves out NOT NULL, so the table takes companies without a name or a city
# expect: declare it `name TEXT NOT NULL`
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, city TEXT)")
        connection.executemany("INSERT INTO companies (name, city) VALUES (?, ?)", companies)
        connection.commit()
    shutil.copyfile(db_path, copy_path)


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT name, city FROM companies ORDER BY id").fetchall()
