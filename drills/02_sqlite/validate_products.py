"""Validate products before they are stored: one bad value, nothing written.

Write `validate_product`, which checks a name and a price and returns them cleaned, and use it
in `add_product` (store one product) and `add_products` (store a list of them). The rules are
in `validate_product`'s docstring. The products table below deliberately has no CHECK
constraints, so your validation is the only guard (in a real system you would have both: the
application explains the problem to the user, the database refuses whatever slips through).

Bad data that gets in spreads: into totals, reports, exports and other systems. Some of it
slips past checks that look right: `if price <= 0` lets NaN through (NaN compares false with
everything) and also infinity, and `if not name` lets a name of three spaces through. A list
must be checked as a whole: if its fifth item is bad, the first four must not be stored either,
or a user who fixes the fifth and sends the list again gets duplicates.

Concept: validating input at the boundary, before any of it is persisted; all or nothing.

Done when: valid products are stored (committed, name trimmed) and their ids or counts returned;
every invalid name or price raises `ValueError` from `validate_product`, `add_product` and
`add_products` alike; and after a `ValueError` the table is exactly as it was before.
"""

import math
import sqlite3


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL
            )
            """
        )


def validate_product(name: str, price: float) -> tuple[str, float]:
    """Check one product and return it cleaned: (name without surrounding whitespace, price).

    Raise ValueError (with a message saying what is wrong) unless:
    - name is a str with something left after .strip(): "  Lamp " becomes "Lamp", while ""
      and names made only of spaces, tabs or newlines are refused;
    - price is an int or a float, but not a bool (True is an int in Python) and not a str;
    - price is finite (not NaN, not infinity) and greater than 0.
    The price is returned as a float.
    """
    # TODO: check the name: a str that is not blank once stripped.
    # TODO: check the price: its type first, then its value (think of NaN and infinity).
    # TODO: return the stripped name and the price as a float.
    raise NotImplementedError


def add_product(connection: sqlite3.Connection, name: str, price: float) -> int:
    """Validate one product, insert it, commit, and return its new id.

    Invalid input raises ValueError and stores nothing.
    """
    # TODO: validate first, then insert the cleaned values with ? parameters inside
    #       `with connection:` (which commits), and return the cursor's lastrowid.
    raise NotImplementedError


def add_products(connection: sqlite3.Connection, items: list[tuple[str, float]]) -> int:
    """Store every (name, price) pair of items, all or nothing; return how many were stored.

    If any item is invalid, raise ValueError and store none of them, not even the valid
    items that come before the bad one. On success everything is committed.
    """
    # TODO: validate every item before inserting any of them, then insert them all in one
    #       transaction (`with connection:`), and return how many were stored.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture
def shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path)
    create_schema(connection)
    yield connection
    connection.close()


def stored(connection: sqlite3.Connection) -> list[tuple[str, float]]:
    """The (name, price) rows of the products table, in insertion order."""
    return connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()


def committed(path: Path) -> list[tuple[str, float]]:
    """The rows that another connection sees, that is, the committed ones."""
    with closing(sqlite3.connect(path)) as other:
        return stored(other)


def what_happened(call: Callable[..., object], *arguments: object) -> str | None:
    """None if call(*arguments) raised ValueError, else a description of what it did instead."""
    try:
        call(*arguments)
    except ValueError:
        return None
    except NotImplementedError:
        raise
    except Exception as error:
        return f"raised {type(error).__name__} ({error}) instead of ValueError"
    return "accepted it instead of raising ValueError"


def assert_refused(connection: sqlite3.Connection, name: object, price: object, why: str) -> None:
    """validate_product and add_product both refuse (name, price), and nothing is stored."""
    outcome = what_happened(validate_product, name, price)
    assert outcome is None, f"validate_product({name!r}, {price!r}) {outcome}: {why}"
    outcome = what_happened(add_product, connection, name, price)
    assert outcome is None, f"add_product(connection, {name!r}, {price!r}) {outcome}: {why}"
    assert stored(connection) == [], (
        f"add_product stored something for ({name!r}, {price!r}): validate before inserting"
    )


def test_a_valid_product_is_stored_committed_and_gets_an_id(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    first = add_product(shop, "Desk Lamp", 24.5)
    second = add_product(shop, "Pen", 3)
    assert isinstance(first, int) and isinstance(second, int) and first != second, (
        f"add_product should return the new row's id (an int), got {first!r} and {second!r}"
    )
    assert committed(sqlite_path) == [("Desk Lamp", 24.5), ("Pen", 3.0)], (
        "a second connection should see both products: add_product must commit"
    )


def test_the_name_is_stored_without_surrounding_whitespace(shop: sqlite3.Connection) -> None:
    assert validate_product("  Desk Lamp \n", 24.5) == ("Desk Lamp", 24.5)
    add_product(shop, "  Desk Lamp \n", 24.5)
    assert stored(shop) == [("Desk Lamp", 24.5)], "add_product should store the trimmed name"


@pytest.mark.parametrize("name", ["", "   ", "\t\n "])
def test_an_empty_or_blank_name_is_refused(shop: sqlite3.Connection, name: str) -> None:
    assert_refused(
        shop, name, 9.5, "a name that is empty or only whitespace is no name; strip() it first"
    )


@pytest.mark.parametrize("name", [None, 42])
def test_a_name_that_is_not_text_is_refused(shop: sqlite3.Connection, name: object) -> None:
    assert_refused(shop, name, 9.5, "the name must be a str")


@pytest.mark.parametrize("price", [0, 0.0, -1, -0.01])
def test_zero_and_negative_prices_are_refused(shop: sqlite3.Connection, price: float) -> None:
    assert_refused(shop, "Desk Lamp", price, "a price must be greater than 0")


@pytest.mark.parametrize("price", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinite_prices_are_refused(shop: sqlite3.Connection, price: float) -> None:
    assert_refused(
        shop,
        "Desk Lamp",
        price,
        "NaN and infinity are not prices; NaN compares false with everything, so "
        "`price <= 0` lets it through: use math.isfinite",
    )


@pytest.mark.parametrize("price", ["9.99", True, None])
def test_a_price_that_is_not_a_number_is_refused(shop: sqlite3.Connection, price: object) -> None:
    assert_refused(
        shop,
        "Desk Lamp",
        price,
        "the price must be an int or a float (a bool is an int in Python, so refuse it by name)",
    )


def test_a_valid_list_is_stored_in_order_and_committed(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    count = add_products(shop, [("Desk Lamp", 24.5), (" Pen ", 3), ("Mug", 8.0)])
    assert count == 3, f"add_products should return the number of products stored, got {count!r}"
    assert committed(sqlite_path) == [("Desk Lamp", 24.5), ("Pen", 3.0), ("Mug", 8.0)], (
        "a second connection should see the three products, names trimmed: commit at the end"
    )


def test_an_empty_list_stores_nothing(shop: sqlite3.Connection) -> None:
    assert add_products(shop, []) == 0
    assert stored(shop) == []


@pytest.mark.parametrize("bad_item", [("   ", 5.0), ("Glue", float("nan")), ("Tape", "1.50")])
def test_one_bad_item_in_a_list_stores_none_of_them(
    shop: sqlite3.Connection, sqlite_path: Path, bad_item: tuple[str, object]
) -> None:
    add_product(shop, "Stapler", 12.0)
    items = [("Desk Lamp", 24.5), ("Pen", 3.0), bad_item, ("Mug", 8.0)]
    outcome = what_happened(add_products, shop, items)
    assert outcome is None, f"add_products with the bad item {bad_item!r} {outcome}"
    assert committed(sqlite_path) == [("Stapler", 12.0)], (
        f"add_products committed items of the list although {bad_item!r} was refused: check "
        "every item before inserting any, or insert them all in one transaction"
    )
    assert stored(shop) == [("Stapler", 12.0)], (
        f"after refusing {bad_item!r}, items of the list are still pending in this connection, "
        "and its next commit would store them: roll back (`with connection:` does it), or "
        "check every item before inserting any"
    )
    add_product(shop, "Ruler", 2.5)
    assert committed(sqlite_path) == [("Stapler", 12.0), ("Ruler", 2.5)], (
        "items of the failed list were committed later, together with the next product: "
        "nothing of a refused list may stay behind, not even uncommitted"
    )
