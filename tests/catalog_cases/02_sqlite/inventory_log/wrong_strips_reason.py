# mistake: logs the reason stripped of surrounding whitespace instead of the reason that was given.
# expect: log the reason exactly as given
"""Stock changes with an audit log."""

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
    """Add `change` to the stock of `product_id`, log it, and return the new stock.

    Raises ValueError for a change of 0 (and for a blank reason, unless you leave that to the
    table's CHECK, which raises sqlite3.IntegrityError), ProductNotFound for an unknown
    product, InsufficientStock if the stock would go below 0. A refused change writes nothing.
    """
    if change == 0:
        raise ValueError("a change of 0 records nothing")
    if not reason.strip():
        raise ValueError("a change needs a reason")
    with connection:
        row = connection.execute("SELECT stock FROM products WHERE id = ?", (product_id,)).fetchone()
        if row is None:
            raise ProductNotFound(product_id)
        new_stock = row[0] + change
        if new_stock < 0:
            raise InsufficientStock(f"only {row[0]} in stock")
        connection.execute("UPDATE products SET stock = ? WHERE id = ?", (new_stock, product_id))
        connection.execute(
            "INSERT INTO inventory_log (product_id, change, reason, stock_after) "
            "VALUES (?, ?, ?, ?)",
            (product_id, change, reason.strip(), new_stock),
        )
    return new_stock
