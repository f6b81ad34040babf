# alternative: TOTAL() instead of COALESCE, SUM * 1.0 / COUNT for the average, a subquery for HAVING
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySummary:
    category: str
    product_count: int
    total_stock: int
    average_price_cents: float


def create_schema(connection: sqlite3.Connection) -> None:
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
    # TOTAL() is 0.0 over no rows; it is always a float, so turn it back into whole cents.
    (total,) = connection.execute("SELECT TOTAL(price_cents * stock) FROM products").fetchone()
    return int(total)


def stock_in_category(connection: sqlite3.Connection, category: str) -> int:
    (total,) = connection.execute(
        "SELECT TOTAL(stock) FROM products WHERE category = :category", {"category": category}
    ).fetchone()
    return int(total)


def category_summaries(connection: sqlite3.Connection) -> list[CategorySummary]:
    # Multiplying by 1.0 makes the division a float division.
    rows = connection.execute(
        """
        SELECT category, COUNT(id), SUM(stock), SUM(price_cents) * 1.0 / COUNT(id)
        FROM products
        GROUP BY category
        ORDER BY category ASC
        """
    ).fetchall()
    return [
        CategorySummary(
            category=name, product_count=count, total_stock=stock, average_price_cents=average
        )
        for name, count, stock, average in rows
    ]


def categories_with_at_least(connection: sqlite3.Connection, min_products: int) -> list[str]:
    rows = connection.execute(
        """
        SELECT category FROM (
            SELECT category, COUNT(*) AS product_count FROM products GROUP BY category
        )
        WHERE product_count >= ?
        ORDER BY category
        """,
        (min_products,),
    )
    return [row[0] for row in rows]
