# mistake: retries deadlocks and serialization failures "until it succeeds", with no limit, so a transfer that keeps failing never gives up.
# expect: it should make MAX_ATTEMPTS = 5 attempts in all
# expect: the checks let attempt 11 through

"""Race conditions: two transfers read the same balance, and money appears from nowhere.

The situation: your wallet service lets users send each other money. Every transfer is careful:
it reads the balances, refuses if the sender has too little, and writes the new balances, all
in one transaction. Yet reconciliation keeps finding accounts below zero, and last night a batch
of payouts left the recipients with more money than had ever left the payer. Nothing failed and
nothing was logged. Transfers from the same account ran at the same moment: each read the same
balance, each decided there was enough, each wrote. A transaction does not prevent that. Under
PostgreSQL's default isolation level (READ COMMITTED) a plain SELECT neither waits for another
transaction nor makes one wait.

`transfer_once` below is the code in production today. It is right as long as transfers run
one at a time, and the checks show what it does when they do not. Fix it:

- However many transfers run at the same time, each on its own connection, no balance goes
  below zero, no money is created or lost, and every transfer that returns has moved its
  amount exactly once. A transfer that finds too little money raises `InsufficientFunds` and
  changes nothing. Moving the whole balance is allowed.
- A transfer is one transaction: its debit and its credit are committed together, or neither
  is. If the database refuses either write, the error reaches the caller and no balance
  changes.
- Locking brings deadlocks: two transactions may each hold a row the other one needs.
  PostgreSQL breaks the cycle by aborting one of them with DeadlockDetected (SQLSTATE 40P01).
  Under REPEATABLE READ or SERIALIZABLE isolation a conflicting write aborts with
  SerializationFailure (40001) instead. Both mean "nothing was done, try again": when an attempt
  ends with either, `transfer` runs the whole transaction again, in a new transaction, up to
  MAX_ATTEMPTS attempts in all (the first one included). If the last attempt fails too, its
  error goes on to the caller: `transfer` never returns without having moved the money. Every
  other error, InsufficientFunds included, goes to the caller at once, without a retry.

The checks only use existing accounts and positive amounts. Balances are whole cents, and the
table has no CHECK constraint: the code alone keeps balances at zero or above.

Concept: a lost update, or check-then-act. Reading a value, deciding in Python and writing the
result is safe only if nobody can change the value between your read and your write. Two ways to
close that gap: lock the rows as you read them (`SELECT ... FOR UPDATE`, in SQLAlchemy
`select(...).with_for_update()`), so that another transfer's read of the same row waits until
you commit; or let one guarded UPDATE decide and write in the same step (`UPDATE accounts SET
balance = balance - :amount WHERE id = :id AND balance >= :amount`, then look at how many rows
it changed). Either way, concurrent transfers take turns on each row. A deadlock or a
serialization failure can happen to any correct program under load; the answer is to retry the
whole transaction. SQLAlchemy raises both as `sqlalchemy.exc.OperationalError`, and
`error.orig.pgcode` holds the SQLSTATE.

How the checks reproduce the race on every run: they run transfers in threads, each on its own
connection, and hold each transfer just before its first write (UPDATE, INSERT or DELETE) until
every other transfer has arrived at its own first write, has finished, or is waiting for a lock
in PostgreSQL. So in today's code every transfer has read the balances before any of them
writes. A transfer that PostgreSQL keeps waiting for a lock counts as having arrived, so locks
taken in the database do not trip the checks. A lock taken in Python (a `threading.Lock`)
does: the service runs in several processes on several machines, and a transfer that waits
for another without the database knowing fails the check. For the deadlock, the checks' own
transactions lock both accounts, let your transfer take one of them, then ask for that one back
while your transfer waits for the other: a real deadlock, which PostgreSQL breaks by aborting
your transfer. For the rest, the checks put triggers on the table: one makes PostgreSQL refuse
the debit, then the credit, of a transfer; another makes every attempt's first UPDATE fail,
with a deadlock and a serialization failure in turn, then with an error that is neither (a
cancelled statement, SQLSTATE 57014), counting the attempts.

Done when: a transfer moves the money and an overdraft changes nothing, at the first attempt;
a transfer whose debit or credit is refused changes nothing; three transfers of 60 from an
account holding 100, run at once, give one success and two InsufficientFunds; four payments
into one account at once all count; a transfer that PostgreSQL aborts to break a deadlock is
retried and completes, exactly once; a transfer whose every attempt aborts gives up after
MAX_ATTEMPTS attempts with the error; and any other error is not retried.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

RETRYABLE = {"40P01", "40001"}  # deadlock detected, serialization failure
MAX_ATTEMPTS = 5


class InsufficientFunds(Exception):
    """The source account holds less than the amount to transfer."""


class Base(DeclarativeBase):
    pass


class Account(Base):
    """A wallet (ready to use). Balances are whole cents."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str]
    balance: Mapped[int]


def create_schema(engine: Engine) -> None:
    """Create the accounts table (ready to use)."""
    Base.metadata.create_all(engine)


def open_account(engine: Engine, owner: str, balance: int) -> int:
    """Insert an account and return its id (ready to use)."""
    with Session(engine) as session, session.begin():
        account = Account(owner=owner, balance=balance)
        session.add(account)
        session.flush()
        return account.id


def transfer(engine: Engine, from_id: int, to_id: int, amount: int) -> None:
    """Move `amount` cents from `from_id` to `to_id`; retry deadlocks and serialization failures."""
    while True:
        try:
            transfer_once(engine, from_id, to_id, amount)
            return
        except OperationalError as error:
            if getattr(error.orig, "pgcode", None) not in RETRYABLE:
                raise

def transfer_once(engine: Engine, from_id: int, to_id: int, amount: int) -> None:
    """One attempt, in one transaction; InsufficientFunds if the source holds less than amount."""
    with Session(engine) as session, session.begin():
        # Lock both rows before reading them; a concurrent transfer of either account waits
        # here until this transaction ends. Always in the same order (by id), so that two
        # transfers in opposite directions queue up instead of deadlocking.
        locked = session.scalars(
            select(Account)
            .where(Account.id.in_([from_id, to_id]))
            .order_by(Account.id)
            .with_for_update()
        )
        accounts = {account.id: account for account in locked}
        source, target = accounts[from_id], accounts[to_id]
        if source.balance < amount:
            raise InsufficientFunds(f"account {from_id} holds {source.balance}, needs {amount}")
        source.balance -= amount
        target.balance += amount
