# alternative: reads through a cursor whose row_factory builds Product objects, uses INSERT ... RETURNING id, and a helper _write that commits (and, added when the docstring asked for it, rolls back a refused write).
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


class _Rows:
    """The rows a write statement returned, and how many rows it changed."""

    def __init__(self, rows: list[tuple], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None


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
        cursor = self._write(
            "INSERT INTO products (name, price) VALUES (?, ?) RETURNING id", (name, price)
        )
        return cursor.fetchone()[0]

    def _write(self, sql: str, params: tuple) -> sqlite3.Cursor:
        try:
            cursor = self.connection.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            self.connection.commit()
        except sqlite3.Error:
            self.connection.rollback()
            raise
        return _Rows(rows, cursor.rowcount)

    def _products(self) -> sqlite3.Cursor:
        cursor = self.connection.cursor()
        cursor.row_factory = lambda _cursor, row: Product(*row)
        return cursor

    def get(self, product_id: int) -> Product | None:
        return self._products().execute(
            "SELECT id, name, price FROM products WHERE id = ?", (product_id,)
        ).fetchone()

    def list_all(self) -> list[Product]:
        return self._products().execute(
            "SELECT id, name, price FROM products ORDER BY id"
        ).fetchall()

    def update_price(self, product_id: int, price: float) -> bool:
        cursor = self._write(
            "UPDATE products SET price = ? WHERE id = ?", (price, product_id)
        )
        return cursor.rowcount > 0

    def delete(self, product_id: int) -> bool:
        cursor = self._write("DELETE FROM products WHERE id = ?", (product_id,))
        return cursor.rowcount > 0
