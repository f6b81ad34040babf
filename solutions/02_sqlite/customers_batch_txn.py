"""A batch of customers: every one of them or none.

Write `add_customers(connection, customers)`, which stores a list of new customers in the
`customers` table in ONE transaction and returns how many it added. If any customer in the
list is invalid, none of the list is stored: the table is exactly as it was before the call.

Batches come from imports, sign-up forms that send a whole household, nightly syncs with a
partner, and sooner or later one has a bad row in the middle. If the rows before it are
already committed, someone has to find out which ones went in and clean up by hand, and simply
sending the batch again creates duplicates. With all or nothing, a refused batch is fixed and
sent again, and that is the end of it.

The table (created by `create_schema`, written for you):

    customers(id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              email TEXT NOT NULL UNIQUE)

Rules for `add_customers`:
- A name that is empty or only whitespace raises `ValueError` (check it yourself: the table
  does not).
- An email that is already stored, or that appears twice in the batch, is refused by the
  UNIQUE constraint: let that `sqlite3.IntegrityError` propagate.
- Either way, nothing of the batch is stored and no transaction is left open on the connection.
- On success every customer of the batch is committed, and the number this call added is
  returned (not the size of the table).
- Names and emails are stored exactly as given, through `?` placeholders: `  Ada ` keeps its
  spaces, `Ada@Example.COM` its capitals, `Miles O'Brien` his quote.
- The connection stays open: the caller owns it.

Concept: a transaction around a batch. `with connection:` commits when its block ends normally
and rolls back when an exception leaves it, whether the database raised it or you did. It
does not close the connection.

Done when: a valid batch is committed in full, as given, and a batch with a blank name or a
duplicate email anywhere in it, first, in the middle or last, leaves the table as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Customer:
    name: str
    email: str


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the customers table (ready to use)."""
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS customers (
                id    INTEGER PRIMARY KEY,
                name  TEXT NOT NULL,
                email TEXT NOT NULL UNIQUE
            )
            """
        )


def add_customers(connection: sqlite3.Connection, customers: Sequence[Customer]) -> int:
    """Insert all `customers` in one transaction and return how many were added.

    Raises ValueError for a blank name and lets sqlite3.IntegrityError (duplicate email)
    propagate; in both cases nothing of the batch is stored.
    """
    # Checking the whole batch first means a bad name never starts a transaction at all.
    for customer in customers:
        if not customer.name.strip():
            raise ValueError(f"customer with email {customer.email!r} has a blank name")

    # One transaction: a duplicate email anywhere raises IntegrityError, and leaving the
    # block with an exception rolls back every row inserted before it.
    with connection:
        connection.executemany(
            "INSERT INTO customers (name, email) VALUES (?, ?)",
            [(customer.name, customer.email) for customer in customers],
        )
    return len(customers)


# --- checks: these run on every save; do not edit below ---
import pytest

ADA = Customer("Ada Lovelace", "ada@example.com")
ALAN = Customer("Alan Turing", "alan@example.com")
GRACE = Customer("Grace Hopper", "grace@example.com")


@pytest.fixture
def connection(sqlite_path):
    connection = sqlite3.connect(sqlite_path)
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    connection.execute("PRAGMA synchronous = OFF")
    create_schema(connection)
    yield connection
    connection.close()


def stored(connection) -> list[tuple[str, str]]:
    return connection.execute("SELECT name, email FROM customers ORDER BY id").fetchall()


def committed(path) -> list[tuple[str, str]]:
    """The customers as a second connection sees them: committed data only."""
    reader = sqlite3.connect(path)
    try:
        return stored(reader)
    finally:
        reader.close()


def as_rows(customers) -> list[tuple[str, str]]:
    return [(customer.name, customer.email) for customer in customers]


def assert_still_open(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            "add_customers closed the caller's connection: the caller owns it and goes on "
            "using it (`with connection:` commits or rolls back, it does not close)"
        ) from error


def add(connection, customers) -> int:
    """add_customers, then a look at whether the caller's connection survived it."""
    added = add_customers(connection, customers)
    assert_still_open(connection)
    return added


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except Exception as error:
        return error
    return None


def assert_nothing_stored(connection, path, before, what):
    assert_still_open(connection)
    assert not connection.in_transaction, (
        f"{what}: the connection was left inside an open transaction (it must be rolled back)"
    )
    assert stored(connection) == before, (
        f"{what} must store none of its customers, but the table changed"
    )
    assert committed(path) == before, (
        f"{what} must store none of its customers, but another connection sees a changed table"
    )


def test_a_valid_batch_is_committed_in_full(connection, sqlite_path):
    added = add(connection, [ADA, ALAN, GRACE])
    assert added == 3, "add_customers should return how many customers it added"
    expected = as_rows([ADA, ALAN, GRACE])
    assert stored(connection) == expected
    assert committed(sqlite_path) == expected, (
        "the batch must be committed: another connection should see all three customers"
    )


