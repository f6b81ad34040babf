# alternative: explicit BEGIN IMMEDIATE / COMMIT / ROLLBACK and a guarded UPDATE instead of with connection:

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
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Both accounts must exist before anything moves.
        found = connection.execute(
            "SELECT COUNT(*) FROM accounts WHERE id IN (?, ?)", (from_id, to_id)
        ).fetchone()[0]
        if found != len({from_id, to_id}):
            raise AccountNotFound(f"{from_id} or {to_id}")
        debit = connection.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
            (amount, from_id, amount),
        )
        if debit.rowcount == 0:
            raise InsufficientFunds(from_id)
        connection.execute(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id)
        )
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
