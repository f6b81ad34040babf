"""Amend an order: every update or none.

Write `amend_order(connection, order_id, quantities)`. A customer changes the quantities of
some lines of their order; the order is then marked 'amended'. That is several UPDATEs over
two tables, and they belong together:

    orders:        SET status = 'amended'   WHERE id = order_id
    order_details: SET quantity = <new>     WHERE id = <line id> AND order_id = order_id
                   (once for each line id in `quantities`)

An UPDATE whose WHERE matches no row is not an error in SQL: it quietly changes nothing, and
only `cursor.rowcount` (the number of rows changed, here 0) tells you. So with a mistyped id
the order could end up 'amended' while some of its lines never changed, and the warehouse would
ship what the customer no longer wants. Either every update takes effect, or none does.

The tables (created by `create_schema`, written for you):

    orders(id INTEGER PRIMARY KEY, customer TEXT NOT NULL, status TEXT NOT NULL)
    order_details(id INTEGER PRIMARY KEY,
                  order_id INTEGER NOT NULL REFERENCES orders(id),
                  product TEXT NOT NULL,
                  quantity INTEGER NOT NULL CHECK (quantity > 0))

Rules for `amend_order`:
- `quantities` maps a line id (order_details.id) to its new quantity. An empty one changes no
  line but still marks the order 'amended' (if the order exists).
- If no order has `order_id`, or a line id is unknown or belongs to another order, it raises
  `RowNotFound`: every UPDATE must have changed exactly one row, the last as much as the first.
- A quantity below 1 is refused by the table's CHECK constraint: let that
  `sqlite3.IntegrityError` propagate.
- A refused amendment changes neither table and leaves no transaction open on the connection.
- A successful amendment is committed before the function returns. The connection stays
  open: the caller owns it.
- Ids and quantities go into the SQL through `?` placeholders, never pasted into its text:
  the checks read the SQL your code sends.

Concept: one transaction across several statements and tables. `with connection:` commits when
its block ends normally and rolls back when an exception leaves it (it does not close the
connection), so every check that can refuse the amendment belongs inside the block.

Done when: an amendment changes the status and the lines together, and an unknown order, a
line that is not the order's or a bad quantity (first or last in `quantities`) leaves both
tables as they were.
"""

from __future__ import annotations

import sqlite3


