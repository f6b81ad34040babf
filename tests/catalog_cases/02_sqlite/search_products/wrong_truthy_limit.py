# mistake: the limit is tested with 'if limit:', so limit=0 returns every product instead of none.
# expect: limit=0 should return no product
# expect: because `if limit:` treats 0 like None
"""Search products: optional filters, safe values, literal fragments."""

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


def escape_like(fragment: str) -> str:
    """Return fragment with %, _ and the escape character ! made literal for LIKE ... ESCAPE '!'.

    For example "50%_off!" becomes "50!%!_off!!".
    """
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
    """Return the products that pass every filter given, as a list of Product."""
    if order_by not in ("name", "price"):
        raise ValueError(f"cannot sort by {order_by!r}: use 'name' or 'price'")
    conditions = []
    values: list[object] = []
    if name_contains is not None:
        conditions.append("name LIKE ? ESCAPE '!'")
        values.append("%" + escape_like(name_contains) + "%")
    if min_price is not None:
        conditions.append("price >= ?")
        values.append(min_price)
    if max_price is not None:
        conditions.append("price <= ?")
        values.append(max_price)
    sql = "SELECT id, name, price FROM products"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += f" ORDER BY {order_by} {'DESC' if descending else 'ASC'}"
    if limit:
        sql += " LIMIT ?"
        values.append(limit)
    return [Product(*row) for row in connection.execute(sql, values)]
