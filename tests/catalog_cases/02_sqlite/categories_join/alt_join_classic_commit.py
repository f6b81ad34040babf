# alternative: explicit connection.commit() after each insert, the FOREIGN KEY as a table constraint that names no column (so it means the primary key), LEFT OUTER JOIN without aliases, and sorting in Python.
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
                category_id INTEGER,
                FOREIGN KEY (category_id) REFERENCES categories
            )
            """
        )


def add_category(connection: sqlite3.Connection, name: str) -> int:
    """Insert a category, commit, and return its id."""
    cursor = connection.execute("INSERT INTO categories (name) VALUES (?)", (name,))
    connection.commit()
    return cursor.lastrowid


def add_product(
    connection: sqlite3.Connection, name: str, price: float, category_id: int | None = None
) -> int:
    """Insert a product (category_id None: no category), commit, and return its id."""
    cursor = connection.execute(
        "INSERT INTO products (name, price, category_id) VALUES (?, ?, ?)",
        (name, price, category_id),
    )
    connection.commit()
    return cursor.lastrowid


def products_with_categories(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """Return (product name, category name) for every product, sorted by product name."""
    rows = connection.execute(
        """
        SELECT products.name, categories.name
        FROM products
        LEFT OUTER JOIN categories ON products.category_id = categories.id
        """
    ).fetchall()
    return sorted(rows, key=lambda row: row[0])
