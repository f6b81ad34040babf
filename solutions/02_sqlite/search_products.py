"""Search products: optional filters, safe values, literal fragments.

Write `search_products(connection, ...)`, the query behind a shop's search box. Every filter is
optional and the ones given are combined (all must hold): a name fragment, a lowest and a
highest price, the sort column and direction, and a maximum number of results. The exact rules
are in the function's docstring. Results come back as a list of `Product` (defined below).

A search box receives text typed by strangers. Values therefore reach SQLite only as `?`
parameters, never pasted into the SQL text, where a quote would break the query or change its
meaning. That goes for every value, the price bounds and the limit as much as the fragment:
even a number can break the text (`f"{float('inf')}"` is `inf`, which SQL reads as a column
name). Parameters alone are not the whole story for LIKE: inside a LIKE pattern `%` means "any
text" and `_` means "any one character", so a customer searching for "100%" would get every
name containing "100". Put an escape character before each of them and name it in the query:
`name LIKE ? ESCAPE '!'` (the starter uses `!`; whichever character you pick, escape that
character itself too). Column names cannot be `?` parameters at all, so the sort column is
picked from a fixed set.

Concept: building one query from optional parts, with parameters for every value, an allowed
list for identifiers, and LIKE ... ESCAPE for literal matching.

Done when: each filter works alone and combined with the others, no match gives `[]`, a
fragment is matched as plain text (the fragment "%" finds only names containing "%"), prices
equal to a bound are included, 0 is a bound or a limit like any other (`limit=0` gives `[]`),
every value reaches SQLite as a `?` parameter (`max_price=float("inf")` keeps every product),
and a sort column other than exactly "name" or "price" (even "NAME") raises `ValueError`.
"""

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                price REAL NOT NULL CHECK (price > 0)
            )
            """
        )


# Column names cannot be ? parameters, so ORDER BY only ever receives one of these.
SORTABLE_COLUMNS = frozenset({"name", "price"})


def escape_like(fragment: str) -> str:
    """Return fragment with %, _ and the escape character ! made literal for LIKE ... ESCAPE '!'.

    A helper for search_products (the checks call search_products only).
    """
    # The escape character goes first: otherwise the ! added before % would be doubled too.
    # "50%_off!" becomes "50!%!_off!!".
    return fragment.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def search_products(
    connection: sqlite3.Connection,
    *,
    name_contains: str | None = None,
    min_price: float | None = None,
    max_price: float | None = None,
    order_by: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[Product]:
    """Return the products that pass every filter given, as a list of Product.

    A filter left at None is not applied (but 0 is a real value, not "no filter").
    - name_contains: the product's name contains this fragment, ignoring the case of ASCII
      letters ("lamp" finds "Desk Lamp"). The fragment is plain text: "%" finds only names
      containing "%", "_" only names containing "_", and so on for every character.
    - min_price, max_price: inclusive bounds, min_price <= price <= max_price.
    - order_by: exactly "name" or "price"; ascending, or descending if descending is True. Any
      other order_by ("NAME" and "price " included) raises ValueError.
    - limit: return at most this many products, the first ones in the chosen order.
    No match gives an empty list.
    """
    if order_by not in SORTABLE_COLUMNS:
        raise ValueError(f"cannot sort by {order_by!r}; choose one of {sorted(SORTABLE_COLUMNS)}")

    conditions: list[str] = []
    parameters: list[object] = []
    if name_contains is not None:
        conditions.append("name LIKE ? ESCAPE '!'")
        parameters.append(f"%{escape_like(name_contains)}%")
    if min_price is not None:
        conditions.append("price >= ?")
        parameters.append(min_price)
    if max_price is not None:
        conditions.append("price <= ?")
        parameters.append(max_price)

    sql = "SELECT id, name, price FROM products"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    # Safe to put in the text: order_by was checked against SORTABLE_COLUMNS above.
    sql += f" ORDER BY {order_by} {'DESC' if descending else 'ASC'}"
    if limit is not None:
        sql += " LIMIT ?"
        parameters.append(limit)

    return [Product(*row) for row in connection.execute(sql, parameters)]


# --- checks: these run on every save; do not edit below ---
import sqlite3
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

# Prices are all different, so sorting by price has exactly one right answer.
PRODUCTS = [
    ("Desk Lamp", 24.5),
    ("Lamp Shade", 12.0),
    ("Floor Lamp", 89.0),
    ("100% Cotton Shirt", 19.99),
    ("Cotton Socks", 4.99),
    ("USB_C Cable", 7.25),
    ("USB-C Hub", 31.0),
    ("O'Brien's Tea", 6.75),
    ("Garden Hose", 30.0),
]
PRICES = dict(PRODUCTS)


@pytest.fixture
def shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path)
    create_schema(connection)
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", PRODUCTS)
    yield connection
    connection.close()


def names(found: object) -> list[str]:
    """The names of the products in a search result, after checking the result's type."""
    assert isinstance(found, list), (
        f"search_products should return a list, not a {type(found).__name__}"
    )
    for item in found:
        assert isinstance(item, Product), (
            f"search_products should return Product objects, got {item!r}"
        )
    return [product.name for product in found]


