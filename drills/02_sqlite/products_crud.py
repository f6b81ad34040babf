"""Products: create, read, update, delete.

Finish four functions over the products table that `create_products_table` (given) creates:

- `add_product(db_path, name, price) -> int` stores a new product and returns the id the
  database gave it.
- `list_products(db_path) -> list[Product]` returns every product as a `Product`, ordered by id.
- `update_price(db_path, product_id, price) -> bool` sets the price of the product with that id.
  It returns True if a product was changed, and False if no product has that id.
- `delete_product(db_path, product_id) -> bool` deletes the product with that id. It returns True
  if a product was deleted, and False if no product has that id.

Each function opens its own connection to `db_path`, commits what it changed, and closes the
connection. Every value (name, price, id) reaches SQLite as a `?` parameter; none is pasted into
the SQL text with an f-string, `%` or `+`.

These four operations are most of what an application does with its data. The parameters are
what keeps them safe: SQLite receives the SQL text and the values separately, so a value can
never be read as SQL. A product named `x'); DROP TABLE products;--` is then just an odd name,
while SQL built by formatting strings would run it as a command (SQL injection, one of the most
exploited bugs there is). And SQL does not treat "no row matched" as an error: an UPDATE or
DELETE for an id that does not exist succeeds and changes nothing. `cursor.rowcount` tells how
many rows a statement changed, which is how your code can tell the caller.

Concept: CRUD with parameterised queries; rowcount; committing each change.

Done when: each operation has its effect in the database file (another connection sees it),
changing or deleting an unknown id returns False and changes nothing, and names with quotes or
SQL in them are stored exactly as given.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price: float


def create_products_table(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it exists (given)."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS products ("
            " id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " price REAL NOT NULL CHECK (price > 0))"
        )
        connection.commit()


def add_product(db_path: Path, name: str, price: float) -> int:
    """Store a new product; return its id."""
    # TODO: connect (and close at the end), INSERT the name and price with ? placeholders,
    #       commit, and return the new row's id (the cursor's lastrowid).
    raise NotImplementedError("add_product is still a TODO")


def list_products(db_path: Path) -> list[Product]:
    """Return every product, ordered by id."""
    # TODO: SELECT id, name and price ordered by id, and turn each row into a Product.
    raise NotImplementedError("list_products is still a TODO")


def update_price(db_path: Path, product_id: int, price: float) -> bool:
    """Set the price of product product_id; return False if there is no such product."""
    # TODO: UPDATE ... WHERE id = ?, commit, and use the cursor's rowcount for the answer.
    raise NotImplementedError("update_price is still a TODO")


def delete_product(db_path: Path, product_id: int) -> bool:
    """Delete product product_id; return False if there is no such product."""
    # TODO: like update_price, with DELETE.
    raise NotImplementedError("delete_product is still a TODO")


# --- checks: these run on every save; do not edit below ---
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

INJECTION = "Robert'); DROP TABLE products;--"
UNKNOWN_ID = 999


def stored(db_path: Path) -> list[tuple[int, str, float]]:
    """The rows in the database file, read with a fresh connection of the checks' own."""
    with closing(sqlite3.connect(db_path)) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert ("products",) in tables.fetchall(), (
            "the products table is gone: a name was run as SQL (SQL injection). "
            "Pass values as ? parameters, never format them into the SQL text"
        )
        return connection.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()


def add(db_path: Path, name: str, price: float) -> int:
    """add_product, failing with a clear message when a name breaks it."""
    try:
        return add_product(db_path, name, price)
    except NotImplementedError:
        raise
    except Exception as error:
        pytest.fail(
            f"add_product could not store the name {name!r} ({type(error).__name__}: {error}). "
            "The quote in it ended a string in SQL built by formatting: pass the values as "
            "? parameters instead"
        )


