# mistake: closes the connection after committing, although the caller owns it.
# expect: amend_order closed the caller's connection
"""Amend an order: every update or none."""

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


def amend_order(connection: sqlite3.Connection, order_id: int, quantities: dict[int, int]) -> None:
    """Mark order `order_id` 'amended' and set the new quantities of its lines, all or nothing.

    Raises RowNotFound if the order, or any line of it, does not exist; a quantity below 1
    raises sqlite3.IntegrityError. A refused amendment changes nothing.
    """
    from contextlib import closing

    with closing(connection), connection:
        if connection.execute("UPDATE orders SET status = 'amended' WHERE id = ?", (order_id,)).rowcount != 1:
            raise RowNotFound(f"no order {order_id}")
        for line_id, quantity in quantities.items():
            if connection.execute("UPDATE order_details SET quantity = ? WHERE id = ? AND order_id = ?", (quantity, line_id, order_id)).rowcount != 1:
                raise RowNotFound(f"order {order_id} has no line {line_id}")
