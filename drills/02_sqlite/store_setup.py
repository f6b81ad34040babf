"""Set up the store's database, safely and repeatably.

Write `setup_store(db_path)`. It opens the SQLite database at `db_path` (SQLite creates the file
when it does not exist yet), makes sure it has this table, and closes the connection:

    products
        id     INTEGER PRIMARY KEY   SQLite gives each new row its own number
        name   TEXT                  required (NOT NULL)
        price  REAL                  required (NOT NULL), and CHECK (price > 0)

Calling `setup_store` again on a database that already has the table must be harmless: no error,
and every product already stored stays.

An application runs its setup every time it starts, so the setup has to cope with a database
that is already there: `CREATE TABLE IF NOT EXISTS` creates the table only when it is missing.
The constraints make the database itself refuse bad data: whichever program writes to it, and
whatever bug that program has, a product without a name or with a price of 0 is rejected with
`sqlite3.IntegrityError` instead of being stored. The schema is the last line of defence.

Concept: DDL (CREATE TABLE), primary keys, NOT NULL and CHECK constraints, idempotent setup.

Done when: after `setup_store`, `PRAGMA table_info(products)` shows the three columns with their
types and id as the primary key; the database numbers new rows itself; a missing name, a
missing price and a price of 0 or below are refused; and a second `setup_store` neither fails
nor loses a product.
"""

import sqlite3
from contextlib import closing
from pathlib import Path


def setup_store(db_path: Path) -> None:
    """Create the products table in the database at db_path unless it is already there."""
    # TODO: connect to db_path, and close the connection when done (contextlib.closing).
    # TODO: run one CREATE TABLE IF NOT EXISTS products (...) statement with the three columns
    #       and their constraints, then commit.
    raise NotImplementedError("setup_store is still a TODO")


# --- checks: these run on every save; do not edit below ---
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest


def columns(db_path: Path) -> dict[str, tuple[str, bool]]:
    """Each column of products: name -> (declared type in capitals, is part of the primary key)."""
    with closing(sqlite3.connect(db_path)) as connection:
        info = connection.execute("PRAGMA table_info(products)").fetchall()
    assert info, "the database has no products table (was the CREATE TABLE committed?)"
    # Each row of table_info is (cid, name, type, notnull, default_value, pk).
    return {row[1]: (row[2].upper(), row[5] > 0) for row in info}


def insert(db_path: Path, name: str | None, price: float | None) -> int:
    """Insert one product in a transaction of its own; return the id the database gave it."""
    with closing(sqlite3.connect(db_path)) as connection:
        with connection:
            cursor = connection.execute(
                "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
            )
        return cursor.lastrowid


def is_refused(db_path: Path, name: str | None, price: float | None) -> bool:
    """Whether the database refuses the product with an IntegrityError."""
    try:
        insert(db_path, name, price)
    except sqlite3.IntegrityError:
        return True
    return False


def product_count(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT COUNT(*) FROM products").fetchone()[0]


def test_setup_creates_an_sqlite_database_file(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    assert sqlite_path.is_file(), f"setup_store created no file at {sqlite_path}"
    assert sqlite_path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_the_table_has_the_three_columns_with_their_types(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    found = columns(sqlite_path)
    assert sorted(found) == ["id", "name", "price"], (
        f"products should have exactly the columns id, name, price, not {sorted(found)}"
    )
    assert found["name"][0] == "TEXT", f"name is declared {found['name'][0]!r}, not TEXT"
    assert found["price"][0] == "REAL", f"price is declared {found['price'][0]!r}, not REAL"


def test_id_is_the_primary_key_and_numbered_by_sqlite(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    found = columns(sqlite_path)
    assert "id" in found, f"products has no id column, only {sorted(found)}"
    id_type, id_is_key = found["id"]
    assert id_is_key, "id is not the primary key"
    assert id_type == "INTEGER", (
        f"id is declared {id_type!r}: only a column declared exactly INTEGER PRIMARY KEY "
        "gets its numbers from SQLite"
    )
    first, second = insert(sqlite_path, "Tea", 3.5), insert(sqlite_path, "Coffee", 7.25)
    with closing(sqlite3.connect(sqlite_path)) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM products ORDER BY rowid")]
    assert ids == [first, second] and None not in ids and first != second, (
        f"two new products got the ids {ids}: each should get its own number from SQLite"
    )


def test_a_valid_product_is_stored(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    insert(sqlite_path, "Tea", 3.5)
    with closing(sqlite3.connect(sqlite_path)) as connection:
        rows = connection.execute("SELECT name, price FROM products").fetchall()
    assert rows == [("Tea", 3.5)]


def test_a_product_without_a_name_is_refused(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    assert is_refused(sqlite_path, None, 3.5), (
        "a product with name NULL was stored: name needs NOT NULL"
    )


def test_a_product_without_a_price_is_refused(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    assert is_refused(sqlite_path, "Tea", None), (
        "a product with price NULL was stored. CHECK (price > 0) lets NULL through, because "
        "NULL > 0 is unknown rather than false: price needs NOT NULL as well"
    )


@pytest.mark.parametrize("price", [0, -0.01, -20])
def test_a_price_of_zero_or_below_is_refused(sqlite_path: Path, price: float) -> None:
    setup_store(sqlite_path)
    assert is_refused(sqlite_path, "Tea", price), (
        f"a product with price {price} was stored: price needs CHECK (price > 0), "
        "which refuses 0 too"
    )


def test_setting_up_twice_is_harmless_and_keeps_the_products(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    insert(sqlite_path, "Tea", 3.5)
    try:
        setup_store(sqlite_path)
    except sqlite3.OperationalError as error:
        pytest.fail(
            f"the second setup_store failed: {error}. "
            "Use CREATE TABLE IF NOT EXISTS so that setup works on an existing database"
        )
    assert product_count(sqlite_path) == 1, (
        "the second setup_store lost the stored products: never drop the table, "
        "only create it when it does not exist"
    )