def search(connection: sqlite3.Connection, **filters: object) -> list[str]:
    """The names of the products that search_products(connection, **filters) returns."""
    try:
        found = search_products(connection, **filters)
    except sqlite3.Error as error:
        raise AssertionError(
            f"search_products with {filters} broke the query ({error}): pass values as ? "
            "parameters, never format them into the SQL text"
        ) from error
    return names(found)


def literal_match_problem(fragment: str, expected: list[str], found: list[str]) -> str:
    """Why a fragment did not match as plain text: a wildcard, or an escape that went wrong."""
    if set(found) > set(expected):
        return (
            f"the fragment {fragment!r} should find only {expected}, found {found}: LIKE "
            "treats % as a wildcard for any text and _ as a wildcard for any one character, "
            "so escape them (LIKE ? ESCAPE ...)"
        )
    return (
        f"the fragment {fragment!r} should find {expected}, found {found}: the escaped "
        "pattern no longer matches the fragment itself. Escape the escape character itself "
        "too, and first (before putting it in front of % and _), and name that same "
        "character in the query: LIKE ? ESCAPE '!'"
    )


class IntPrintedAsSql(int):
    """An int whose text form is "-1" (SQLite's "no limit"), whatever its value.

    As a ? parameter it is just its number; only a limit pasted into the SQL text (an
    f-string, % or str()) turns into -1 and stops limiting anything.
    """

    def __str__(self) -> str:
        return "-1"


def test_without_filters_every_product_comes_back_sorted_by_name(
    shop: sqlite3.Connection,
) -> None:
    assert search(shop) == sorted(PRICES), "with no filters, all products should come back by name"
    assert Product(id=1, name="Desk Lamp", price=24.5) in search_products(shop), (
        "each Product should carry its row's id, name and price"
    )


def test_a_name_fragment_matches_anywhere_ignoring_case(shop: sqlite3.Connection) -> None:
    lamps = ["Desk Lamp", "Floor Lamp", "Lamp Shade"]
    for fragment in ("lamp", "LAMP", "amp"):
        found = search(shop, name_contains=fragment)
        assert found == lamps, (
            f"name_contains={fragment!r} should find {lamps}, every name containing it "
            f"anywhere and in any case, found {found}: the LIKE pattern needs % on both sides "
            "of the fragment, and = or instr() compare the case too"
        )


def test_no_match_gives_an_empty_list(shop: sqlite3.Connection) -> None:
    assert search(shop, name_contains="teapot") == []
    assert search(shop, min_price=1000.0) == []


def test_a_percent_sign_in_the_fragment_is_not_a_wildcard(shop: sqlite3.Connection) -> None:
    for fragment in ("%", "0%"):
        found = search(shop, name_contains=fragment)
        expected = ["100% Cotton Shirt"]
        assert found == expected, literal_match_problem(fragment, expected, found)


def test_an_underscore_in_the_fragment_is_not_a_wildcard(shop: sqlite3.Connection) -> None:
    for fragment in ("B_C", "_"):
        found = search(shop, name_contains=fragment)
        expected = ["USB_C Cable"]
        assert found == expected, literal_match_problem(fragment, expected, found)


def test_every_punctuation_character_is_matched_literally(shop: sqlite3.Connection) -> None:
    odd_names = [f"Odd {character} Item" for character in string.punctuation]
    with shop:
        shop.executemany(
            "INSERT INTO products (name, price) VALUES (?, ?)",
            [(name, 100.0 + number) for number, name in enumerate(odd_names)],
        )
    all_names = sorted([*PRICES, *odd_names])
    for character in string.punctuation:
        expected = [name for name in all_names if character in name]
        found = search(shop, name_contains=character)
        assert found == expected, literal_match_problem(character, expected, found)


def test_quotes_and_sql_in_the_fragment_are_plain_text(shop: sqlite3.Connection) -> None:
    assert search(shop, name_contains="o'brien") == ["O'Brien's Tea"], (
        "the fragment \"o'brien\" should find O'Brien's Tea"
    )
    assert search(shop, name_contains="' OR 1=1 --") == [], (
        'the fragment "\' OR 1=1 --" changed the query and matched products: pass values '
        "as ? parameters, never format them into the SQL text"
    )


def test_price_bounds_are_inclusive(shop: sqlite3.Connection) -> None:
    found = search(shop, min_price=12.0, max_price=24.5)
    assert found == ["100% Cotton Shirt", "Desk Lamp", "Lamp Shade"], (
        "min_price and max_price are inclusive: Lamp Shade (exactly 12.0) and Desk Lamp "
        f"(exactly 24.5) belong in the result; found {found}"
    )