def test_the_count_is_of_this_batch_only(connection):
    add(connection, [ADA])
    added = add(connection, [ALAN, GRACE])
    assert added == 2, (
        f"add_customers returned {added} for a batch of 2 added to a table that held 1: "
        "return how many customers this call added, not how many the table holds"
    )


def test_names_and_emails_are_stored_as_given(connection):
    batch = [
        Customer("  Ada ", "Ada@Example.COM"),
        Customer("Miles O'Brien", "miles.o'brien@example.com"),
        Customer('Dwayne "The Rock" Johnson', "rock@example.com"),
        Customer("Bobby', 'x'), ('Mallory', 'mallory@example.com') --", "bobby@example.com"),
    ]
    try:
        add(connection, batch)
    except sqlite3.Error as error:
        raise AssertionError(
            'a value with a quote in it (Miles O\'Brien, Dwayne "The Rock" Johnson) broke the '
            "INSERT: it was pasted into the SQL text. Pass the values with ? placeholders"
        ) from error
    rows = stored(connection)
    assert len(rows) <= len(batch), (
        f"a batch of {len(batch)} customers stored {len(rows)} rows: a name pasted into the "
        f"SQL text became SQL and added a customer of its own. Use ? placeholders: {rows}"
    )
    assert len(rows) == len(batch), f"a batch of {len(batch)} stored {len(rows)} customers"
    for (name, email), customer in zip(rows, batch, strict=True):
        assert name == customer.name, (
            f"the name {customer.name!r} was stored as {name!r}: store names as given "
            "(check blankness with strip(), but insert the name itself)"
        )
        assert email == customer.email, (
            f"the email {customer.email!r} was stored as {email!r}: store emails as given"
        )


def test_a_duplicate_email_inside_the_batch_stores_nothing(connection, sqlite_path):
    twin = Customer("Ada Again", ADA.email)
    error = raised_by(add_customers, connection, [ADA, ALAN, twin])
    assert error is not None, (
        "a batch with the same email twice went in without an error: let the UNIQUE "
        "constraint's sqlite3.IntegrityError propagate (no INSERT OR IGNORE, no except that "
        "swallows it)"
    )
    assert_nothing_stored(connection, sqlite_path, [], "a batch with a duplicate email")
    assert isinstance(error, sqlite3.IntegrityError), (
        f"a duplicate email must raise sqlite3.IntegrityError, got {error!r}"
    )


@pytest.mark.parametrize("position", ["first", "last"])
def test_an_email_already_stored_refuses_the_whole_batch(connection, sqlite_path, position):
    add(connection, [ADA])
    before = stored(connection)
    taken = Customer("Ada L.", ADA.email)
    batch = [taken, ALAN, GRACE] if position == "first" else [ALAN, GRACE, taken]
    error = raised_by(add_customers, connection, batch)
    assert error is not None, (
        "a batch with an email that is already stored went in without an error: let the "
        "UNIQUE constraint's sqlite3.IntegrityError propagate (no INSERT OR IGNORE, no except "
        "that swallows it)"
    )
    assert_nothing_stored(
        connection, sqlite_path, before, f"a batch with a stored email as its {position} row"
    )
    assert isinstance(error, sqlite3.IntegrityError), (
        f"an email already stored must raise sqlite3.IntegrityError, got {error!r}"
    )


@pytest.mark.parametrize("position", ["first", "middle", "last"])
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_name_refuses_the_whole_batch(connection, sqlite_path, blank, position):
    nobody = Customer(blank, "nobody@example.com")
    batch = {
        "first": [nobody, ADA, ALAN],
        "middle": [ADA, nobody, ALAN],
        "last": [ADA, ALAN, nobody],
    }[position]
    error = raised_by(add_customers, connection, batch)
    assert error is not None, (
        f"a batch with the name {blank!r} as its {position} row went in without an error: a "
        "name that is empty or only whitespace must raise ValueError (name.strip() is empty)"
    )
    assert_nothing_stored(
        connection, sqlite_path, [], f"a batch with the name {blank!r} as its {position} row"
    )
    assert isinstance(error, ValueError), f"a blank name must raise ValueError, got {error!r}"


def test_a_refused_batch_can_be_fixed_and_sent_again(connection, sqlite_path):
    raised_by(add_customers, connection, [ADA, ALAN, Customer("Ada Again", ADA.email)])
    assert add(connection, [ADA, ALAN]) == 2, (
        "after a refused batch, the corrected batch should go in"
    )
    assert committed(sqlite_path) == as_rows([ADA, ALAN]), (
        "the corrected batch must be committed, and nothing of the refused one may remain"
    )
