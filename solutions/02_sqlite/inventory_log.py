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
                  reason TEXT NOT NULL CHECK (trim(reason, <whitespace>) <> ''),
                  stock_after INTEGER NOT NULL)

Rules for `change_stock`:
- A `change` of 0 raises `ValueError` (there is nothing to record).
- A reason that is empty or only whitespace (spaces, tabs, line breaks) is refused: raise
  `ValueError` yourself, or let the CHECK on inventory_log.reason raise
  `sqlite3.IntegrityError`; either is fine. Any other reason is logged exactly as given,
  through a `?` placeholder: `customer's return` keeps its quote, `  delivery ` its spaces.
- An unknown product raises `ProductNotFound`.
- A change that would take the stock below 0 raises `InsufficientStock`.
- A successful change updates the stock and adds exactly one log row (product_id, change,
  reason, and stock_after = the stock after this change), commits both, and returns the new
  stock.
- A refused change writes neither the stock nor a log row, and leaves no transaction open on
  the connection. The connection stays open: the caller owns it.
- Decide with the stock as it is inside the transaction. A plain SELECT does not open one (the
  first UPDATE or INSERT does), so a stock read before the first write may have changed by
  the time you write (one check sells pens from a second connection just then). Let the
  UPDATE work on the current value (`stock = stock + ?`, refused by the CHECK or by
  `AND stock + ? >= 0`) and read stock_after back after it, or open the transaction before
  reading, with `connection.execute("BEGIN IMMEDIATE")`.

Concept: keeping two tables consistent with each other. Inside `with connection:` the block's
writes are committed together when it ends normally and rolled back together when an exception
leaves it (the connection is not closed). Whichever of the two writes you make first, the
other one failing must undo it.

Done when: after any mix of changes, accepted and refused, each product's stock equals its
starting stock plus the changes in its log, no refused change left a trace in either table,
and a sale made meanwhile on another connection is neither lost nor oversold.
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
                -- char(32, 9, 10, 13): trim() takes off spaces, tabs and line breaks
                reason      TEXT    NOT NULL CHECK (trim(reason, char(32, 9, 10, 13)) <> ''),
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
    if change == 0:
        raise ValueError("a change of 0 has nothing to record")
    if not reason.strip():
        raise ValueError("every stock change needs a reason")

    # The UPDATE and the INSERT share one transaction: an exception anywhere in the block
    # rolls back both, so the stock and its log can never disagree.
    with connection:
        try:
            # Let the database do the arithmetic: `stock + ?` works on the current value.
            updated = connection.execute(
                "UPDATE products SET stock = stock + ? WHERE id = ?", (change, product_id)
            )
        except sqlite3.IntegrityError as error:
            # CHECK (stock >= 0) is the only constraint this UPDATE can break.
            raise InsufficientStock(f"product {product_id} cannot change by {change}") from error
        if updated.rowcount == 0:
            raise ProductNotFound(f"no product with id {product_id}")

        (new_stock,) = connection.execute(
            "SELECT stock FROM products WHERE id = ?", (product_id,)
        ).fetchone()
        connection.execute(
            "INSERT INTO inventory_log (product_id, change, reason, stock_after)"
            " VALUES (?, ?, ?, ?)",
            (product_id, change, reason, new_stock),
        )
    return new_stock


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


def assert_still_open(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            "change_stock closed the caller's connection: the caller owns it and goes on "
            "using it (`with connection:` commits or rolls back, it does not close)"
        ) from error


def accepted(connection, product_id, change, reason, why="") -> int:
    """change_stock(...), which must succeed here: an exception becomes a failure saying so."""
    before = stocks(connection).get(product_id)
    try:
        new_stock = change_stock(connection, product_id, change, reason)
    except Exception as error:
        raise AssertionError(
            f"change_stock({product_id}, {change}, {reason!r}) with a stock of {before} should "
            f"succeed, but raised {error!r}{why}"
        ) from error
    assert_still_open(connection)
    return new_stock


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except Exception as error:
        return error
    return None


def assert_nothing_written(connection, path, before, what):
    assert_still_open(connection)
    assert not connection.in_transaction, (
        f"{what}: the connection was left inside an open transaction (it must be rolled back)"
    )
    assert log_rows(connection) == before[1], f"{what} must not write a log row"
    assert stocks(connection) == before[0], f"{what} must leave the stock unchanged"
    assert committed(path) == before, (
        f"{what} must write neither the stock nor a log row (as seen from another connection)"
    )


def test_each_change_updates_the_stock_and_writes_one_log_row(connection, sqlite_path, pen):
    why = " (a positive change adds items, a negative one takes them out)"
    assert accepted(connection, pen, 20, "delivery", why) == 30, "the new stock should be returned"
    assert accepted(connection, pen, -4, "sold", why) == 26, "the new stock should be returned"
    assert stocks(connection) == {pen: 26}
    assert log_rows(connection) == [(pen, 20, "delivery", 30), (pen, -4, "sold", 26)], (
        "each change needs exactly one log row (product_id, change, reason, stock_after), "
        "where stock_after is the stock once the change is made"
    )
    assert committed(sqlite_path) == (stocks(connection), log_rows(connection)), (
        "both writes must be committed: another connection should see the stock and the log"
    )