def test_each_price_bound_works_alone(shop: sqlite3.Connection) -> None:
    assert search(shop, min_price=30.0) == ["Floor Lamp", "Garden Hose", "USB-C Hub"], (
        "min_price alone should keep the products costing at least 30.0"
    )
    assert search(shop, max_price=6.75) == ["Cotton Socks", "O'Brien's Tea"], (
        "max_price alone should keep the products costing at most 6.75"
    )


def test_a_bound_of_zero_is_still_a_bound(shop: sqlite3.Connection) -> None:
    assert search(shop, max_price=0) == [], (
        "max_price=0 should match nothing (every price is above 0), but it was ignored: "
        "test `is not None`, because `if max_price:` treats 0 like None"
    )


def test_price_bounds_reach_sqlite_as_parameters(shop: sqlite3.Connection) -> None:
    # f"{float('inf')}" is the text inf, which SQL reads as a column name.
    assert search(shop, min_price=float("-inf"), max_price=float("inf")) == sorted(PRICES), (
        "min_price=-inf and max_price=inf should keep every product"
    )
    assert search(shop, min_price=float("inf")) == [], "min_price=inf should keep no product"


def test_sorting_by_price_in_both_directions(shop: sqlite3.Connection) -> None:
    cheapest_first = sorted(PRICES, key=PRICES.__getitem__)
    assert search(shop, order_by="price") == cheapest_first, (
        "order_by='price' should list the cheapest product first"
    )
    assert search(shop, order_by="price", descending=True) == cheapest_first[::-1], (
        "order_by='price', descending=True should list the most expensive product first"
    )


def test_sorting_by_name_descending(shop: sqlite3.Connection) -> None:
    assert search(shop, descending=True) == sorted(PRICES, reverse=True), (
        "descending=True should list names from Z to A"
    )


def test_limit_keeps_the_first_products_in_the_chosen_order(shop: sqlite3.Connection) -> None:
    found = search(shop, order_by="price", limit=3)
    assert found == ["Cotton Socks", "O'Brien's Tea", "USB_C Cable"], (
        "limit=3 with order_by='price' should give the three cheapest products, found "
        f"{found}: the limit keeps the first rows after sorting (ORDER BY ... LIMIT ?)"
    )
    assert search(shop, order_by="price", descending=True, limit=1) == ["Floor Lamp"]
    assert len(search(shop, limit=100)) == len(PRODUCTS)


def test_a_limit_of_zero_gives_no_products(shop: sqlite3.Connection) -> None:
    found = search(shop, limit=0)
    assert found == [], (
        f"limit=0 should return no product, found {len(found)}: test `limit is not None`, "
        "because `if limit:` treats 0 like None"
    )


def test_the_limit_reaches_sqlite_as_a_parameter(shop: sqlite3.Connection) -> None:
    found = search(shop, order_by="price", limit=IntPrintedAsSql(2))
    assert len(found) <= 2, (
        f"limit=2 returned {len(found)} products: the check passed an int whose text form is "
        "'-1' (SQLite's 'no limit'), so your code pasted the limit into the SQL text; pass it "
        "as a ? parameter (LIMIT ?) like every other value"
    )
    assert found == ["Cotton Socks", "O'Brien's Tea"], (
        "limit=2 with order_by='price' should give the two cheapest products"
    )


def test_filters_combine(shop: sqlite3.Connection) -> None:
    found = search(
        shop, name_contains="lamp", max_price=30.0, order_by="price", descending=True, limit=1
    )
    assert found == ["Desk Lamp"], (
        "name_contains='lamp', max_price=30, most expensive first, limit 1 should give Desk Lamp"
    )
    assert search(shop, name_contains="cotton", min_price=10.0) == ["100% Cotton Shirt"]


@pytest.mark.parametrize(
    "order_by", ["colour", "NAME", "Price", "price ", "name DESC", "price; DROP TABLE products"]
)
def test_an_unknown_sort_column_raises_value_error(shop: sqlite3.Connection, order_by: str) -> None:
    try:
        search_products(shop, order_by=order_by)
    except ValueError:
        pass
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"order_by={order_by!r} reached the SQL and raised {type(error).__name__} ({error}); "
            "check it against 'name' and 'price' first and raise ValueError"
        ) from error
    else:
        pytest.fail(
            f"order_by={order_by!r} was accepted: allow exactly 'name' and 'price', no other "
            "spelling (column names cannot be ? parameters, so only those two strings may "
            "reach the SQL text), and raise ValueError for anything else"
        )
    count = shop.execute("SELECT COUNT(*) FROM products").fetchone()[0]
    assert count == len(PRODUCTS), "the products table should be untouched"
