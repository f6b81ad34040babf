# alternative: backslash as the LIKE escape character, a cursor row_factory building Products
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


def like_pattern(fragment: str) -> str:
    r"""A LIKE pattern (escape character \) for names containing fragment literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def product_from_row(cursor: sqlite3.Cursor, row: tuple[int, str, float]) -> Product:
    return Product(*row)


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
    if order_by == "name":
        column = "name"
    elif order_by == "price":
        column = "price"
    else:
        raise ValueError(f"order_by must be 'name' or 'price', not {order_by!r}")

    where = []
    values: list[object] = []
    if name_contains is not None:
        where.append("name LIKE ? ESCAPE '\\'")
        values.append(like_pattern(name_contains))
    if min_price is not None:
        where.append("price >= ?")
        values.append(min_price)
    if max_price is not None:
        where.append("price <= ?")
        values.append(max_price)

    sql = "SELECT id, name, price FROM products"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {column}"
    if descending:
        sql += " DESC"
    if limit is not None:
        sql += " LIMIT ?"
        values.append(limit)

    cursor = connection.cursor()
    cursor.row_factory = product_from_row
    return cursor.execute(sql, values).fetchall()