def test_taking_out_the_whole_stock_is_allowed(connection, pen):
    why = ": taking out exactly the whole stock is allowed, the stock may end at 0"
    assert accepted(connection, pen, -10, "sold out", why) == 0, (
        "taking out exactly the whole stock is allowed: it may end at 0"
    )


def test_the_reason_is_logged_as_given(connection, pen):
    reasons = ["  delivery ", "customer's return", 'box marked "fragile"']
    for reason in reasons:
        try:
            change_stock(connection, pen, 1, reason)
        except sqlite3.Error as error:
            raise AssertionError(
                f"the reason {reason!r} broke the INSERT: it was pasted into the SQL text. "
                "Pass it with a ? placeholder"
            ) from error
    logged = [row[2] for row in log_rows(connection)]
    assert logged == reasons, (
        f"the reasons {reasons} were logged as {logged}: log the reason exactly as given "
        "(test it with strip(), but store the reason itself)"
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


@pytest.mark.parametrize("reason", ["", "   ", "\t\n"])
def test_a_blank_reason_writes_nothing(connection, sqlite_path, pen, reason):
    before = committed(sqlite_path)
    error = raised_by(change_stock, connection, pen, 5, reason)
    assert_nothing_written(connection, sqlite_path, before, f"the reason {reason!r}")
    assert isinstance(error, (ValueError, sqlite3.IntegrityError)), (
        f"a blank reason must raise ValueError or sqlite3.IntegrityError, got {error!r}"
    )


@pytest.mark.parametrize(
    ("change", "reason"), [(-8, "shipped"), (20, "delivery")], ids=["taking 8 out", "adding 20"]
)
def test_a_change_made_meanwhile_is_not_lost(connection, sqlite_path, pen, change, reason):
    other = sqlite3.connect(sqlite_path, timeout=0)
    sold = []

    def sell_meanwhile(statement):
        # When change_stock starts its transaction (or its first write), the shop's till on
        # another connection sells 5 of the 10 pens, logs the sale and commits.
        if sold or statement.lstrip().upper().startswith("SELECT"):
            return
        try:
            with other:
                other.execute("UPDATE products SET stock = stock - 5 WHERE id = ?", (pen,))
                other.execute(
                    "INSERT INTO inventory_log (product_id, change, reason, stock_after) "
                    "VALUES (?, -5, 'sold in the shop', 5)",
                    (pen,),
                )
            sold.append(True)
        except sqlite3.OperationalError:
            sold.append(False)  # change_stock holds the database already: the till must wait

    connection.set_trace_callback(sell_meanwhile)
    result = error = None
    try:
        result = change_stock(connection, pen, change, reason)
    except Exception as raised:
        error = raised
    finally:
        connection.set_trace_callback(None)
        other.close()
    call = f"change_stock(pen, {change}, {reason!r})"
    if sold != [True]:
        # The sale could not get in between (change_stock held the database already, or never
        # wrote at all), so this was a plain change, and it must have gone through.
        assert error is None, f"{call} with a stock of 10 should succeed, but raised {error!r}"
        assert committed(sqlite_path) == ({pen: 10 + change}, [(pen, change, reason, 10 + change)])
        return
    story = (
        "another connection sold 5 of the 10 pens after change_stock had read the stock and "
        "before its first write (a plain SELECT does not open the transaction; the first "
        "write does)"
    )
    fix = (
        "Let the UPDATE work on the current value (`stock = stock + ?`, refused by the CHECK "
        "or by `AND stock + ? >= 0`) and read stock_after back after it, or open the "
        "transaction first with BEGIN IMMEDIATE"
    )
    sale = (pen, -5, "sold in the shop", 5)
    if change < 0:
        assert not isinstance(error, sqlite3.IntegrityError), (
            f"{call} raised {error!r}: {story}. {fix}"
        )
        assert error is None or isinstance(error, InsufficientStock), (
            f"{call} must raise InsufficientStock, got {error!r}"
        )
        assert error is not None, f"{call} went through, but {story}, so only 5 were left. {fix}"
        assert_nothing_written(
            connection, sqlite_path, ({pen: 5}, [sale]), "a change refused after a sale meanwhile"
        )
    else:
        assert error is None, f"{call} raised {error!r}: adding 20 to 5 pens must succeed"
        assert (result, committed(sqlite_path)) == (
            25,
            ({pen: 25}, [sale, (pen, 20, reason, 25)]),
        ), (
            f"{call}: {story}, so the stock is now 5 + 20 = 25, and the stock, stock_after and "
            f"the value returned ({result}) must all say 25. {fix}"
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
