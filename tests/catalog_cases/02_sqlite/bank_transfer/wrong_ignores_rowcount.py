# mistake: trusts the UPDATEs to fail on a bad id; an UPDATE matching no row changes nothing and raises nothing
# expect: changed the total amount of money

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
    if amount <= 0:
        raise ValueError("amount must be positive")
    with connection:
        try:
            connection.execute(
                "UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id)
            )
        except sqlite3.IntegrityError as error:
            raise InsufficientFunds(from_id) from error
        connection.execute(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id)
        )
