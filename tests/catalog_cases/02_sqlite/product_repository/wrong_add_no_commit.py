# mistake: add does not commit, so the product is invisible to others and lost on close.
# expect: another connection does not see the product add() stored
"""A product repository that owns its connection."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

CREATE_PRODUCTS = (
    "CREATE TABLE IF NOT EXISTS products ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " price REAL NOT NULL CHECK (price > 0))"
)


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


class ProductRepository:
    """The products stored in one SQLite database; use it as `with ProductRepository(path):`."""

    def __init__(self, db_path: Path) -> None:
        self.connection = sqlite3.connect(db_path)
        self.connection.execute(CREATE_PRODUCTS)
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> ProductRepository:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def add(self, name: str, price: float) -> int:
        cursor = self.connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
        )
        return cursor.lastrowid

    def get(self, product_id: int) -> Product | None:
        row = self.connection.execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()
        return Product(*row) if row is not None else None

    def list_all(self) -> list[Product]:
        rows = self.connection.execute("SELECT id, name, price FROM products ORDER BY id")
        return [Product(*row) for row in rows]

    def update_price(self, product_id: int, price: float) -> bool:
        cursor = self.connection.execute(
            "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
        )
        self.connection.commit()
        return cursor.rowcount > 0

    def delete(self, product_id: int) -> bool:
        cursor = self.connection.execute("DELETE FROM products WHERE id = ?", (product_id,))
        self.connection.commit()
        return cursor.rowcount > 0
