# alternative: validates each item as it inserts it, inside one transaction that rolls back
import math
import sqlite3


def create_schema(connection: sqlite3.Connection) -> None:
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
    if type(name) is not str or name.strip() == "":
        raise ValueError(f"invalid name {name!r}")
    # type() rather than isinstance(): True and False are ints but not prices.
    if type(price) not in (int, float):
        raise ValueError(f"invalid price {price!r}")
    if not (math.isfinite(price) and price > 0):
        raise ValueError(f"invalid price {price!r}")
    return name.strip(), float(price)


def add_product(connection: sqlite3.Connection, name: str, price: float) -> int:
    clean = validate_product(name, price)
    cursor = connection.execute("INSERT INTO products (name, price) VALUES (?, ?)", clean)
    connection.commit()
    return cursor.lastrowid


def add_products(connection: sqlite3.Connection, items: list[tuple[str, float]]) -> int:
    count = 0
    # A ValueError raised inside the block rolls back the rows inserted before it.
    with connection:
        for name, price in items:
            connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", validate_product(name, price)
            )
            count += 1
    return count