def make_shop(db_path: Path) -> dict[str, int]:
    """Create the table with three products (inserted by the checks); return their ids."""
    create_products_table(db_path)
    ids = {}
    with closing(sqlite3.connect(db_path)) as connection:
        for name, price in [("Tea", 3.5), ("Baker's flour", 2.25), ("Coffee", 7.0)]:
            cursor = connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
            )
            ids[name] = cursor.lastrowid
        connection.commit()
    return ids


def test_add_product_stores_the_product_and_returns_its_id(sqlite_path: Path) -> None:
    create_products_table(sqlite_path)
    tea = add(sqlite_path, "Tea", 3.5)
    flour = add(sqlite_path, "Baker's flour", 2.25)
    rows = stored(sqlite_path)
    assert rows, (
        "after add_product returned, the database file has no products: commit the insert "
        "(closing a connection without commit() throws the insert away)"
    )
    assert isinstance(tea, int) and tea != flour, (
        f"add_product returned {tea!r} and {flour!r}; it should return each new product's id"
    )
    assert rows == [(tea, "Tea", 3.5), (flour, "Baker's flour", 2.25)]


def test_list_products_returns_products_ordered_by_id(sqlite_path: Path) -> None:
    shop = make_shop(sqlite_path)
    assert list_products(sqlite_path) == [
        Product(shop["Tea"], "Tea", 3.5),
        Product(shop["Baker's flour"], "Baker's flour", 2.25),
        Product(shop["Coffee"], "Coffee", 7.0),
    ]


def test_list_products_of_an_empty_table_is_an_empty_list(sqlite_path: Path) -> None:
    create_products_table(sqlite_path)
    assert list_products(sqlite_path) == []


def test_update_price_changes_that_product_only(sqlite_path: Path) -> None:
    shop = make_shop(sqlite_path)
    before = stored(sqlite_path)
    assert update_price(sqlite_path, shop["Coffee"], 8.5) is True, (
        "update_price should return True when it changed a product"
    )
    coffee = shop["Coffee"]
    expected = [(key, name, 8.5 if key == coffee else price) for key, name, price in before]
    assert stored(sqlite_path) == expected, (
        "after update_price, the Coffee should cost 8.5 (committed) and the others be unchanged"
    )


def test_update_price_of_an_unknown_id_returns_false(sqlite_path: Path) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    assert update_price(sqlite_path, UNKNOWN_ID, 1.0) is False, (
        f"update_price returned success, but no product has id {UNKNOWN_ID}: "
        "check cursor.rowcount, the number of rows the UPDATE changed"
    )
    assert stored(sqlite_path) == before


def test_delete_product_deletes_that_product_only(sqlite_path: Path) -> None:
    shop = make_shop(sqlite_path)
    assert delete_product(sqlite_path, shop["Tea"]) is True, (
        "delete_product should return True when it deleted a product"
    )
    assert [name for _, name, _ in stored(sqlite_path)] == ["Baker's flour", "Coffee"], (
        "after delete_product, Tea should be gone (committed) and the others still there"
    )


def test_delete_product_of_an_unknown_id_returns_false(sqlite_path: Path) -> None:
    make_shop(sqlite_path)
    before = stored(sqlite_path)
    assert delete_product(sqlite_path, UNKNOWN_ID) is False, (
        f"delete_product returned success, but no product has id {UNKNOWN_ID}: "
        "check cursor.rowcount, the number of rows the DELETE removed"
    )
    assert stored(sqlite_path) == before


def test_a_name_with_sql_in_it_is_stored_literally(sqlite_path: Path) -> None:
    make_shop(sqlite_path)
    odd = add(sqlite_path, INJECTION, 1.0)
    names = [name for _, name, _ in stored(sqlite_path)]
    assert names == ["Tea", "Baker's flour", "Coffee", INJECTION], (
        "the name should be stored exactly as given, and nothing else should change"
    )
    assert update_price(sqlite_path, odd, 2.0) is True
    assert delete_product(sqlite_path, odd) is True
    assert len(stored(sqlite_path)) == 3
