# mistake: add_product never commits, so its rows stay pending in the connection.
# expect: add_product must commit
"""Products and their categories: an enforced foreign key and a LEFT JOIN."""

import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """Open the database at path; the returned connection enforces foreign keys."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the categories and products tables if they do not exist yet."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS categories (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            )
            """
        )
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0),
                category_id INTEGER REFERENCES categories (id)
            )
            """
        )


def add_category(connection: sqlite3.Connection, name: str) -> int:
    """Insert a category, commit, and return its id."""
    with connection:
        cursor = connection.execute("INSERT INTO categories (name) VALUES (?)", (name,))
    return cursor.lastrowid


def add_product(
    connection: sqlite3.Connection, name: str, price: float, category_id: int | None = None
) -> int:
    """Insert a product (category_id None: no category), commit, and return its id."""
    cursor = connection.execute(
        "INSERT INTO products (name, price, category_id) VALUES (?, ?, ?)",
        (name, price, category_id),
    )
    return cursor.lastrowid


def products_with_categories(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """Return (product name, category name) for every product, sorted by product name."""
    rows = connection.execute(
        """
        SELECT p.name,
               (SELECT c.name FROM categories AS c WHERE c.id = p.category_id)
        FROM products AS p
        ORDER BY p.name
        """
    ).fetchall()
    return [tuple(row) for row in rows]
