"""Stock changes with an audit log.

Write `change_stock(connection, product_id, change, reason)`: add `change` to a product's
stock (negative to take items out) and record the change as one row of `inventory_log`, both
in ONE transaction. It returns the new stock.

A warehouse believes its stock figures because every change to them is explained by a log
row: "delivery from supplier", "shipped on order 1042", "broken in transit". If the stock can
change without a log row, or a log row can describe a change that never happened, the books
stop adding up and nobody can tell which side is wrong. So the two writes succeed or fail
together.

The tables (created by `create_schema`; `add_product` adds a product with its opening
stock; both are written for you):

    products(id INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             stock INTEGER NOT NULL CHECK (stock >= 0))
    inventory_log(id INTEGER PRIMARY KEY,
                  product_id INTEGER NOT NULL REFERENCES products(id),
                  change INTEGER NOT NULL,
                  reason TEXT NOT NULL CHECK (trim(reason) <> ''),
                  stock_after INTEGER NOT NULL)

Rules for `change_stock`:
- A `change` of 0 raises `ValueError` (there is nothing to record).
- A blank reason is refused: raise `ValueError` yourself, or let the CHECK on
  inventory_log.reason raise `sqlite3.IntegrityError`; either is fine.
- An unknown product raises `ProductNotFound`.
- A change that would take the stock below 0 raises `InsufficientStock`.
- A successful change updates the stock and adds exactly one log row (product_id, change,
  reason, and stock_after = the stock after this change), commits both, and returns the new
  stock.
- A refused change writes neither the stock nor a log row, and leaves no transaction open on
  the connection. The connection stays open: the caller owns it.

Concept: keeping two tables consistent with each other. Inside `with connection:` the block's
writes are committed together when it ends normally and rolled back together when an exception
leaves it (the connection is not closed). Whichever of the two writes you make first, the
other one failing must undo it.

Done when: after any mix of changes, accepted and refused, each product's stock equals its
starting stock plus the changes in its log, and no refused change left a trace in either table.
"""

from __future__ import annotations

import sqlite3


class ProductNotFound(Exception):
    """No product has the given id."""


class InsufficientStock(Exception):
    """The change would take the stock below zero."""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products and inventory_log tables (ready to use)."""
    with connection:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS products (
                id    INTEGER PRIMARY KEY,
                name  TEXT    NOT NULL,
                stock INTEGER NOT NULL CHECK (stock >= 0)
            );
            CREATE TABLE IF NOT EXISTS inventory_log (
                id          INTEGER PRIMARY KEY,
                product_id  INTEGER NOT NULL REFERENCES products(id),
                change      INTEGER NOT NULL,
                reason      TEXT    NOT NULL CHECK (trim(reason) <> ''),
                stock_after INTEGER NOT NULL
            );
            """
        )


def add_product(connection: sqlite3.Connection, name: str, stock: int) -> int:
    """Insert a product and return its id (ready to use; no log row: this is the opening stock)."""
    with connection:
        cursor = connection.execute(
            "INSERT INTO products (name, stock) VALUES (?, ?)", (name, stock)
        )
    return cursor.lastrowid


def change_stock(connection: sqlite3.Connection, product_id: int, change: int, reason: str) -> int:
    """Add `change` to the stock of `product_id`, log it, and return the new stock.

    Raises ValueError for a change of 0 (and for a blank reason, unless you leave that to the
    table's CHECK, which raises sqlite3.IntegrityError), ProductNotFound for an unknown
    product, InsufficientStock if the stock would go below 0. A refused change writes nothing.
    """
    # TODO: refuse a change of 0 before touching the database.
    # TODO: in ONE `with connection:` block, update the product's stock and insert its
    #       inventory_log row. Raise ProductNotFound / InsufficientStock inside the block, so
    #       that whatever it already wrote is rolled back. Return the new stock.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import contextlib
import random

import pytest


@pytest.fixture
def connection(sqlite_path):
    connection = sqlite3.connect(sqlite_path)
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    connection.execute("PRAGMA synchronous = OFF")
    create_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def pen(connection) -> int:
    return add_product(connection, "pen", 10)


def stocks(connection) -> dict[int, int]:
    return dict(connection.execute("SELECT id, stock FROM products"))


def log_rows(connection) -> list[tuple[int, int, str, int]]:
    return connection.execute(
        "SELECT product_id, change, reason, stock_after FROM inventory_log ORDER BY id"
    ).fetchall()


def committed(path) -> tuple[dict[int, int], list[tuple[int, int, str, int]]]:
    """Stocks and log as a second connection sees them: committed data only."""
    reader = sqlite3.connect(path)
    try:
        return stocks(reader), log_rows(reader)
    finally:
        reader.close()


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except Exception as error:
        return error
    return None


