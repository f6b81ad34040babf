# mistake: locks only the source account; the target is read without a lock and its new balance computed in Python, so concurrent payments into it overwrite each other.
# expect: Each payment read Bob's balance before the others wrote it
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
- Locking brings deadlocks: two transactions may each hold a row the other one needs.
  PostgreSQL breaks the cycle by aborting one of them with DeadlockDetected (SQLSTATE 40P01).
  Under REPEATABLE READ or SERIALIZABLE isolation a conflicting write aborts with
  SerializationFailure (40001) instead. Both mean "nothing was done, try again": when an attempt
  ends with either, `transfer` runs the whole transaction again, in a new transaction, until it
  succeeds.

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
your transfer.

Done when: a transfer moves the money and an overdraft changes nothing; three transfers of 60
from an account holding 100, run at once, give one success and two InsufficientFunds; four
payments into one account at once all count; and a transfer that PostgreSQL aborts to break a
deadlock is retried and completes, exactly once.
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
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            transfer_once(engine, from_id, to_id, amount)
            return
        except OperationalError as error:
            code = getattr(error.orig, "pgcode", None)
            if code not in RETRYABLE or attempt == MAX_ATTEMPTS:
                raise


def transfer_once(engine: Engine, from_id: int, to_id: int, amount: int) -> None:
    """One attempt, in one transaction; InsufficientFunds if the source holds less than amount."""
    with Session(engine) as session, session.begin():
        source = session.scalars(
            select(Account).where(Account.id == from_id).with_for_update()
        ).one()
        if source.balance < amount:
            raise InsufficientFunds(f"account {from_id} holds {source.balance}, needs {amount}")
        target = session.get(Account, to_id)
        source.balance -= amount
        target.balance += amount
