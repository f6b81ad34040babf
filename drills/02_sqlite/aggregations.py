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
from collections.abc import Callable, Iterator
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
LIGHTING_AVERAGE = (2450 + 8900 + 399) / 3  # 3916.333...


class CountingCursor(sqlite3.Cursor):
    """A cursor that counts, on its connection, the rows Python fetches through it."""

    def __next__(self) -> object:
        row = super().__next__()
        self.connection.rows_fetched += 1
        return row

    def fetchone(self) -> object:
        row = super().fetchone()
        if row is not None:
            self.connection.rows_fetched += 1
        return row

    def fetchmany(self, size: int | None = None) -> list[object]:
        rows = super().fetchmany(self.arraysize if size is None else size)
        self.connection.rows_fetched += len(rows)
        return rows

    def fetchall(self) -> list[object]:
        rows = super().fetchall()
        self.connection.rows_fetched += len(rows)
        return rows


class CountingConnection(sqlite3.Connection):
    """A plain connection, except that it counts the rows fetched from it (rows_fetched)."""

    rows_fetched = 0

    def cursor(self, factory: type[sqlite3.Cursor] = CountingCursor) -> sqlite3.Cursor:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: object = (), /) -> sqlite3.Cursor:
        return self.cursor().execute(sql, parameters)


class IntPrintedAsOne(int):
    """An int whose text form is "1": as a ? parameter it is just its number, pasted into the
    SQL text it becomes 1."""

    def __str__(self) -> str:
        return "1"


@pytest.fixture
def empty_shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path, factory=CountingConnection)
    create_schema(connection)
    with connection:
        # An index like one a team adds for speed. SQLite may then walk the groups from Z to
        # A, so only an ORDER BY promises A to Z.
        connection.execute("CREATE INDEX products_by_category ON products (category DESC)")
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


def assert_whole_number(value: object, what: str) -> None:
    assert type(value) is int, (
        f"{what} is {value!r}, a {type(value).__name__}: counts and sums of cents are whole "
        "numbers, return an int (TOTAL() gives a float: wrap it in int(), or use "
        "COALESCE(SUM(...), 0))"
    )


def test_inventory_value_sums_price_times_stock(shop: sqlite3.Connection) -> None:
    value = inventory_value_cents(shop)
    # 2450*10 + 8900*3 + 399*120 + 250*200 + 4500*5 + 3000*0
    assert value == 171_580, f"the stock is worth 171580 cents, got {value!r}"
    assert_whole_number(value, "inventory_value_cents(connection)")


def test_an_empty_table_is_worth_zero_not_none(empty_shop: sqlite3.Connection) -> None:
    value = inventory_value_cents(empty_shop)
    assert value is not None, (
        "inventory_value_cents returned None for an empty table: SUM over no rows is NULL; "
        "use COALESCE(SUM(...), 0) or TOTAL(...)"
    )
    assert value == 0
    assert_whole_number(value, "inventory_value_cents of an empty table")


def test_stock_in_a_category(shop: sqlite3.Connection) -> None:
    assert stock_in_category(shop, "lighting") == 133
    assert stock_in_category(shop, "stationery") == 205
    assert stock_in_category(shop, "garden") == 0, "garden has one product with no stock: 0"
    assert_whole_number(stock_in_category(shop, "lighting"), "stock_in_category(..., 'lighting')")


def test_a_category_without_products_has_zero_stock_not_none(shop: sqlite3.Connection) -> None:
    stock = stock_in_category(shop, "toys")
    assert stock is not None, (
        "stock_in_category returned None for a category with no products: SUM over no rows is "
        "NULL; use COALESCE(SUM(...), 0) or TOTAL(...)"
    )
    assert stock == 0


def test_the_category_matches_exactly_and_as_a_parameter(shop: sqlite3.Connection) -> None:
    with shop:
        shop.execute(
            "INSERT INTO products (name, category, price_cents, stock)"
            " VALUES ('Rocking Horse', 'kids'' toys', 5900, 4)"
        )
    try:
        stock = stock_in_category(shop, "kids' toys")
    except sqlite3.Error as error:
        raise AssertionError(
            f'stock_in_category(connection, "kids\' toys") broke the query ({error}): pass '
            "the category as a ? parameter, never format it into the SQL text"
        ) from error
    assert stock == 4, f"the kids' toys category holds 4 items, got {stock!r}"
    for lookalike in ("LIGHTING", "light%", "lightin_"):
        stock = stock_in_category(shop, lookalike)
        assert stock == 0, (
            f"stock_in_category(connection, {lookalike!r}) gave {stock!r}, but no category is "
            f"called {lookalike!r}: compare with category = ?, not LIKE (which ignores case "
            "and treats % and _ as wildcards)"
        )


