# alternative: FOREIGN KEY as a table constraint, listing through a correlated subquery
import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = 1")
    return connection


def create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(
        """
        CREATE TABLE IF NOT EXISTS categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            price REAL NOT NULL CHECK (price > 0),
            category_id INTEGER,
            FOREIGN KEY (category_id) REFERENCES categories (id)
        );
        """
    )


def add_category(connection: sqlite3.Connection, name: str) -> int:
    cursor = connection.execute("INSERT INTO categories (name) VALUES (:name)", {"name": name})
    connection.commit()
    return cursor.lastrowid


def add_product(
    connection: sqlite3.Connection, name: str, price: float, category_id: int | None = None
) -> int:
    try:
        cursor = connection.execute(
            "INSERT INTO products (name, price, category_id) VALUES (:name, :price, :category)",
            {"name": name, "price": price, "category": category_id},
        )
    except sqlite3.IntegrityError:
        connection.rollback()
        raise
    connection.commit()
    return cursor.lastrowid


def products_with_categories(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    # A scalar subquery that finds no row gives NULL, so uncategorised products stay listed.
    return connection.execute(
        """
        SELECT name, (SELECT categories.name FROM categories WHERE categories.id = category_id)
        FROM products
        ORDER BY name
        """
    ).fetchall()
