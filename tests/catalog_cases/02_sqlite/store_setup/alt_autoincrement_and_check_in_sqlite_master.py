# alternative: looks the table up in sqlite_master before creating it; AUTOINCREMENT; STRICT
import sqlite3
from pathlib import Path


def setup_store(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    try:
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'products'"
        ).fetchone()
        if exists is None:
            connection.execute(
                "CREATE TABLE products ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " name TEXT NOT NULL,"
                " price REAL NOT NULL CHECK (price > 0)) STRICT"
            )
            connection.commit()
    finally:
        connection.close()
