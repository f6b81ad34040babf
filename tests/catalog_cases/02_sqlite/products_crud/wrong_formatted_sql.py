# mistake: builds the SQL with f-strings, so quotes in a name break it (and could run SQL)
# expect: pasted the name 'Zanzibar cloves'
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
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute(
            f"INSERT INTO products (name, price) VALUES ('{name}', {price})"
        )
        connection.commit()
        return cursor.lastrowid


def list_products(db_path: Path) -> list[Product]:
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
    return [Product(*row) for row in rows]


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute(f"UPDATE products SET price = {price} WHERE id = {product_id}")
        connection.commit()
        return cursor.rowcount == 1


def delete_product(db_path: Path, product_id: int) -> bool:
    with closing(sqlite3.connect(db_path)) as connection:
        cursor = connection.execute(f"DELETE FROM products WHERE id = {product_id}")
        connection.commit()
        return cursor.rowcount == 1
