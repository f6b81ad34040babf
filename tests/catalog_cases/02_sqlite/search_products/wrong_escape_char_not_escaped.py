# mistake: escapes % and _ but not the escape character itself, so a fragment with ! breaks
# expect: Escape the escape character itself too
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

    For example "50%_off!" becomes "50!%!_off!!".
    """
    # The escape character goes first: otherwise the ! added before % would be doubled too.
    return fragment.replace("%", "!%").replace("_", "!_")


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
    - order_by: "name" or "price"; ascending, or descending if descending is True. Any other
      order_by raises ValueError.
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
