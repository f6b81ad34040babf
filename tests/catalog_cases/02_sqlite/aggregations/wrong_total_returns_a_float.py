# mistake: uses TOTAL() for the sums and returns its float, 171580.0 cents instead of an int
# expect: a float: counts and sums of cents are whole numbers, return an int
"""Totals, counts and averages with GROUP BY and HAVING.

A shop's dashboard asks the database for figures instead of loading every row into Python.
Write four queries over the `products` table below: the value of all stock, the stock of one
category, a summary per category (how many products, how many items in stock, the average
price), and the categories that have at least a given number of products. The database does
the arithmetic: each function fetches only its answer (one row for a total, one row per
category for a list), never the products' rows to add up in Python. The category and the
minimum are values, so they reach SQLite as `?` parameters, and a category matches exactly
(`=`, not LIKE: "LIGHTING" is not "lighting").

Prices are whole cents in an INTEGER column, as money often is (floats cannot hold 0.10
exactly), so totals and counts are ints. Two details then decide whether the figures are right.
SUM over no rows is NULL, which Python receives as None, not 0: an empty shop or a category
without products must still give 0 (COALESCE(SUM(...), 0) does it; SQLite's TOTAL() does too,
but returns a float, so wrap it in int()). And in SQLite, as in PostgreSQL, an integer divided
by an integer is an integer (7 / 2 is 3): an average computed as SUM(price) / COUNT(*) loses its
fraction, while AVG() returns a float. To filter groups by an aggregate (at least N products),
use HAVING: WHERE filters rows before they are grouped. And GROUP BY promises no order: only
ORDER BY does.

Concept: aggregate functions, GROUP BY and HAVING, and what NULL does to aggregates.

Done when: the figures match a known data set exactly (totals and counts as ints, averages as
floats with their fractions, not rounded), each function fetches only its answer, an empty table
is worth 0 (never None) and has no summaries, a category without products has a stock of 0,
categories match exactly, the lists are sorted by category, and the category and min_products
are `?` parameters.
"""

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
    row = connection.execute("SELECT TOTAL(price_cents * stock) FROM products")
    return row.fetchone()[0]


def stock_in_category(connection: sqlite3.Connection, category: str) -> int:
    """Return the total stock of the products in category (0 if it has no products)."""
    row = connection.execute(
        "SELECT TOTAL(stock) FROM products WHERE category = ?", (category,)
    )
    return row.fetchone()[0]


def category_summaries(connection: sqlite3.Connection) -> list[CategorySummary]:
    """Return one CategorySummary per category that has products, sorted by category.

    average_price_cents is the mean of price_cents with its fraction (a float, not rounded).
    """
    rows = connection.execute(
        """
        SELECT category, COUNT(*), SUM(stock), AVG(price_cents)
        FROM products
        GROUP BY category
        ORDER BY category
        """
    )
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
    )
    return [category for (category,) in rows]
