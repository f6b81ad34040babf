# alternative: try/except/finally with explicit commit and rollback; executemany plus a rowcount total
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
    connection = sqlite3.connect(db_path)
    try:
        cursor = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
        )
        connection.commit()
        return cursor.lastrowid
    except sqlite3.IntegrityError as error:
        connection.rollback()
        raise InvalidProduct(f"{name!r} refused: {error}") from error
    finally:
        connection.close()


def get_product(db_path: Path, product_id: int) -> Product:
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise ProductNotFound(product_id)
    id_, name, price = row
    return Product(id=id_, name=name, price=price)


def update_price(db_path: Path, product_id: int, price: float) -> None:
    connection = sqlite3.connect(db_path)
    try:
        exists = connection.execute(
            "SELECT 1 FROM products WHERE id = ?", (product_id,)
        ).fetchone()
        if exists is None:
            raise ProductNotFound(product_id)
        connection.execute("UPDATE products SET price = ? WHERE id = ?", (price, product_id))
        connection.commit()
    except sqlite3.IntegrityError as error:
        connection.rollback()
        raise InvalidProduct(f"price {price} refused: {error}") from error
    finally:
        connection.close()


def apply_price_list(db_path: Path, prices: dict[int, float]) -> None:
    connection = sqlite3.connect(db_path)
    try:
        cursor = connection.executemany(
            "UPDATE products SET price = ? WHERE id = ?",
            [(price, product_id) for product_id, price in prices.items()],
        )
        # executemany's rowcount is the total over all the statements it ran.
        if cursor.rowcount != len(prices):
            connection.rollback()
            raise ProductNotFound(f"only {cursor.rowcount} of {len(prices)} ids exist")
        connection.commit()
    except sqlite3.IntegrityError as error:
        connection.rollback()
        raise InvalidProduct(str(error)) from error
    finally:
        connection.close()
