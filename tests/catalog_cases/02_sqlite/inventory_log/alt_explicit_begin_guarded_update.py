# alternative: explicit BEGIN/COMMIT/ROLLBACK, a guarded UPDATE (WHERE stock + ? >= 0) and named placeholders

from __future__ import annotations

import sqlite3


class ProductNotFound(Exception):
    """No product has the given id."""


class InsufficientStock(Exception):
    """The change would take the stock below zero."""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products and inventory_log tables (ready to use)."""
    with connection:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS products (
                id    INTEGER PRIMARY KEY,
                name  TEXT    NOT NULL,
                stock INTEGER NOT NULL CHECK (stock >= 0)
            );
            CREATE TABLE IF NOT EXISTS inventory_log (
                id          INTEGER PRIMARY KEY,
                product_id  INTEGER NOT NULL REFERENCES products(id),
                change      INTEGER NOT NULL,
                -- char(32, 9, 10, 13): trim() takes off spaces, tabs and line breaks
                reason      TEXT    NOT NULL CHECK (trim(reason, char(32, 9, 10, 13)) <> ''),
                stock_after INTEGER NOT NULL
            );
            """
        )


def add_product(connection: sqlite3.Connection, name: str, stock: int) -> int:
    """Insert a product and return its id (ready to use; no log row: this is the opening stock)."""
    with connection:
        cursor = connection.execute(
            "INSERT INTO products (name, stock) VALUES (?, ?)", (name, stock)
        )
    return cursor.lastrowid


def change_stock(connection: sqlite3.Connection, product_id: int, change: int, reason: str) -> int:
    if change == 0 or reason.strip() == "":
        raise ValueError("a stock change needs a non-zero change and a reason")
    params = {"id": product_id, "change": change, "reason": reason}
    connection.execute("BEGIN IMMEDIATE")
    try:
        updated = connection.execute(
            "UPDATE products SET stock = stock + :change WHERE id = :id AND stock + :change >= 0",
            params,
        )
        if updated.rowcount == 0:
            exists = connection.execute("SELECT 1 FROM products WHERE id = :id", params).fetchone()
            raise InsufficientStock(product_id) if exists else ProductNotFound(product_id)
        connection.execute(
            "INSERT INTO inventory_log (product_id, change, reason, stock_after)"
            " SELECT id, :change, :reason, stock FROM products WHERE id = :id",
            params,
        )
        new_stock = connection.execute(
            "SELECT stock FROM products WHERE id = :id", params
        ).fetchone()[0]
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
    return new_stock
