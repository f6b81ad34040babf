# mistake: add_products returns the number of rows in the whole table, not of the list it stored
# expect: return the number of products of this list that were stored
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
    if not isinstance(name, str):
        raise ValueError(f"name must be text, not {type(name).__name__}")
    clean_name = name.strip()
    if not clean_name:
        raise ValueError("name must not be empty or only whitespace")
    # bool is a subclass of int, so it has to be refused by name.
    if isinstance(price, bool) or not isinstance(price, int | float):
        raise ValueError(f"price must be a number, not {type(price).__name__}")
    # isfinite() is False for NaN and both infinities, which compare oddly with 0.
    if not math.isfinite(price) or price <= 0:
        raise ValueError(f"price must be a finite number greater than 0, not {price!r}")
    return clean_name, float(price)


def add_product(connection: sqlite3.Connection, name: str, price: float) -> int:
    """Validate one product, insert it, commit, and return its new id.

    Invalid input raises ValueError and stores nothing.
    """
    clean_name, clean_price = validate_product(name, price)
    with connection:
        cursor = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (clean_name, clean_price)
        )
    return cursor.lastrowid


def add_products(connection: sqlite3.Connection, items: list[tuple[str, float]]) -> int:
    """Store every (name, price) pair of items, all or nothing; return how many were stored.

    If any item is invalid, raise ValueError and store none of them, not even the valid
    items that come before the bad one. On success everything is committed.
    """
    # Check everything first: nothing is written unless every item is valid.
    clean_items = [validate_product(name, price) for name, price in items]
    with connection:
        connection.executemany("INSERT INTO products (name, price) VALUES (?, ?)", clean_items)
    return connection.execute("SELECT COUNT(*) FROM products").fetchone()[0]
