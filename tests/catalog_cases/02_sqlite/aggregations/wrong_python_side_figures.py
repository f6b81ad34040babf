# mistake: fetches every product row and computes the figures in Python: right numbers, but
# the database never aggregates anything (no SUM, no GROUP BY)
# expect: fetched 6 rows from a table of 6 products in 3 categories
# expect: let the database compute the figures
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean


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


def rows_by_category(connection: sqlite3.Connection) -> dict[str, list[tuple[int, int]]]:
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for category, price, stock in connection.execute(
        "SELECT category, price_cents, stock FROM products"
    ):
        groups[category].append((price, stock))
    return groups


def inventory_value_cents(connection: sqlite3.Connection) -> int:
    return sum(
        price * stock for rows in rows_by_category(connection).values() for price, stock in rows
    )


def stock_in_category(connection: sqlite3.Connection, category: str) -> int:
    return sum(stock for _, stock in rows_by_category(connection).get(category, []))


def category_summaries(connection: sqlite3.Connection) -> list[CategorySummary]:
    groups = rows_by_category(connection)
    return [
        CategorySummary(
            category=category,
            product_count=len(groups[category]),
            total_stock=sum(stock for _, stock in groups[category]),
            average_price_cents=fmean(price for price, _ in groups[category]),
        )
        for category in sorted(groups)
    ]


def categories_with_at_least(connection: sqlite3.Connection, min_products: int) -> list[str]:
    groups = rows_by_category(connection)
    return sorted(category for category, rows in groups.items() if len(rows) >= min_products)
