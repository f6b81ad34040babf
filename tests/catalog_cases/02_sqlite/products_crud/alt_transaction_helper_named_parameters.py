# alternative: a contextmanager helper for connect-commit-close, named parameters, row_factory
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def transaction(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection whose changes are committed at the end, rolled back on error, then closed."""
    connection = sqlite3.connect(db_path)
    try:
        yield connection
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


def add_product(db_path: Path, name: str, price: float) -> int:
    with transaction(db_path) as connection:
        connection.execute(
            "INSERT INTO products (name, price) VALUES (:name, :price)",
            {"name": name, "price": price},
        )
        (new_id,) = connection.execute("SELECT last_insert_rowid()").fetchone()
    return new_id


def list_products(db_path: Path) -> list[Product]:
    with transaction(db_path) as connection:
        connection.row_factory = lambda cursor, row: Product(*row)
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    with transaction(db_path) as connection:
        changed = connection.execute(
            "UPDATE products SET price = :price WHERE id = :id", {"price": price, "id": product_id}
        ).rowcount
    return changed > 0


def delete_product(db_path: Path, product_id: int) -> bool:
    with transaction(db_path) as connection:
        deleted = connection.execute(
            "DELETE FROM products WHERE id = :id", {"id": product_id}
        ).rowcount
    return deleted > 0
