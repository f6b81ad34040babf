# alternative: a frozen dataclass validates itself in __post_init__; one INSERT per item
import math
import sqlite3
from dataclasses import dataclass


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


@dataclass(frozen=True)
class NewProduct:
    name: str
    price: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ValueError("name must be a str")
        if not self.name.strip():
            raise ValueError("name must not be blank")
        if isinstance(self.price, bool) or not isinstance(self.price, (int, float)):
            raise ValueError("price must be a number")
        if math.isnan(self.price) or math.isinf(self.price):
            raise ValueError("price must be finite")
        if self.price <= 0:
            raise ValueError("price must be positive")
        # A frozen dataclass cannot assign normally; object.__setattr__ is the documented way.
        object.__setattr__(self, "name", self.name.strip())
        object.__setattr__(self, "price", float(self.price))


def validate_product(name: str, price: float) -> tuple[str, float]:
    product = NewProduct(name, price)
    return product.name, product.price


def add_product(connection: sqlite3.Connection, name: str, price: float) -> int:
    return add_many(connection, [NewProduct(name, price)])[0]


def add_products(connection: sqlite3.Connection, items: list[tuple[str, float]]) -> int:
    products = [NewProduct(name, price) for name, price in items]
    return len(add_many(connection, products))


def add_many(connection: sqlite3.Connection, products: list[NewProduct]) -> list[int]:
    """Insert already valid products in one transaction and return their ids."""
    ids = []
    with connection:
        for product in products:
            cursor = connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (product.name, product.price)
            )
            ids.append(cursor.lastrowid)
    return ids
