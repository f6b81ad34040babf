# mistake: relies on `with sqlite3.connect(...) as connection:` alone, which commits or rolls back but never closes
# expect: connection(s) open
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


class StoreError(Exception):
    pass


class ProductNotFound(StoreError):
    pass


class InvalidProduct(StoreError):
    pass


def create_products_table(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL UNIQUE,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    try:
        with sqlite3.connect(db_path) as connection:
            cursor = connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
            )
    except sqlite3.IntegrityError as error:
        raise InvalidProduct(str(error)) from error
    return cursor.lastrowid


def get_product(db_path: Path, product_id: int) -> Product:
    with sqlite3.connect(db_path) as connection:
        row = connection.execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()
    if row is None:
        raise ProductNotFound(product_id)
    return Product(*row)


def update_price(db_path: Path, product_id: int, price: float) -> None:
    apply_price_list(db_path, {product_id: price})


def apply_price_list(db_path: Path, prices: dict[int, float]) -> None:
    try:
        with sqlite3.connect(db_path) as connection:
            for product_id, price in prices.items():
                cursor = connection.execute(
                    "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
                )
                if cursor.rowcount == 0:
                    raise ProductNotFound(product_id)
    except sqlite3.IntegrityError as error:
        raise InvalidProduct(str(error)) from error
