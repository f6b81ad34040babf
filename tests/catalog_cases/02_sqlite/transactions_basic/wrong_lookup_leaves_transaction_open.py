# mistake: raises LookupError for an unknown id without rolling back: the UPDATE that matched
# nothing opened a transaction that keeps the write lock, so no other connection can write
# expect: another connection cannot write (database is locked)
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
    with connection:
        for step in steps:
            step(connection)


def replace_product(
    connection: sqlite3.Connection, old_id: int, new_name: str, new_price: float
) -> int:
    """Retire product old_id (active = 0) and add new_name at new_price (active), atomically.

    Return the new product's id. If no product has the id old_id, raise LookupError and change
    nothing. If the database refuses the new product (names are UNIQUE, prices must be > 0),
    let the sqlite3.IntegrityError propagate: the old product must then still be active.
    """
    retired = connection.execute("UPDATE products SET active = 0 WHERE id = ?", (old_id,))
    if retired.rowcount == 0:
        raise LookupError(f"no product with id {old_id}")
    try:
        added = connection.execute(
            "INSERT INTO products (name, price) VALUES (?, ?)", (new_name, new_price)
        )
    except sqlite3.Error:
        connection.rollback()
        raise
    connection.commit()
    return added.lastrowid
