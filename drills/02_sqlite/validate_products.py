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

Done when: valid products are stored (committed, name trimmed, the values passed as `?`
parameters so that "O'Brien's Tea" goes in as it is), `add_product` returns the new row's id
and `add_products` the number of products of its list; every invalid name or price raises
`ValueError` from `validate_product`, `add_product` and `add_products` alike, wherever the bad
item sits in the list; and after a `ValueError` the table is exactly as it was before.
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

    Raise ValueError, with a message saying what is wrong (the word "name" or "price" in it,
    for the value at fault), unless:
    - name is a str with something left after .strip(): "  Lamp " becomes "Lamp", while ""
      and names made only of spaces, tabs or newlines are refused;
    - price is an int or a float, but not a bool (True is an int in Python) and not a str;
    - price is finite (not NaN, not infinity) and greater than 0.
    The price is returned as a float: 3 becomes 3.0.
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


def refusal(call: Callable[..., object], *arguments: object, shown: str, why: str) -> ValueError:
    """The ValueError that call(*arguments) raises; the check fails, saying why, if it does not.

    `shown` is the call as the learner would write it, for the messages.
    """
    try:
        call(*arguments)
    except ValueError as error:
        return error
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"{shown} raised {type(error).__name__} ({error}) instead of ValueError: {why}"
        ) from error
    raise AssertionError(f"{shown} accepted it instead of raising ValueError: {why}")


def assert_refused(
    connection: sqlite3.Connection, name: object, price: object, field: str, why: str
) -> None:
    """validate_product and add_product both refuse (name, price), the message names the
    field at fault, and nothing is stored."""
    error = refusal(
        validate_product, name, price, shown=f"validate_product({name!r}, {price!r})", why=why
    )
    assert field in str(error).lower(), (
        f"validate_product({name!r}, {price!r}) raised ValueError({str(error)!r}): the message "
        f"should say what is wrong, and that is the {field}, so mention the {field} in it"
    )
    refusal(
        add_product,
        connection,
        name,
        price,
        shown=f"add_product(connection, {name!r}, {price!r})",
        why=why,
    )
    assert stored(connection) == [], (
        f"add_product stored something for ({name!r}, {price!r}): validate before inserting"
    )


