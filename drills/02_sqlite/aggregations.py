"""Totals, counts and averages with GROUP BY and HAVING.

A shop's dashboard asks the database for figures instead of loading every row into Python.
Write four queries over the `products` table below: the value of all stock, the stock of one
category, a summary per category (how many products, how many items in stock, the average
price), and the categories that have at least a given number of products.

Prices are whole cents in an INTEGER column, as money often is (floats cannot hold 0.10
exactly). Two details then decide whether the figures are right. SUM over no rows is NULL, which
Python receives as None, not 0: an empty shop or a category without products must still give 0
(COALESCE(SUM(...), 0) does it, and so does SQLite's TOTAL(), which returns a float). And in
SQL an integer divided by an integer is an integer (7 / 2 is 3): an average computed as
SUM(price) / COUNT(*) loses its fraction, while AVG() returns a float. To filter groups by an
aggregate (at least N products), use HAVING: WHERE filters rows before they are grouped.

Concept: aggregate functions, GROUP BY and HAVING, and what NULL does to aggregates.

Done when: the figures match a known data set exactly, averages keep their fractions, an empty
table is worth 0 (never None) and has no summaries, and a category without products has a stock
of 0.
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
    # TODO: one SELECT with SUM over price_cents * stock that gives 0, not None, when empty.
    raise NotImplementedError


def stock_in_category(connection: sqlite3.Connection, category: str) -> int:
    """Return the total stock of the products in category (0 if it has no products)."""
    # TODO: SUM the stock of the rows WHERE category = ? (a parameter); 0 when no row matches.
    raise NotImplementedError


def category_summaries(connection: sqlite3.Connection) -> list[CategorySummary]:
    """Return one CategorySummary per category that has products, sorted by category.

    average_price_cents is the mean of price_cents with its fraction (a float, not rounded).
    """
    # TODO: GROUP BY category, select the four figures, ORDER BY category, and build a
    #       CategorySummary from each row.
    raise NotImplementedError


def categories_with_at_least(connection: sqlite3.Connection, min_products: int) -> list[str]:
    """Return the categories that have at least min_products products (inclusive), sorted."""
    # TODO: GROUP BY category and keep the groups whose count is at least min_products
    #       (HAVING, with a ? parameter); return the names as a sorted list of str.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

PRODUCTS = [
    # name, category, price_cents, stock
    ("Desk Lamp", "lighting", 2450, 10),
    ("Floor Lamp", "lighting", 8900, 3),
    ("LED Bulb", "lighting", 399, 120),
    ("Notebook", "stationery", 250, 200),
    ("Fountain Pen", "stationery", 4500, 5),
    ("Garden Hose", "garden", 3000, 0),
]


@pytest.fixture
def empty_shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path)
    create_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def shop(empty_shop: sqlite3.Connection) -> sqlite3.Connection:
    with empty_shop:
        empty_shop.executemany(
            "INSERT INTO products (name, category, price_cents, stock) VALUES (?, ?, ?, ?)",
            PRODUCTS,
        )
    return empty_shop


def summaries_by_category(connection: sqlite3.Connection) -> dict[str, CategorySummary]:
    summaries = category_summaries(connection)
    assert isinstance(summaries, list), "category_summaries should return a list"
    for summary in summaries:
        assert isinstance(summary, CategorySummary), (
            f"category_summaries should return CategorySummary objects, got {summary!r}"
        )
    return {summary.category: summary for summary in summaries}


def test_inventory_value_sums_price_times_stock(shop: sqlite3.Connection) -> None:
    # 2450*10 + 8900*3 + 399*120 + 250*200 + 4500*5 + 3000*0
    assert inventory_value_cents(shop) == 171_580


def test_an_empty_table_is_worth_zero_not_none(empty_shop: sqlite3.Connection) -> None:
    value = inventory_value_cents(empty_shop)
    assert value is not None, (
        "inventory_value_cents returned None for an empty table: SUM over no rows is NULL; "
        "use COALESCE(SUM(...), 0) or TOTAL(...)"
    )
    assert value == 0


def test_stock_in_a_category(shop: sqlite3.Connection) -> None:
    assert stock_in_category(shop, "lighting") == 133
    assert stock_in_category(shop, "stationery") == 205
    assert stock_in_category(shop, "garden") == 0, "garden has one product with no stock: 0"


def test_a_category_without_products_has_zero_stock_not_none(shop: sqlite3.Connection) -> None:
    stock = stock_in_category(shop, "toys")
    assert stock is not None, (
        "stock_in_category returned None for a category with no products: SUM over no rows is "
        "NULL; use COALESCE(SUM(...), 0) or TOTAL(...)"
    )
    assert stock == 0


def test_one_summary_per_category_sorted_by_name(shop: sqlite3.Connection) -> None:
    assert list(summaries_by_category(shop)) == ["garden", "lighting", "stationery"], (
        "category_summaries should give one summary per category, sorted by category"
    )


def test_counts_and_stock_per_category(shop: sqlite3.Connection) -> None:
    summaries = summaries_by_category(shop)
    figures = {name: (s.product_count, s.total_stock) for name, s in summaries.items()}
    assert figures == {"garden": (1, 0), "lighting": (3, 133), "stationery": (2, 205)}, (
        "product_count and total_stock per category are off"
    )


def test_average_prices_keep_their_fraction(shop: sqlite3.Connection) -> None:
    summaries = summaries_by_category(shop)
    lighting = summaries["lighting"].average_price_cents
    assert lighting == pytest.approx((2450 + 8900 + 399) / 3), (
        f"the average lighting price should be 3916.33..., got {lighting!r}: in SQL an integer "
        "divided by an integer is an integer; use AVG(price_cents)"
    )
    for name, summary in summaries.items():
        assert isinstance(summary.average_price_cents, float), (
            f"the average price of {name} is {summary.average_price_cents!r}, an integer: in "
            "SQL an integer divided by an integer is an integer; use AVG(price_cents)"
        )
    assert summaries["stationery"].average_price_cents == pytest.approx(2375.0)
    assert summaries["garden"].average_price_cents == pytest.approx(3000.0)


def test_an_empty_table_has_no_summaries(empty_shop: sqlite3.Connection) -> None:
    assert category_summaries(empty_shop) == []


def test_categories_with_at_least_n_products(shop: sqlite3.Connection) -> None:
    # garden has 1 product, stationery 2, lighting 3.
    expected = {
        1: ["garden", "lighting", "stationery"],
        2: ["lighting", "stationery"],
        3: ["lighting"],
        4: [],
    }
    for minimum, categories in expected.items():
        found = categories_with_at_least(shop, minimum)
        assert found == categories, (
            f"categories with at least {minimum} products should be {categories}, got {found}; "
            f"'at least' includes a category with exactly {minimum} (HAVING COUNT(*) >= ?)"
        )


def test_categories_with_at_least_on_an_empty_table(empty_shop: sqlite3.Connection) -> None:
    assert categories_with_at_least(empty_shop, 1) == []
