"""Bank transfer: all of it or none of it.

Write `transfer(connection, from_id, to_id, amount)`, which moves `amount` cents from one
account to another. A transfer is two writes: take the money off one balance, add it to the
other. If anything goes wrong between the two (an unknown account, a crash, a bug), money has
vanished or appeared from nowhere. A ledger stays trustworthy only if the database treats the
pair as one transaction: both writes are committed, or neither is.

The table (created by `create_schema`; `open_account` adds an account; both are written for
you; amounts are whole cents):

    accounts(id INTEGER PRIMARY KEY,
             owner TEXT NOT NULL,
             balance INTEGER NOT NULL CHECK (balance >= 0))

Rules for `transfer`:
- `amount` must be positive: 0 or less raises `ValueError` (1 cent is fine).
- If either account does not exist, it raises `AccountNotFound`.
- If the source balance is smaller than `amount`, it raises `InsufficientFunds`. Decide it
  inside the transaction: a plain SELECT does not open one (the first UPDATE does), so a
  balance read before the first UPDATE may be spent by another connection before the UPDATE
  runs (one check does exactly that). Let the UPDATE decide (`WHERE id = ? AND balance >= ?`,
  then its rowcount; or turn the CHECK's `sqlite3.IntegrityError` into `InsufficientFunds`),
  or open the transaction before reading, with `connection.execute("BEGIN IMMEDIATE")`.
- A refused transfer changes nothing: both balances stay as they were, and no transaction is
  left open on the connection.
- A successful transfer is committed before `transfer` returns. The connection stays open:
  the caller owns it.
- A transfer from an account to itself is not part of this drill: no check makes one.

Concept: atomicity. `with connection:` commits when its block ends normally and rolls back when
an exception leaves it, so raising your own exception inside the block undoes every write
made in it. (It does not close the connection.) An UPDATE that matches no row is not an error
in SQL; `cursor.rowcount` tells you how many rows it changed.

Done when: a transfer moves the money; an overdraft (also one that another connection causes
meanwhile), an unknown account on either side or a non-positive amount leaves both balances
untouched; and over a long random run of transfers, some of them refused, the total amount of
money never changes.
"""

from __future__ import annotations

import sqlite3


class AccountNotFound(Exception):
    """No account has the given id."""


