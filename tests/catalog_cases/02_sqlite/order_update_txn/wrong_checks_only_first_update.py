# mistake: checks the rowcount of the first UPDATE only; a bad line later on goes unnoticed
# expect: returned normally, but line 3 belongs to order 2

from __future__ import annotations

import sqlite3


class RowNotFound(Exception):
    """An UPDATE matched no row: the order or one of its lines does not exist."""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the orders and order_details tables (ready to use)."""
    with connection:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS orders (
                id       INTEGER PRIMARY KEY,
                customer TEXT NOT NULL,
                status   TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS order_details (
                id       INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                product  TEXT    NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity > 0)
            );
            """
        )


def amend_order(
    connection: sqlite3.Connection, order_id: int, quantities: dict[int, int]
) -> None:
    with connection:
        order = connection.execute(
            "UPDATE orders SET status = 'amended' WHERE id = ?", (order_id,)
        )
        if order.rowcount == 0:
            raise RowNotFound(f"no order {order_id}")
        for line_id, quantity in quantities.items():
            connection.execute(
                "UPDATE order_details SET quantity = ? WHERE id = ? AND order_id = ?",
                (quantity, line_id, order_id),
            )
