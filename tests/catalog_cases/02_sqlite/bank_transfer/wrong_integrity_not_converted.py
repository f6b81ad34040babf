# mistake: leaves the overdraft to the CHECK constraint but lets its sqlite3.IntegrityError escape instead of raising InsufficientFunds.
# expect: an overdraft must raise InsufficientFunds, got IntegrityError
"""Bank transfer: all of it or none of it."""

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
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    with connection:
        if connection.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id)).rowcount != 1:
            raise AccountNotFound(from_id)
        if connection.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id)).rowcount != 1:
            raise AccountNotFound(to_id)