class InsufficientFunds(Exception):
    """The source account holds less than the amount to transfer."""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the accounts table (ready to use)."""
    # Money is kept in whole cents: a float cannot hold 0.10 exactly, an integer can.
    with connection:
        connection.execute(
            """
            CREATE TABLE IF NOT EXISTS accounts (
                id      INTEGER PRIMARY KEY,
                owner   TEXT    NOT NULL,
                balance INTEGER NOT NULL CHECK (balance >= 0)
            )
            """
        )


def open_account(connection: sqlite3.Connection, owner: str, balance: int) -> int:
    """Insert an account and return its id (ready to use)."""
    with connection:
        cursor = connection.execute(
            "INSERT INTO accounts (owner, balance) VALUES (?, ?)", (owner, balance)
        )
    return cursor.lastrowid


def transfer(connection: sqlite3.Connection, from_id: int, to_id: int, amount: int) -> None:
    """Move `amount` cents from account `from_id` to account `to_id`, all or nothing.

    Raises ValueError if amount <= 0, AccountNotFound if either account is missing,
    InsufficientFunds if the source balance is below amount. A refused transfer changes nothing.
    """
    # TODO: refuse a non-positive amount before touching the database.
    # TODO: in ONE `with connection:` block, take the money off `from_id` and add it to `to_id`.
    #       Inside the block, raise AccountNotFound / InsufficientFunds as soon as you know:
    #       the exception rolls back whatever the block already wrote. Let the debit's UPDATE
    #       tell you whether the money is there (see the rules above).
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
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
def alice_and_bob(connection):
    return open_account(connection, "Alice", 10_000), open_account(connection, "Bob", 2_500)


def balances(connection) -> dict[int, int]:
    return dict(connection.execute("SELECT id, balance FROM accounts"))


def committed_balances(path) -> dict[int, int]:
    """The balances as a second connection sees them: committed data only."""
    reader = sqlite3.connect(path)
    try:
        return balances(reader)
    finally:
        reader.close()


def assert_still_open(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        raise AssertionError(
            "transfer closed the caller's connection: the caller owns it and goes on using it "
            "(`with connection:` commits or rolls back, it does not close)"
        ) from error


def move(connection, from_id, to_id, amount, why=""):
    """transfer(...), which must succeed here: an exception becomes a failure that says so."""
    before = balances(connection)
    try:
        transfer(connection, from_id, to_id, amount)
    except Exception as error:
        raise AssertionError(
            f"transfer({from_id}, {to_id}, {amount}) with balances {before} should succeed, "
            f"but raised {error!r}{why}"
        ) from error
    assert_still_open(connection)


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
    assert balances(connection) == before, f"{what} must leave both balances unchanged"
    assert committed_balances(path) == before, (
        f"{what} must leave both balances unchanged (as seen from another connection)"
    )


def test_a_transfer_moves_the_money_and_is_committed(connection, sqlite_path, alice_and_bob):
    alice, bob = alice_and_bob
    move(connection, alice, bob, 1_500)
    assert balances(connection) == {alice: 8_500, bob: 4_000}
    assert committed_balances(sqlite_path) == {alice: 8_500, bob: 4_000}, (
        "the transfer must be committed: another connection should see the new balances"
    )


def test_emptying_an_account_exactly_is_allowed(connection, alice_and_bob):
    alice, bob = alice_and_bob
    move(connection, alice, bob, 10_000, ": a balance equal to the amount is enough")
    assert balances(connection) == {alice: 0, bob: 12_500}, (
        "moving the whole balance must work: the source may end at exactly 0"
    )


def test_one_cent_is_a_positive_amount(connection, alice_and_bob):
    alice, bob = alice_and_bob
    move(connection, bob, alice, 1, ": 1 cent is the smallest positive amount")
    assert balances(connection) == {alice: 10_001, bob: 2_499}


def test_an_overdraft_changes_nothing(connection, sqlite_path, alice_and_bob):
    alice, bob = alice_and_bob
    before = balances(connection)
    error = raised_by(transfer, connection, bob, alice, 2_501)
    assert_nothing_changed(connection, sqlite_path, before, "an overdraft")
    assert isinstance(error, InsufficientFunds), (
        f"an overdraft must raise InsufficientFunds, got {error!r}"
    )


def test_an_unknown_destination_changes_nothing(connection, sqlite_path, alice_and_bob):
    alice, _ = alice_and_bob
    before = balances(connection)
    error = raised_by(transfer, connection, alice, 999, 500)
    assert_nothing_changed(connection, sqlite_path, before, "a transfer to an unknown account")
    assert isinstance(error, AccountNotFound), (
        f"a transfer to an unknown account must raise AccountNotFound, got {error!r}"
    )


def test_an_unknown_source_changes_nothing(connection, sqlite_path, alice_and_bob):
    _, bob = alice_and_bob
    before = balances(connection)
    error = raised_by(transfer, connection, 999, bob, 500)
    assert_nothing_changed(connection, sqlite_path, before, "a transfer from an unknown account")
    assert isinstance(error, AccountNotFound), (
        f"a transfer from an unknown account must raise AccountNotFound, got {error!r}"
    )


@pytest.mark.parametrize("amount", [0, -500])
def test_a_non_positive_amount_is_refused(connection, sqlite_path, alice_and_bob, amount):
    alice, bob = alice_and_bob
    before = balances(connection)
    error = raised_by(transfer, connection, alice, bob, amount)
    assert_nothing_changed(connection, sqlite_path, before, f"an amount of {amount}")
    assert isinstance(error, ValueError), (
        f"an amount of {amount} must raise ValueError, got {error!r}"
    )


def test_money_spent_meanwhile_cannot_be_spent_again(connection, sqlite_path, alice_and_bob):
    alice, bob = alice_and_bob
    other = sqlite3.connect(sqlite_path, timeout=0)
    spent = []

    def spend_meanwhile(statement):
        # When transfer starts its transaction (or its first write), a card payment on another
        # connection takes 5,000 off Alice's 10,000 and commits.
        if spent or statement.lstrip().upper().startswith("SELECT"):
            return
        try:
            with other:
                other.execute("UPDATE accounts SET balance = balance - 5000 WHERE id = ?", (alice,))
            spent.append(True)
        except sqlite3.OperationalError:
            spent.append(False)  # transfer holds the database already: the payment must wait

    connection.set_trace_callback(spend_meanwhile)
    try:
        error = raised_by(transfer, connection, alice, bob, 8_000)
    finally:
        connection.set_trace_callback(None)
        other.close()
    if spent != [True]:
        # The payment could not get in between (transfer held the database already, or never
        # wrote at all), so this was a plain transfer, and it must have gone through.
        assert error is None, (
            f"transfer(alice, bob, 8000) with Alice holding 10,000 should succeed, but raised "
            f"{error!r}"
        )
        assert committed_balances(sqlite_path) == {alice: 2_000, bob: 10_500}, (
            "transfer(alice, bob, 8000) should move 8,000 from Alice to Bob and commit it"
        )
        return
    story = (
        "another connection took 5,000 off Alice's 10,000 after transfer had read her "
        "balance and before its UPDATE ran (a plain SELECT does not open the transaction; "
        "the first UPDATE does)"
    )
    fix = (
        "Let the UPDATE decide (`... WHERE id = ? AND balance >= ?` and its rowcount, or the "
        "CHECK's IntegrityError turned into InsufficientFunds), or open the transaction first "
        "with BEGIN IMMEDIATE"
    )
    assert not isinstance(error, sqlite3.IntegrityError), (
        f"transfer(alice, bob, 8000) raised {error!r}: {story}. {fix}"
    )
    assert error is not None, (
        f"transfer(alice, bob, 8000) went through, but {story}, so only 5,000 were left. {fix}"
    )
    assert_nothing_changed(
        connection,
        sqlite_path,
        {alice: 5_000, bob: 2_500},
        "a transfer refused because the money was spent meanwhile",
    )
    assert isinstance(error, InsufficientFunds), (
        f"8,000 from Alice's remaining 5,000 must raise InsufficientFunds, got {error!r}"
    )


def test_money_is_conserved_over_a_random_run_of_transfers(connection, sqlite_path):
    rng = random.Random(42)
    for owner in ["Ann", "Ben", "Cat", "Dan"]:
        open_account(connection, owner, rng.randint(0, 400))
    # The balances the rules predict, kept in a plain dict beside the database.
    expected = balances(connection)
    total = sum(expected.values())
    candidates = [*expected, 999]  # 999 is no account
    for _ in range(60):
        from_id, to_id = rng.sample(candidates, 2)
        amount = rng.randint(-20, 300)
        allowed = (
            amount > 0 and from_id in expected and to_id in expected and expected[from_id] >= amount
        )
        try:
            transfer(connection, from_id, to_id, amount)
            succeeded = True
        except (ValueError, AccountNotFound, InsufficientFunds):
            succeeded = False
        except sqlite3.Error as error:
            raise AssertionError(
                f"transfer({from_id}, {to_id}, {amount}) with balances {expected} raised "
                f"{error!r}: refuse a transfer with ValueError, AccountNotFound or "
                "InsufficientFunds"
            ) from error
        now = sum(balances(connection).values())
        assert now == total, (
            f"transfer({from_id}, {to_id}, {amount}) changed the total amount of money "
            f"from {total} to {now}"
        )
        assert succeeded == allowed, (
            f"transfer({from_id}, {to_id}, {amount}) with balances {expected} should have "
            + ("succeeded" if allowed else "been refused")
        )
        if allowed:
            expected[from_id] -= amount
            expected[to_id] += amount
    assert committed_balances(sqlite_path) == expected, (
        "after the run each balance should be its start plus the transfers that succeeded"
    )