def test_one_summary_per_category_sorted_by_name(shop: sqlite3.Connection) -> None:
    found = list(summaries_by_category(shop))
    assert found == ["garden", "lighting", "stationery"], (
        f"category_summaries should give one summary per category, sorted by category, and "
        f"gave {found}: GROUP BY does not promise any order, add ORDER BY category"
    )


def test_counts_and_stock_per_category(shop: sqlite3.Connection) -> None:
    summaries = summaries_by_category(shop)
    figures = {name: (s.product_count, s.total_stock) for name, s in summaries.items()}
    assert figures == {"garden": (1, 0), "lighting": (3, 133), "stationery": (2, 205)}, (
        "product_count and total_stock per category are off"
    )
    for name, summary in summaries.items():
        assert_whole_number(summary.product_count, f"the product_count of {name}")
        assert_whole_number(summary.total_stock, f"the total_stock of {name}")


def test_average_prices_keep_their_fraction(shop: sqlite3.Connection) -> None:
    summaries = summaries_by_category(shop)
    lighting = summaries["lighting"].average_price_cents
    if lighting in (3916, 3916.0, 3916.3, 3916.33):
        problem = (
            "its fraction was lost: in SQLite (and PostgreSQL) an integer divided by an "
            "integer is an integer, and ROUND() cuts the fraction too; use AVG(price_cents), "
            "not rounded"
        )
    else:
        problem = (
            "it should be the plain mean of the products' price_cents, each product counted "
            "once whatever its stock: AVG(price_cents)"
        )
    assert lighting == pytest.approx(LIGHTING_AVERAGE, rel=1e-12), (
        f"the average lighting price should be {LIGHTING_AVERAGE!r}, got {lighting!r}: {problem}"
    )
    for name, summary in summaries.items():
        assert isinstance(summary.average_price_cents, float), (
            f"the average price of {name} is {summary.average_price_cents!r}, an integer: in "
            "SQLite an integer divided by an integer is an integer; use AVG(price_cents)"
        )
    assert summaries["stationery"].average_price_cents == 2375.0
    assert summaries["garden"].average_price_cents == 3000.0


def test_an_empty_table_has_no_summaries(empty_shop: sqlite3.Connection) -> None:
    assert category_summaries(empty_shop) == []


def test_categories_with_at_least_n_products(shop: sqlite3.Connection) -> None:
    # garden has 1 product (out of stock), stationery 2, lighting 3.
    expected = {
        2: ["lighting", "stationery"],
        3: ["lighting"],
        4: [],
        1: ["garden", "lighting", "stationery"],
    }
    for minimum, categories in expected.items():
        found = categories_with_at_least(shop, minimum)
        if minimum == 1:
            why = (
                "garden has one product, out of stock but still a product: count every row "
                "of the category, do not filter rows (WHERE) before counting"
            )
        else:
            why = f"'at least' includes a category with exactly {minimum} (HAVING COUNT(*) >= ?)"
        assert found == categories, (
            f"categories with at least {minimum} products should be {categories}, got "
            f"{found}; {why}"
        )


def test_min_products_reaches_sqlite_as_a_parameter(shop: sqlite3.Connection) -> None:
    found = categories_with_at_least(shop, IntPrintedAsOne(3))
    assert found == ["lighting"], (
        f"categories_with_at_least(connection, 3) gave {found}: the check passed an int whose "
        "text form is '1', and you got the categories with at least 1 product, so your code "
        "pasted min_products into the SQL text; pass it as a ? parameter"
    )


def test_categories_with_at_least_on_an_empty_table(empty_shop: sqlite3.Connection) -> None:
    assert categories_with_at_least(empty_shop, 1) == []


@pytest.mark.parametrize(
    "function",
    [
        "inventory_value_cents",
        "stock_in_category",
        "category_summaries",
        "categories_with_at_least",
    ],
)
def test_the_database_computes_the_figures(shop: sqlite3.Connection, function: str) -> None:
    # What each function is asked, and how many rows its answer takes at most.
    calls: dict[str, tuple[str, Callable[[], object], int]] = {
        "inventory_value_cents": (
            "inventory_value_cents(connection)",
            lambda: inventory_value_cents(shop),
            1,
        ),
        "stock_in_category": (
            "stock_in_category(connection, 'lighting')",
            lambda: stock_in_category(shop, "lighting"),
            1,
        ),
        "category_summaries": (
            "category_summaries(connection)",
            lambda: category_summaries(shop),
            3,
        ),
        "categories_with_at_least": (
            "categories_with_at_least(connection, 2)",
            lambda: categories_with_at_least(shop, 2),
            3,
        ),
    }
    shown, call, most = calls[function]
    shop.rows_fetched = 0
    call()
    fetched = shop.rows_fetched
    assert fetched <= most, (
        f"{shown} fetched {fetched} rows from a table of 6 products in 3 categories: let the "
        "database compute the figures (SUM, COUNT, AVG, GROUP BY, HAVING) and fetch only the "
        f"result, at most {most} row(s), instead of adding up the products' rows in Python"
    )
