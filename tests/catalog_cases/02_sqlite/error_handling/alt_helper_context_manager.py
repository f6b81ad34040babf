# alternative: one contextmanager helper opens, commits or rolls back, translates IntegrityError and closes for every function; update_price checks the id with SELECT first.
"""Errors the rest of the application can understand."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


class StoreError(Exception):
    """Something the store cannot do; the base of the store's own exceptions."""


class ProductNotFound(StoreError):
    """No product has the id that was asked for."""


class InvalidProduct(StoreError):
    """The database refused the product: its name is taken, or its price is not positive."""


def create_products_table(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it exists (given)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL UNIQUE,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


@contextmanager
def _transaction(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in a transaction: committed on success, rolled back on error, always closed."""
    connection = sqlite3.connect(db_path)
    try:
        with connection:
            yield connection
    except sqlite3.IntegrityError as error:
        raise InvalidProduct(str(error)) from error
    finally:
        connection.close()


def add_product(db_path: Path, name: str, price: float) -> int:
    """Store a product and return its id; InvalidProduct if the database refuses it."""
    with _transaction(db_path) as connection:
        cursor = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
        )
    return cursor.lastrowid


def get_product(db_path: Path, product_id: int) -> Product:
    """Return the product with that id; ProductNotFound if there is none."""
    with closing(sqlite3.connect(db_path)) as connection:
        row = connection.execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()
    if row is None:
        raise ProductNotFound(f"no product has id {product_id}")
    return Product(*row)


def update_price(db_path: Path, product_id: int, price: float) -> None:
    """Change one price; ProductNotFound or InvalidProduct when that is impossible."""
    with _transaction(db_path) as connection:
        found = connection.execute("SELECT 1 FROM products WHERE id = ?", (product_id,))
        if found.fetchone() is None:
            raise ProductNotFound(f"no product has id {product_id}")
        connection.execute("UPDATE products SET price = ? WHERE id = ?", (price, product_id))


def apply_price_list(db_path: Path, prices: dict[int, float]) -> None:
    """Change several prices, all or nothing."""
    with _transaction(db_path) as connection:
        for product_id, price in prices.items():
            cursor = connection.execute(
                "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
            )
            if cursor.rowcount != 1:
                raise ProductNotFound(f"no product has id {product_id}")
