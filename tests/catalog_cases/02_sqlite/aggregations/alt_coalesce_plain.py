# alternative: the straightforward version: COALESCE(SUM(...), 0), AVG(), GROUP BY ... HAVING COUNT(*) >= ?, with rows unpacked into the dataclass by position.
"""Totals, counts and averages with GROUP BY and HAVING."""

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySummary:
    """The figures of one category: its number of products, the sum of their stock, and the
    mean of their price_cents."""

    category: str
    product_count: int
    total_stock: int
    average_price_cents: float


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                category TEXT NOT NULL,
                price_cents INTEGER NOT NULL CHECK (price_cents > 0),
                stock INTEGER NOT NULL CHECK (stock >= 0)
            )
            """
        )


def inventory_value_cents(connection: sqlite3.Connection) -> int:
    """Return the value of all stock in cents: the sum of price_cents * stock (0 if empty)."""
    (value,) = connection.execute(
        "SELECT COALESCE(SUM(price_cents * stock), 0) FROM products"
    ).fetchone()
    return value


def stock_in_category(connection: sqlite3.Connection, category: str) -> int:
    """Return the total stock of the products in category (0 if it has no products)."""
    (stock,) = connection.execute(
        "SELECT COALESCE(SUM(stock), 0) FROM products WHERE category = ?", (category,)
    ).fetchone()
    return stock


def category_summaries(connection: sqlite3.Connection) -> list[CategorySummary]:
    """Return one CategorySummary per category that has products, sorted by category."""
    rows = connection.execute(
        """
        SELECT category, COUNT(*), SUM(stock), AVG(price_cents)
        FROM products
        GROUP BY category
        ORDER BY category
        """
    ).fetchall()
    return [CategorySummary(*row) for row in rows]


def categories_with_at_least(connection: sqlite3.Connection, min_products: int) -> list[str]:
    """Return the categories that have at least min_products products (inclusive), sorted."""
    rows = connection.execute(
        """
        SELECT category
        FROM products
        GROUP BY category
        HAVING COUNT(*) >= ?
        ORDER BY category
        """,
        (min_products,),
    ).fetchall()
    return [category for (category,) in rows]
