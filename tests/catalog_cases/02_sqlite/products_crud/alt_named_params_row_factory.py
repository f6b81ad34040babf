# alternative: named :parameters, a helper that opens connections with try/finally, and sqlite3.Row turned into Product(**row).
"""Products: create, read, update, delete."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


def _run(db_path: Path, sql: str, params: dict) -> sqlite3.Cursor:
    """Run one writing statement in its own connection, commit, close; return the cursor."""
    connection = sqlite3.connect(db_path)
    try:
        cursor = connection.execute(sql, params)
        connection.commit()
        return cursor
    finally:
        connection.close()


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
    cursor = _run(
        db_path,
        "INSERT INTO products (name, price) VALUES (:name, :price)",
        {"name": name, "price": price},
    )
    return cursor.lastrowid


def list_products(db_path: Path) -> list[Product]:
    """Return every product, ordered by id."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
    return [Product(**dict(row)) for row in rows]


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    """Set the price of product product_id; return False if there is no such product."""
    cursor = _run(
        db_path, "UPDATE products SET price = :price WHERE id = :id", {"price": price, "id": product_id}
    )
    return cursor.rowcount != 0


def delete_product(db_path: Path, product_id: int) -> bool:
    """Delete product product_id; return False if there is no such product."""
    cursor = _run(db_path, "DELETE FROM products WHERE id = :id", {"id": product_id})
    return bool(cursor.rowcount)
