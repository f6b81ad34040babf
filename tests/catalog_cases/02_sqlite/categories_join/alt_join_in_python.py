# alternative: reads both tables and pairs them in Python with a dict lookup
import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def create_schema(connection: sqlite3.Connection) -> None:
    with connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"
        )
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0),
                category_id INTEGER NULL REFERENCES categories
            )
            """
        )


def add_category(connection: sqlite3.Connection, name: str) -> int:
    with connection:
        return connection.execute("INSERT INTO categories (name) VALUES (?)", (name,)).lastrowid


def add_product(
    connection: sqlite3.Connection, name: str, price: float, category_id: int | None = None
) -> int:
    with connection:
        return connection.execute(
            "INSERT INTO products (name, price, category_id) VALUES (?, ?, ?)",
            (name, price, category_id),
        ).lastrowid


def products_with_categories(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    category_names = dict(connection.execute("SELECT id, name FROM categories"))
    products = connection.execute("SELECT name, category_id FROM products").fetchall()
    pairs = [(name, category_names.get(category_id)) for name, category_id in products]
    return sorted(pairs, key=lambda pair: pair[0])
