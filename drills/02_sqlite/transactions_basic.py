"""Several steps, one transaction: all of them or none of them.

Write two functions. `run_in_transaction(connection, steps)` runs a list of steps (functions
that take the connection and change the database) as ONE transaction: if every step succeeds,
their changes are committed together; if a step raises, the changes of the steps before it are
rolled back and that same exception reaches the caller. Then `replace_product` uses a transaction
(through `run_in_transaction` or directly) for a two-step change: retire an old product and
add its successor.

Imagine the second step fails (the new name is already taken) after the first one succeeded:
without a transaction the shop is left with the old product retired and no replacement on sale.
That is the bank transfer problem in miniature: money taken from one account and never arriving
in the other. A transaction makes the steps one unit (atomicity), and until it commits, no other
connection sees any of its changes (isolation): a report running at the same moment sees the
shop either before or after the replacement, never halfway.

How Python's sqlite3 does it (with its default settings): it opens a transaction by itself
before the first INSERT, UPDATE or DELETE, and `with connection:` commits when the block ends
normally or rolls back when an exception leaves it (any exception, KeyboardInterrupt included).
It does not close the connection, and it does not swallow the exception. One surprise: a
CREATE TABLE (or other schema change) run before the first INSERT, UPDATE or DELETE is
committed on the spot, outside the transaction; the steps in the checks only change rows.

Concept: atomicity and isolation with `with connection:`; commit once, at the end.

Done when: all steps' changes are committed together; a step that raises, even a
BaseException such as KeyboardInterrupt, leaves no trace of the steps before it, its own
exception object reaches the caller unchanged, and the transaction is over (another connection
can write at once); a second connection sees nothing until the commit; the caller's connection
stays open; and `replace_product` returns the new product's id and either does both of its
steps or neither, ending its transaction either way.
"""

import sqlite3
from collections.abc import Callable, Sequence

Step = Callable[[sqlite3.Connection], None]


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the products table if it does not exist yet (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS products (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                price REAL NOT NULL CHECK (price > 0),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            )
            """
        )


def run_in_transaction(connection: sqlite3.Connection, steps: Sequence[Step]) -> None:
    """Run step(connection) for each step in order, as one transaction.

    If all steps succeed, commit once at the end. If a step raises (anything, KeyboardInterrupt
    included), roll back everything the earlier steps did and let that exception propagate
    unchanged, not wrapped in another one. Leave the connection open: it belongs to the caller.
    """
    # TODO: run the steps in order so that they are committed together or rolled back together.
    raise NotImplementedError


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically.

    Return the new product's id. If no product has the id old_id, raise LookupError and change
    nothing. If the database refuses the new product (names are UNIQUE, prices must be > 0),
    let the sqlite3.IntegrityError propagate: the old product must then still be active.
    """
    # TODO: in one transaction: step 1, UPDATE the old product to active = 0 (raise
    #       LookupError if that touched no row); step 2, INSERT the new product.
    # TODO: return the new product's id (the INSERT cursor's lastrowid).
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture
def shop(sqlite_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path)
    create_schema(connection)
    with connection:
        # Ids 1 and 7: a new product gets id 8, which no count of rows could give.
        connection.execute("INSERT INTO products (id, name, price) VALUES (1, 'Desk Lamp', 24.5)")
        connection.execute("INSERT INTO products (id, name, price) VALUES (7, 'Floor Lamp', 89.0)")
    yield connection
    connection.close()


STARTING_ROWS = [(1, "Desk Lamp", 24.5, 1), (7, "Floor Lamp", 89.0, 1)]


def rows(connection: sqlite3.Connection) -> list[tuple[int, str, float, int]]:
    try:
        return connection.execute(
            "SELECT id, name, price, active FROM products ORDER BY id"
        ).fetchall()
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            f"the caller's connection is unusable ({error}): your code closed the connection "
            "it was given, but it belongs to the caller (`with connection:` only commits or "
            "rolls back, it does not close)"
        ) from error


