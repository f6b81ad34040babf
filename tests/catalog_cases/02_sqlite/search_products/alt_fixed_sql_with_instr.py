# alternative: one fixed query with "? IS NULL OR ..." conditions and instr() instead of LIKE
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


def create_schema(connection: sqlite3.Connection) -> None:
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


# The only ORDER BY texts that can ever reach the query.
ORDERINGS = {
    ("name", False): "name ASC",
    ("name", True): "name DESC",
    ("price", False): "price ASC",
    ("price", True): "price DESC",
}


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
    ordering = ORDERINGS.get((order_by, bool(descending)))
    if ordering is None:
        raise ValueError(f"cannot sort by {order_by!r}")
    # instr() compares plain text, so % and _ need no escaping; lower() folds ASCII case.
    # A NULL parameter switches its condition off; LIMIT -1 means no limit in SQLite.
    sql = f"""
        SELECT id, name, price FROM products
        WHERE (:fragment IS NULL OR instr(lower(name), lower(:fragment)) > 0)
          AND (:low IS NULL OR price >= :low)
          AND (:high IS NULL OR price <= :high)
        ORDER BY {ordering}
        LIMIT coalesce(:limit, -1)
    """
    values = {"fragment": name_contains, "low": min_price, "high": max_price, "limit": limit}
    return [
        Product(id=row_id, name=name, price=price)
        for row_id, name, price in connection.execute(sql, values)
    ]