class RowNotFound(Exception):
    """An UPDATE matched no row: the order or one of its lines does not exist."""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the orders and order_details tables (ready to use)."""
    with connection:
        connection.executescript(
            """
            CREATE TABLE IF NOT EXISTS orders (
                id       INTEGER PRIMARY KEY,
                customer TEXT NOT NULL,
                status   TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS order_details (
                id       INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES orders(id),
                product  TEXT    NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity > 0)
            );
            """
        )


def amend_order(connection: sqlite3.Connection, order_id: int, quantities: dict[int, int]) -> None:
    """Mark order `order_id` 'amended' and set the new quantities of its lines, all or nothing.

    Raises RowNotFound if the order, or any line of it, does not exist; a quantity below 1
    raises sqlite3.IntegrityError. A refused amendment changes nothing.
    """
    # Every check happens inside the block, so any refusal rolls back all earlier updates.
    with connection:
        order = connection.execute("UPDATE orders SET status = 'amended' WHERE id = ?", (order_id,))
        if order.rowcount == 0:
            raise RowNotFound(f"no order with id {order_id}")

        for line_id, quantity in quantities.items():
            line = connection.execute(
                "UPDATE order_details SET quantity = ? WHERE id = ? AND order_id = ?",
                (quantity, line_id, order_id),
            )
            if line.rowcount == 0:
                raise RowNotFound(f"order {order_id} has no line with id {line_id}")


# --- checks: these run on every save; do not edit below ---
import re

import pytest


@pytest.fixture
def connection(sqlite_path):
    connection = sqlite3.connect(sqlite_path)
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    connection.execute("PRAGMA synchronous = OFF")
    create_schema(connection)
    # Order 1 has lines 1 and 2; order 2 has line 3.
    with connection:
        connection.executemany(
            "INSERT INTO orders (id, customer, status) VALUES (?, ?, ?)",
            [(1, "Ada", "new"), (2, "Alan", "new")],
        )
        connection.executemany(
            "INSERT INTO order_details (id, order_id, product, quantity) VALUES (?, ?, ?, ?)",
            [(1, 1, "pen", 2), (2, 1, "ink", 1), (3, 2, "paper", 5)],
        )
    yield connection
    connection.close()


def snapshot(connection) -> tuple[dict[int, str], dict[int, int]]:
    """(status of each order, quantity of each line)."""
    statuses = dict(connection.execute("SELECT id, status FROM orders"))
    quantities = dict(connection.execute("SELECT id, quantity FROM order_details"))
    return statuses, quantities


def committed_snapshot(path) -> tuple[dict[int, str], dict[int, int]]:
    """The snapshot as a second connection sees it: committed data only."""
    reader = sqlite3.connect(path)
    try:
        return snapshot(reader)
    finally:
        reader.close()


def assert_still_open(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            "amend_order closed the caller's connection: the caller owns it and goes on using "
            "it (`with connection:` commits or rolls back, it does not close)"
        ) from error


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except Exception as error:
        return error
    return None


def assert_nothing_changed(connection, path, before, what):
    assert_still_open(connection)
    assert not connection.in_transaction, (
        f"{what}: the connection was left inside an open transaction (it must be rolled back)"
    )
    assert snapshot(connection) == before, f"{what} must change neither orders nor order_details"
    assert committed_snapshot(path) == before, (
        f"{what} must change neither orders nor order_details (as seen from another connection)"
    )


def assert_refused(connection, path, order_id, quantities, what):
    """amend_order(connection, order_id, quantities) must raise RowNotFound, changing nothing."""
    before = snapshot(connection)
    error = raised_by(amend_order, connection, order_id, quantities)
    assert error is not None, (
        f"amend_order(connection, {order_id}, {quantities}) returned normally, but {what}: an "
        "UPDATE that matched no row must raise RowNotFound (check every cursor.rowcount)"
    )
    assert_nothing_changed(connection, path, before, f"an amendment where {what}")
    assert isinstance(error, RowNotFound), f"{what}: expected RowNotFound, got {error!r}"


def test_an_amendment_updates_both_tables_and_is_committed(connection, sqlite_path):
    amend_order(connection, 1, {1: 5, 2: 3})
    assert_still_open(connection)
    expected = ({1: "amended", 2: "new"}, {1: 5, 2: 3, 3: 5})
    assert snapshot(connection) == expected
    assert committed_snapshot(sqlite_path) == expected, (
        "the amendment must be committed: another connection should see it"
    )


def test_an_amendment_without_lines_marks_the_order_amended(connection, sqlite_path):
    amend_order(connection, 2, {})
    assert committed_snapshot(sqlite_path) == ({1: "new", 2: "amended"}, {1: 2, 2: 1, 3: 5}), (
        "amend_order(connection, 2, {}) changes no line but still marks order 2 'amended' "
        "(committed)"
    )


@pytest.mark.parametrize("quantities", [{}, {1: 5}], ids=["no lines", "one line"])
def test_an_unknown_order_changes_nothing(connection, sqlite_path, quantities):
    assert_refused(connection, sqlite_path, 99, quantities, "there is no order 99")


@pytest.mark.parametrize("quantities", [{3: 7, 1: 5}, {1: 5, 3: 7}], ids=["first", "last"])
def test_a_line_of_another_order_changes_nothing(connection, sqlite_path, quantities):
    # Lines 1 and 2 are order 1's, line 3 is order 2's: its UPDATE must match no row.
    assert_refused(
        connection,
        sqlite_path,
        1,
        quantities,
        "line 3 belongs to order 2 (a line's UPDATE must match both its id and order_id)",
    )


@pytest.mark.parametrize("quantities", [{99: 1, 2: 4}, {2: 4, 99: 1}], ids=["first", "last"])
def test_an_unknown_line_changes_nothing(connection, sqlite_path, quantities):
    assert_refused(connection, sqlite_path, 1, quantities, "there is no line 99")


@pytest.mark.parametrize("quantities", [{2: 0, 1: 4}, {1: 4, 2: 0}], ids=["first", "last"])
def test_a_quantity_below_one_changes_nothing(connection, sqlite_path, quantities):
    before = snapshot(connection)
    error = raised_by(amend_order, connection, 1, quantities)
    assert_nothing_changed(connection, sqlite_path, before, "a quantity of 0")
    assert isinstance(error, sqlite3.IntegrityError), (
        f"a quantity of 0 must raise sqlite3.IntegrityError (from the CHECK), got {error!r}"
    )


class RecordingConnection(sqlite3.Connection):
    """A connection that writes down the SQL text of every statement it is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements: list[str] = []

    def execute(self, sql, *args):
        self.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        self.statements.append(sql)
        return super().executemany(sql, *args)

    def executescript(self, script):
        self.statements.append(script)
        return super().executescript(script)

    def cursor(self, factory=None):
        return super().cursor(factory or RecordingCursor)


class RecordingCursor(sqlite3.Cursor):
    def execute(self, sql, *args):
        self.connection.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        self.connection.statements.append(sql)
        return super().executemany(sql, *args)


def test_ids_and_quantities_are_parameters(connection, sqlite_path):
    with connection:
        connection.execute(
            "INSERT INTO orders (id, customer, status) VALUES (7001, 'Grace', 'new')"
        )
        connection.execute(
            "INSERT INTO order_details (id, order_id, product, quantity) "
            "VALUES (8101, 7001, 'stamp', 1), (8102, 7001, 'envelope', 1)"
        )
    recording = sqlite3.connect(sqlite_path, factory=RecordingConnection)
    try:
        amend_order(recording, 7001, {8101: 43, 8102: 59})
        statements = recording.statements
    finally:
        recording.close()
    for value in (7001, 8101, 8102, 43, 59):
        pasted = [sql for sql in statements if re.search(rf"\b{value}\b", sql)]
        assert not pasted, (
            f"the value {value} was written into the SQL text {pasted[0]!r}: pass ids and "
            "quantities with ? placeholders, never with f-strings (the same habit lets a text "
            "from a web form become SQL)"
        )
