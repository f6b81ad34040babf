"""Set up the store's database, safely and repeatably.

Write `setup_store(db_path)`. It opens the SQLite database at `db_path` (SQLite creates the file
when it does not exist yet), makes sure it has this table, and closes the connection:

    products
        id     INTEGER PRIMARY KEY   SQLite gives each new row its own number
        name   TEXT                  required (NOT NULL)
        price  REAL                  required (NOT NULL), a number, and CHECK (price > 0)

Calling `setup_store` again on a database that already has the table must be harmless: no error,
and every product already stored stays.

An application runs its setup every time it starts, so the setup has to cope with a database
that is already there: `CREATE TABLE IF NOT EXISTS` creates the table only when it is missing.
The constraints make the database itself refuse bad data: whichever program writes to it, and
whatever bug that program has, a product without a name, without a price or with a price of 0
is rejected with `sqlite3.IntegrityError` instead of being stored. The schema is the last line
of defence.

One catch: in an ordinary SQLite table a column's type is only a preference. SQLite would store
the text `'free'` in a REAL column as text, and `CHECK (price > 0)` lets it through, because
SQLite counts any text as greater than any number. Make the table STRICT (`CREATE TABLE ...
(...) STRICT`, SQLite 3.37 or newer: see `sqlite3.sqlite_version`), which refuses a value of the
wrong type, or add `typeof(price) = 'real'` to the CHECK. An integer price such as 4 is still
fine: a REAL column turns it into 4.0.

Concept: DDL (CREATE TABLE), primary keys, NOT NULL and CHECK constraints, idempotent setup.

Done when: after `setup_store`, `PRAGMA table_info(products)` shows the three columns with their
types and id as the primary key; the database numbers new rows itself; a missing name, a
missing price, a price of 0 or below and a price that is text (`'free'`, `''`) are refused
while 3.5 and 4 are stored; a second `setup_store` neither fails nor loses a product; and no
connection is left open.
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
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

REAL_CONNECT = sqlite3.connect


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """Every connection setup_store opens, to see which stay open."""
    connections: list[sqlite3.Connection] = []

    def connect_and_remember(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = REAL_CONNECT(*args, **kwargs)
        connections.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_and_remember)
    if globals().get("connect") is REAL_CONNECT:  # after `from sqlite3 import connect`
        monkeypatch.setitem(globals(), "connect", connect_and_remember)
    yield connections
    for connection in connections:
        connection.close()  # tidy up after code that did not


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether the connection was closed: a closed connection refuses to run anything."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def columns(db_path: Path) -> dict[str, tuple[str, bool]]:
    """Each column of products: name -> (declared type in capitals, is part of the primary key)."""
    with closing(REAL_CONNECT(db_path)) as connection:
        info = connection.execute("PRAGMA table_info(products)").fetchall()
    assert info, "the database has no products table (was the CREATE TABLE committed?)"
    # Each row of table_info is (cid, name, type, notnull, default_value, pk).
    return {row[1]: (row[2].upper(), row[5] > 0) for row in info}


def insert(db_path: Path, name: str | None, price: object) -> int:
    """Insert one product in a transaction of its own; return the id the database gave it."""
    with closing(REAL_CONNECT(db_path)) as connection:
        try:
            with connection:
                cursor = connection.execute(
                    "INSERT INTO products (name, price) VALUES (?, ?)", (name, price)
                )
        except sqlite3.OperationalError as error:
            raise AssertionError(
                f"after setup_store the checks cannot insert a product ({error}): create the "
                "products table in the database at db_path, the path setup_store is given"
            ) from error
        return cursor.lastrowid


def is_refused(db_path: Path, name: str | None, price: object) -> bool:
    """Whether the database refuses the product with an IntegrityError."""
    try:
        insert(db_path, name, price)
    except sqlite3.IntegrityError:
        return True
    return False


def products(db_path: Path) -> list[tuple[str, float]]:
    with closing(REAL_CONNECT(db_path)) as connection:
        return connection.execute("SELECT name, price FROM products ORDER BY id").fetchall()


def test_setup_creates_an_sqlite_database_file_and_closes_it(
    sqlite_path: Path, opened: list[sqlite3.Connection]
) -> None:
    setup_store(sqlite_path)
    assert sqlite_path.is_file(), (
        f"setup_store created no file at {sqlite_path}: open the path it is given"
    )
    assert sqlite_path.read_bytes()[:16] == b"SQLite format 3\x00"
    left_open = [connection for connection in opened if not is_closed(connection)]
    assert not left_open, (
        f"setup_store left {len(left_open)} connection(s) open: close it at the end "
        "(contextlib.closing, or try/finally); `with connection:` does not close"
    )


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
    with closing(REAL_CONNECT(sqlite_path)) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM products ORDER BY rowid")]
    assert ids == [first, second] and None not in ids and first != second, (
        f"two new products got the ids {ids}: each should get its own number from SQLite"
    )


def test_valid_products_are_stored(sqlite_path: Path) -> None:
    setup_store(sqlite_path)
    for name, price in (("Tea", 3.5), ("Mug", 4)):
        try:
            insert(sqlite_path, name, price)
        except sqlite3.IntegrityError as error:
            raise AssertionError(
                f"the product ({name!r}, {price!r}) was refused ({error}), but it is valid: "
                "refuse only a missing name or price, a price that is not a number, and a "
                "price of 0 or below"
            ) from error
    assert products(sqlite_path) == [("Tea", 3.5), ("Mug", 4.0)]


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
        raise AssertionError(
            f"the second setup_store failed: {error}. "
            "Use CREATE TABLE IF NOT EXISTS so that setup works on an existing database"
        ) from error
    assert products(sqlite_path) == [("Tea", 3.5)], (
        "the second setup_store lost the stored products: never drop the table, "
        "only create it when it does not exist"
    )


# Last, so that a plain CHECK (price > 0) shows its other mistakes first.
@pytest.mark.parametrize("price", ["free", ""])
def test_a_price_that_is_text_is_refused(sqlite_path: Path, price: str) -> None:
    setup_store(sqlite_path)
    assert is_refused(sqlite_path, "Tea", price), (
        f"a product with the price {price!r} was stored, as text: in an ordinary table the "
        "type REAL is only a preference, and CHECK (price > 0) passes because SQLite counts "
        "text as greater than any number. Make the table STRICT, or add "
        "typeof(price) = 'real' to the CHECK"
    )