def assert_nothing_written(connection, path, before, what):
    assert not connection.in_transaction, (
        f"{what}: the connection was left inside an open transaction (it must be rolled back)"
    )
    assert log_rows(connection) == before[1], f"{what} must not write a log row"
    assert stocks(connection) == before[0], f"{what} must leave the stock unchanged"
    assert committed(path) == before, (
        f"{what} must write neither the stock nor a log row (as seen from another connection)"
    )


def test_each_change_updates_the_stock_and_writes_one_log_row(connection, sqlite_path, pen):
    assert change_stock(connection, pen, 20, "delivery") == 30, "the new stock should be returned"
    assert change_stock(connection, pen, -4, "sold") == 26, "the new stock should be returned"
    assert stocks(connection) == {pen: 26}
    assert log_rows(connection) == [(pen, 20, "delivery", 30), (pen, -4, "sold", 26)], (
        "each change needs exactly one log row (product_id, change, reason, stock_after), "
        "where stock_after is the stock once the change is made"
    )
    assert committed(sqlite_path) == (stocks(connection), log_rows(connection)), (
        "both writes must be committed: another connection should see the stock and the log"
    )
    connection.execute("SELECT 1")  # raises if change_stock closed the caller's connection


def test_taking_out_the_whole_stock_is_allowed(connection, pen):
    assert change_stock(connection, pen, -10, "sold out") == 0, (
        "taking out exactly the whole stock is allowed: it may end at 0"
    )


def test_a_change_below_zero_writes_neither(connection, sqlite_path, pen):
    before = committed(sqlite_path)
    error = raised_by(change_stock, connection, pen, -11, "sold")
    assert_nothing_written(connection, sqlite_path, before, "a change below zero")
    assert isinstance(error, InsufficientStock), (
        f"a change below zero must raise InsufficientStock, got {error!r}"
    )


def test_an_unknown_product_writes_nothing(connection, sqlite_path, pen):
    before = committed(sqlite_path)
    error = raised_by(change_stock, connection, 999, 5, "delivery")
    assert_nothing_written(connection, sqlite_path, before, "a change to an unknown product")
    assert isinstance(error, ProductNotFound), (
        f"an unknown product must raise ProductNotFound, got {error!r}"
    )


def test_a_change_of_zero_is_refused(connection, sqlite_path, pen):
    before = committed(sqlite_path)
    error = raised_by(change_stock, connection, pen, 0, "recount")
    assert_nothing_written(connection, sqlite_path, before, "a change of 0")
    assert isinstance(error, ValueError), f"a change of 0 must raise ValueError, got {error!r}"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_blank_reason_writes_nothing(connection, sqlite_path, pen, reason):
    before = committed(sqlite_path)
    error = raised_by(change_stock, connection, pen, 5, reason)
    assert_nothing_written(connection, sqlite_path, before, f"the reason {reason!r}")
    assert isinstance(error, (ValueError, sqlite3.IntegrityError)), (
        f"a blank reason must raise ValueError or sqlite3.IntegrityError, got {error!r}"
    )


def test_stock_and_log_agree_over_a_random_run(connection, sqlite_path):
    rng = random.Random(7)
    for name in ["pen", "ink", "paper"]:
        add_product(connection, name, rng.randint(0, 20))
    start = stocks(connection)
    # What the rules predict, kept in plain Python beside the database.
    expected_stocks = dict(start)
    expected_log = []
    for _ in range(60):
        product_id = rng.choice([*start, 999])  # 999 is no product
        change = rng.randint(-15, 10)
        reason = rng.choice(["delivery", "sold", "broken", "recount", " "])
        allowed = (
            change != 0
            and reason.strip() != ""
            and product_id in expected_stocks
            and expected_stocks[product_id] + change >= 0
        )
        with contextlib.suppress(
            ValueError, sqlite3.IntegrityError, ProductNotFound, InsufficientStock
        ):
            change_stock(connection, product_id, change, reason)
        if allowed:
            expected_stocks[product_id] += change
            expected_log.append((product_id, change, reason, expected_stocks[product_id]))
        call = f"change_stock({product_id}, {change}, {reason!r})"
        assert stocks(connection) == expected_stocks, (
            f"after {call} the stocks should be {expected_stocks}"
        )
        assert len(log_rows(connection)) == len(expected_log), (
            f"after {call} there should be one log row per accepted change, "
            f"{len(expected_log)} in all"
        )
    assert committed(sqlite_path) == (expected_stocks, expected_log), (
        "after the run, the committed stocks and log should hold every accepted change "
        "and nothing of the refused ones"
    )
