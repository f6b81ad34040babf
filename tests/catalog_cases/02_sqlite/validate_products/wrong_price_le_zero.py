# mistake: refuses `price <= 0` only, so NaN (false in every comparison) and infinity get in
# expect: use math.isfinite
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
    if not isinstance(name, str):
        raise ValueError(f"name must be text, not {type(name).__name__}")
    clean_name = name.strip()
    if not clean_name:
        raise ValueError("name must not be empty or only whitespace")
    # bool is a subclass of int, so it has to be refused by name.
    if isinstance(price, bool) or not isinstance(price, int | float):
        raise ValueError(f"price must be a number, not {type(price).__name__}")
    if price <= 0:
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
    return len(clean_items)