def test_a_valid_product_is_stored_committed_and_gets_its_id(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    # A row with id 40 already exists, so the new rows get 41 and 42: counts would differ.
    with closing(sqlite3.connect(sqlite_path)) as other, other:
        other.execute("INSERT INTO products (id, name, price) VALUES (40, 'Stapler', 12.0)")
    first = add_product(shop, "Desk Lamp", 24.5)
    second = add_product(shop, "Pen", 3)
    assert (first, second) == (41, 42), (
        f"add_product should return the new row's id (cursor.lastrowid): the rows it inserted "
        f"have ids 41 and 42, it returned {first!r} and {second!r}"
    )
    assert committed(sqlite_path) == [("Stapler", 12.0), ("Desk Lamp", 24.5), ("Pen", 3.0)], (
        "a second connection should see both products: add_product must commit"
    )


def test_the_price_comes_back_as_a_float(shop: sqlite3.Connection) -> None:
    cleaned = validate_product("Pen", 3)
    assert cleaned == ("Pen", 3.0) and type(cleaned[1]) is float, (
        f"validate_product('Pen', 3) returned {cleaned!r}: return the price as a float, "
        "float(price), so that 3 comes back as 3.0"
    )
    assert validate_product("Paper Clip", 0.01) == ("Paper Clip", 0.01), (
        "a price of 0.01 is greater than 0 and must be accepted"
    )


def test_the_name_is_stored_without_surrounding_whitespace(shop: sqlite3.Connection) -> None:
    cleaned = validate_product("  Desk Lamp \n", 24.5)
    assert cleaned == ("Desk Lamp", 24.5), (
        f"validate_product('  Desk Lamp \\n', 24.5) returned {cleaned!r}: strip() the name, "
        "which removes spaces, tabs and newlines on both sides"
    )
    add_product(shop, "\tDesk Lamp \n", 24.5)
    assert stored(shop) == [("Desk Lamp", 24.5)], "add_product should store the trimmed name"


def test_quotes_in_a_name_are_stored_as_they_are(shop: sqlite3.Connection) -> None:
    tricky = ["O'Brien's Tea", "Robert'); DROP TABLE products;--"]
    try:
        add_product(shop, tricky[0], 6.75)
        add_products(shop, [("Mug", 8.0), (tricky[1], 1.0)])
    except sqlite3.Error as error:
        raise AssertionError(
            f"a name with a quote broke the INSERT ({error}): pass the values as ? parameters, "
            "never format them into the SQL text"
        ) from error
    assert stored(shop) == [(tricky[0], 6.75), ("Mug", 8.0), (tricky[1], 1.0)], (
        "names with quotes should be stored exactly as given (after strip()): pass the "
        "values as ? parameters"
    )


@pytest.mark.parametrize("name", ["", "   ", "\t\n "])
def test_an_empty_or_blank_name_is_refused(shop: sqlite3.Connection, name: str) -> None:
    assert_refused(
        shop,
        name,
        9.5,
        "name",
        "a name that is empty or only whitespace is no name; strip() it first",
    )


@pytest.mark.parametrize("name", [None, 42])
def test_a_name_that_is_not_text_is_refused(shop: sqlite3.Connection, name: object) -> None:
    assert_refused(shop, name, 9.5, "name", "the name must be a str")


@pytest.mark.parametrize("price", [0, 0.0, -1, -0.01])
def test_zero_and_negative_prices_are_refused(shop: sqlite3.Connection, price: float) -> None:
    assert_refused(shop, "Desk Lamp", price, "price", "a price must be greater than 0")


@pytest.mark.parametrize("price", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinite_prices_are_refused(shop: sqlite3.Connection, price: float) -> None:
    assert_refused(
        shop,
        "Desk Lamp",
        price,
        "price",
        "NaN and infinity are not prices; NaN compares false with everything, so "
        "`price <= 0` lets it through: use math.isfinite",
    )


@pytest.mark.parametrize("price", ["9.99", True, None])
def test_a_price_that_is_not_a_number_is_refused(shop: sqlite3.Connection, price: object) -> None:
    assert_refused(
        shop,
        "Desk Lamp",
        price,
        "price",
        "the price must be an int or a float (a bool is an int in Python, so refuse it by name)",
    )


def test_a_valid_list_is_stored_in_order_and_committed(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    add_product(shop, "Stapler", 12.0)
    count = add_products(shop, [("Desk Lamp", 24.5), (" Pen ", 3), ("Mug", 8.0)])
    assert count == 3, (
        f"add_products stored a list of 3 products (into a table that already held 1) and "
        f"returned {count!r}: return the number of products of this list that were stored"
    )
    assert committed(sqlite_path) == [
        ("Stapler", 12.0),
        ("Desk Lamp", 24.5),
        ("Pen", 3.0),
        ("Mug", 8.0),
    ], "a second connection should see the three products, names trimmed: commit at the end"


def test_an_empty_list_stores_nothing(shop: sqlite3.Connection) -> None:
    assert add_products(shop, []) == 0
    assert stored(shop) == []


@pytest.mark.parametrize("bad_item", [("   ", 5.0), ("Glue", float("nan")), ("Tape", "1.50")])
@pytest.mark.parametrize("position", [0, 2, 3], ids=["bad_first", "bad_in_the_middle", "bad_last"])
def test_one_bad_item_in_a_list_stores_none_of_them(
    shop: sqlite3.Connection, sqlite_path: Path, bad_item: tuple[str, object], position: int
) -> None:
    add_product(shop, "Stapler", 12.0)
    items = [("Desk Lamp", 24.5), ("Pen", 3.0), ("Mug", 8.0)]
    items.insert(position, bad_item)
    refusal(
        add_products,
        shop,
        items,
        shown=f"add_products(connection, {items!r})",
        why=f"{bad_item!r} is not a valid product",
    )
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