def committed_rows(path: Path) -> list[tuple[int, str, float, int]]:
    """What a second connection sees: only committed changes."""
    with closing(sqlite3.connect(path)) as other:
        return rows(other)


def names(connection: sqlite3.Connection) -> list[str]:
    return [name for _, name, _, _ in rows(connection)]


def assert_transaction_is_over(path: Path, after: str) -> None:
    """Another connection can start writing at once: nobody holds the write lock any more."""
    with closing(sqlite3.connect(path, timeout=0)) as other:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise AssertionError(
                f"after {after}, another connection cannot write ({error}): the transaction "
                "was left open and still holds the write lock; roll it back when something "
                "fails (`with connection:` does it)"
            ) from error
        other.rollback()


class StepFailed(Exception):
    """The exception a step of these checks raises on purpose."""


class Interrupted(BaseException):
    """Like KeyboardInterrupt (Ctrl-C): a BaseException, not an Exception."""


def add_mug(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO products (name, price) VALUES ('Mug', 8.0)")


def add_pen(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO products (name, price) VALUES ('Pen', 3.0)")


def run_failing(connection: sqlite3.Connection, error: BaseException) -> None:
    """run_in_transaction with a step that raises error between add_mug and add_pen; fails the
    check unless exactly that error reaches the caller."""

    def fail(connection: sqlite3.Connection) -> None:
        raise error

    name = type(error).__name__
    try:
        run_in_transaction(connection, [add_mug, fail, add_pen])
    except NotImplementedError:
        raise
    except BaseException as raised:
        if raised is not error:
            raise AssertionError(
                f"a step raised {name}({error}), but the caller got {type(raised).__name__}"
                f"({raised}): after rolling back, let the step's own exception propagate "
                "unchanged (a bare `raise`, or let it leave `with connection:`)"
            ) from raised
    else:
        pytest.fail(
            f"run_in_transaction returned normally although a step raised {name}: roll back, "
            "then let the step's exception reach the caller"
        )


def test_all_steps_are_committed_together(shop: sqlite3.Connection, sqlite_path: Path) -> None:
    run_in_transaction(shop, [add_mug, add_pen])
    other = [name for _, name, _, _ in committed_rows(sqlite_path)]
    assert other == ["Desk Lamp", "Floor Lamp", "Mug", "Pen"], (
        "after run_in_transaction a second connection should see both new products: commit "
        "at the end"
    )


def test_a_failing_step_undoes_the_steps_before_it(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    run_failing(shop, StepFailed("step failed on purpose"))
    assert "Mug" not in names(shop), (
        "the first step's Mug is still there after a later step failed: commit only after "
        "the last step, and roll back when a step raises (`with connection:` does both)"
    )
    assert committed_rows(sqlite_path) == STARTING_ROWS, (
        "a second connection sees the first step's Mug: it was committed before the "
        "transaction was over"
    )
    assert_transaction_is_over(sqlite_path, "a failed run_in_transaction")


def test_a_step_stopped_by_a_base_exception_is_rolled_back_too(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    run_failing(shop, Interrupted("Ctrl-C during a step"))
    assert "Mug" not in names(shop), (
        "a step was stopped by a BaseException (like KeyboardInterrupt, which is not an "
        "Exception), and the first step's Mug is still pending: roll back whatever a step "
        "raises (`except BaseException:` or `with connection:`), not only on Exception"
    )
    assert committed_rows(sqlite_path) == STARTING_ROWS, (
        "a second connection sees the first step's Mug after a step was interrupted: commit "
        "only when every step has succeeded"
    )


def test_a_second_connection_sees_nothing_before_the_commit(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    seen_in_between: list[str] = []

    def look_from_another_connection(connection: sqlite3.Connection) -> None:
        with closing(sqlite3.connect(sqlite_path)) as other:
            seen_in_between.extend(names(other))

    run_in_transaction(shop, [add_mug, look_from_another_connection, add_pen])
    assert "Mug" not in seen_in_between, (
        "a second connection already saw the first step's Mug while the transaction was "
        "still running: commit once, after the last step, not after each step"
    )
    assert [name for _, name, _, _ in committed_rows(sqlite_path)][-2:] == ["Mug", "Pen"], (
        "after run_in_transaction returns, a second connection should see Mug and Pen"
    )


def test_the_connection_stays_open_for_the_caller(shop: sqlite3.Connection) -> None:
    run_in_transaction(shop, [add_mug])
    try:
        shop.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            "run_in_transaction closed the connection it was given: the caller owns it "
            "(with connection: only commits or rolls back)"
        ) from error


def test_replace_product_retires_the_old_one_and_adds_the_new_one(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    new_id = replace_product(shop, 1, "Desk Lamp Pro", 29.0)
    after = committed_rows(sqlite_path)
    assert after[:2] == [(1, "Desk Lamp", 24.5, 0), (7, "Floor Lamp", 89.0, 1)], (
        f"a second connection should see Desk Lamp retired (active 0), Floor Lamp untouched, "
        f"and sees {after[:2]}: replace_product must commit"
    )
    assert [row[1:] for row in after[2:]] == [("Desk Lamp Pro", 29.0, 1)], (
        f"a second connection should see Desk Lamp Pro added, active; it sees {after[2:]}"
    )
    real_id = after[2][0]
    assert new_id == real_id, (
        f"replace_product returned {new_id!r}, but the new product's id is {real_id}: return "
        "the lastrowid of the INSERT's cursor"
    )
    names(shop)  # the caller's connection is still open


@pytest.mark.parametrize(
    ("new_name", "new_price", "problem"),
    [("Floor Lamp", 29.0, "its name is taken"), ("Desk Lamp Pro", 0.0, "its price is 0")],
)
def test_a_refused_replacement_leaves_the_old_product_on_sale(
    shop: sqlite3.Connection, sqlite_path: Path, new_name: str, new_price: float, problem: str
) -> None:
    try:
        replace_product(shop, 1, new_name, new_price)
    except sqlite3.IntegrityError:
        pass
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"the database refuses the new product ({problem}); replace_product should let "
            f"that sqlite3.IntegrityError propagate, not raise {type(error).__name__}"
        ) from error
    else:
        pytest.fail(
            f"replace_product returned normally although the new product was refused "
            f"({problem}): let the sqlite3.IntegrityError propagate"
        )
    assert rows(shop) == STARTING_ROWS, (
        f"the new product was refused ({problem}) but Desk Lamp was retired anyway: both "
        "steps must be one transaction, rolled back together"
    )
    assert committed_rows(sqlite_path) == STARTING_ROWS, (
        f"the new product was refused ({problem}) but a second connection sees Desk Lamp "
        "retired: both steps must be one transaction, rolled back together"
    )
    assert_transaction_is_over(sqlite_path, f"a refused replacement ({problem})")


def test_replacing_an_unknown_product_changes_nothing(
    shop: sqlite3.Connection, sqlite_path: Path
) -> None:
    try:
        replace_product(shop, 99, "Ghost Lamp", 5.0)
    except LookupError:
        pass
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"replace_product(99, ...) raised {type(error).__name__} ({error}): no product "
            "has id 99, so raise LookupError"
        ) from error
    else:
        pytest.fail(
            "replace_product(99, ...) returned normally, but no product has id 99: raise "
            "LookupError when the UPDATE touches no row (its rowcount is 0)"
        )
    assert rows(shop) == STARTING_ROWS, (
        "no product has id 99, yet the table changed: raise LookupError when the UPDATE "
        "touches no row (its rowcount is 0), before adding anything"
    )
    assert committed_rows(sqlite_path) == STARTING_ROWS
    assert_transaction_is_over(sqlite_path, "replace_product(99, ...) raised LookupError")
