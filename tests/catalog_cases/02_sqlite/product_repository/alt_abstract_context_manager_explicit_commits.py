# alternative: AbstractContextManager supplies __enter__; explicit commit() and rollback(); sqlite3.Row
from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
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


class ProductRepository(AbstractContextManager["ProductRepository"]):
    """AbstractContextManager's __enter__ returns self; only __exit__ is ours."""

    def __init__(self, db_path: Path) -> None:
        self.connection = sqlite3.connect(db_path)
        self.connection.row_factory = sqlite3.Row
        try:
            self.connection.execute(CREATE_PRODUCTS)
            self.connection.commit()
        except BaseException:
            self.connection.close()
            raise

    def close(self) -> None:
        self.connection.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        try:
            if exc_type is not None:
                self.connection.rollback()
        finally:
            self.close()
        return False

    @staticmethod
    def _product(row: sqlite3.Row) -> Product:
        return Product(id=row["id"], name=row["name"], price=row["price"])

    def _write(self, sql: str, values: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            cursor = self.connection.execute(sql, values)
            self.connection.commit()
        except BaseException:
            self.connection.rollback()
            raise
        return cursor

    def add(self, name: str, price: float) -> int:
        cursor = self._write("INSERT INTO products (name, price) VALUES (?, ?)", (name, price))
        return cursor.lastrowid

    def get(self, product_id: int) -> Product | None:
        cursor = self.connection.execute("SELECT * FROM products WHERE id = ?", (product_id,))
        row = cursor.fetchone()
        return self._product(row) if row else None

    def list_all(self) -> list[Product]:
        cursor = self.connection.execute("SELECT * FROM products ORDER BY id")
        return [self._product(row) for row in cursor.fetchall()]

    def update_price(self, product_id: int, price: float) -> bool:
        cursor = self._write("UPDATE products SET price = ? WHERE id = ?", (price, product_id))
        return cursor.rowcount > 0

    def delete(self, product_id: int) -> bool:
        cursor = self._write("DELETE FROM products WHERE id = ?", (product_id,))
        return cursor.rowcount > 0
