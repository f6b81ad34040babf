# alternative: copies with SQLite's online backup API and reads through sqlite3.Row
import sqlite3
from pathlib import Path


def create_and_copy(db_path: Path, copy_path: Path, companies: list[tuple[str, str]]) -> None:
    connection = sqlite3.connect(db_path)
    try:
        connection.executescript(
            """
            CREATE TABLE companies (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                city TEXT NOT NULL
            );
            """
        )
        for name, city in companies:
            connection.execute("INSERT INTO companies (name, city) VALUES (?, ?)", (name, city))
        connection.commit()
        # backup() copies the committed pages into another database, page by page.
        target = sqlite3.connect(copy_path)
        try:
            connection.backup(target)
        finally:
            target.close()
    finally:
        connection.close()


def read_companies(db_path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT * FROM companies ORDER BY id").fetchall()
    finally:
        connection.close()
    return [(row["name"], row["city"]) for row in rows]
