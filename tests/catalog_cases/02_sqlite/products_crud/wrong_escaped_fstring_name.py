# mistake: add_product builds the INSERT with an f-string, escaping quotes in the name by hand instead of using ? parameters.
# expect: add_product pasted the name 'Zanzibar cloves'
"""Products: create, read, update, delete."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


def create_products_table(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it exists (given)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    """Store a new product; return its id."""
    with closing(sqlite3.connect(db_path)) as connection:
        safe_name = name.replace("'", "''")
        cursor = connection.execute(
            f"INSERT INTO products (name, price) VALUES ('{safe_name}', {price})"
        )
        connection.commit()
        return cursor.lastrowid


def list_products(db_path: Path) -> list[Product]:
    """Return every product, ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
    return [Product(*row) for row in rows]


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    """Set the price of product product_id; return False if there is no such product."""
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute(
            "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
        )
        connection.commit()
        return cursor.rowcount == 1


def delete_product(db_path: Path, product_id: int) -> bool:
    """Delete product product_id; return False if there is no such product."""
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute("DELETE FROM products WHERE id = ?", (product_id,))
        connection.commit()
        return cursor.rowcount == 1
