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
the credit, then the debit, of a transfer; another makes every attempt's first UPDATE fail,
with a deadlock and a serialization failure in turn, then with an error that is neither (a
cancelled statement, SQLSTATE 57014), counting the attempts. For an overdraft they count the
transactions `transfer` begins: one.

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
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            transfer_once(engine, from_id, to_id, amount)
            return
        except OperationalError as error:
            # Anything else, InsufficientFunds included, is an answer: it is not retried.
            if getattr(error.orig, "pgcode", None) not in RETRYABLE or attempt == MAX_ATTEMPTS:
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


# --- checks: these run on every save; do not edit below ---
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError, InvalidRequestError, OperationalError

PATIENCE = 3.0  # seconds the checks wait for a transfer before they give up on it


@pytest.fixture
def engine(pg_url):
    engine = create_engine(pg_url, pool_size=10)

    @event.listens_for(engine, "connect")
    def detect_deadlocks_fast(dbapi_connection, record):
        # PostgreSQL looks for a deadlock after a transaction has waited deadlock_timeout
        # (1 s by default). Only a superuser may lower it; elsewhere the check just waits.
        with dbapi_connection.cursor() as cursor:
            try:
                cursor.execute("SET deadlock_timeout = '300ms'")
            except Exception:
                dbapi_connection.rollback()
            else:
                dbapi_connection.commit()

    create_schema(engine)
    yield engine
    engine.dispose()


def balances(engine) -> dict[int, int]:
    """Every balance, as a new connection sees it (committed data only)."""
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT id, balance FROM accounts")).all())


def explain(error: BaseException) -> str:
    """What an error escaping transfer means, in words."""
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    if code == "40P01":
        return (
            "transfer let a DeadlockDetected error escape (SQLSTATE 40P01): PostgreSQL aborted "
            "that transaction to break a deadlock, and nothing of it was kept. Catch the "
            "OperationalError and run the whole transaction again"
        )
    if code == "40001":
        return (
            "transfer let a SerializationFailure escape (SQLSTATE 40001): under REPEATABLE READ "
            "or SERIALIZABLE, PostgreSQL aborts one of two conflicting transactions. Catch the "
            "OperationalError and run the whole transaction again"
        )
    # PendingRollbackError, or "Can't operate on closed transaction": both are SQLAlchemy's.
    if code == "25P02" or (isinstance(error, InvalidRequestError) and "transaction" in str(error)):
        return (
            "transfer retried inside the transaction that PostgreSQL had aborted (current "
            f"transaction is aborted / {type(error).__name__}): an aborted transaction can only "
            "be rolled back. Retry with a new transaction (a new Session or engine.begin())"
        )
    if code == "55P03":
        return (
            "transfer raised LockNotAvailable (SQLSTATE 55P03): it met an account that another "
            "transfer had locked and gave up at once (FOR UPDATE NOWAIT, or a lock_timeout) "
            "instead of waiting its turn. Drop NOWAIT: let PostgreSQL queue the transfers"
        )
    return f"transfer raised {type(error).__name__}: {error}"


@dataclass
class Worker:
    """A thread calling the code under test on its own connection."""

    name: str
    thread: threading.Thread | None = None
    backend_pid: int | None = None  # the PostgreSQL process serving its connection
    arrived: bool = False  # reached its first write
    passed: bool = False  # went on past it
    done: bool = False
    error: BaseException | None = None


class FirstWriteGate:
    """Holds workers just before their first UPDATE, INSERT or DELETE: races on every run.

    A held worker waits there until every other worker has reached its own first write, has
    finished, or is kept waiting for a lock by PostgreSQL. So whatever a worker reads before
    writing, it reads before the others write. After `PATIENCE` seconds without that happening,
    the gate opens for all and remembers which workers never came (`stragglers`).
    """

    def __init__(self, engine, monitor_url: str, *, hold: bool = True) -> None:
        self.hold = hold
        self.workers: list[Worker] = []
        self.opened = False
        self.stragglers: list[str] = []
        self._by_thread: dict[int, Worker] = {}
        self._condition = threading.Condition()
        self._monitor = create_engine(monitor_url, isolation_level="AUTOCOMMIT").connect()
        self._monitor_lock = threading.Lock()
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "before_cursor_execute", self._before_execute)

    def start(self, name: str, function: Callable[..., Any], *args: Any) -> Worker:
        worker = Worker(name)
        self.workers.append(worker)

        def run() -> None:
            self._by_thread[threading.get_ident()] = worker
            try:
                function(*args)
            except BaseException as error:
                worker.error = error
            finally:
                with self._condition:
                    worker.done = True
                    self._condition.notify_all()

        worker.thread = threading.Thread(target=run, name=name, daemon=True)
        return worker

    def run(self, *workers: Worker) -> None:
        for worker in workers:
            worker.thread.start()

    def wait_until(self, condition: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + PATIENCE
        with self._condition:
            while not condition():
                if time.monotonic() > deadline:
                    return False
                self._condition.wait(0.003)
        return True

    def join(self) -> None:
        for worker in self.workers:
            worker.thread.join(2 * PATIENCE + 5)
        self._monitor.close()
        self._monitor.engine.dispose()

    def query(self, sql: str, **parameters: Any) -> Any:
        with self._monitor_lock:
            return self._monitor.execute(text(sql), parameters).scalar()

    def waiting_for_a_lock(self, worker: Worker) -> bool:
        if worker.backend_pid is None:
            return False
        state = self.query(
            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid", pid=worker.backend_pid
        )
        return state == "Lock"

    def blockers(self, worker: Worker) -> list[int]:
        """The PostgreSQL processes whose locks the worker is waiting for."""
        if worker.backend_pid is None:
            return []
        return self.query("SELECT pg_blocking_pids(:pid)", pid=worker.backend_pid)

    def _checked_out(self, dbapi_connection, record, proxy) -> None:
        worker = self._by_thread.get(threading.get_ident())
        if worker is not None:
            worker.backend_pid = dbapi_connection.get_backend_pid()

    def _before_execute(self, connection, cursor, statement, parameters, context, many) -> None:
        worker = self._by_thread.get(threading.get_ident())
        if not self.hold or worker is None or worker.passed:
            return
        if statement.lstrip().split(None, 1)[0].upper() not in ("UPDATE", "INSERT", "DELETE"):
            return
        with self._condition:
            worker.arrived = True
            self._condition.notify_all()
        if not self.wait_until(lambda: self._may_pass(worker)):
            self.stragglers = [w.name for w in self._missing(worker)]
            with self._condition:
                self.opened = True
                self._condition.notify_all()
        worker.passed = True

    def _missing(self, worker: Worker) -> list[Worker]:
        return [w for w in self.workers if w is not worker and not (w.arrived or w.done)]

    def _may_pass(self, worker: Worker) -> bool:
        if self.opened:
            return True
        return all(self.waiting_for_a_lock(other) for other in self._missing(worker))


def run_at_once(engine, pg_url, transfers: list[tuple[str, int, int, int]]) -> list[Worker]:
    """Run transfer(from_id, to_id, amount) for each (name, ...) at once, held at first writes."""
    gate = FirstWriteGate(engine, pg_url)
    workers = [gate.start(name, transfer, engine, *args) for name, *args in transfers]
    gate.run(*workers)
    gate.join()
    assert not gate.stragglers, (
        f"{', '.join(gate.stragglers)} never reached the database while another transfer "
        f"waited {PATIENCE:.0f} s for it, and PostgreSQL was not making it wait for a lock: is "
        "something in Python (a threading.Lock?) making the transfers take turns? The service "
        "runs in several processes on several machines; only the database can keep their "
        "transfers apart: lock the rows, or let a guarded UPDATE decide"
    )
    for worker in workers:
        if isinstance(worker.error, NotImplementedError):
            raise worker.error
        if worker.error is not None and not isinstance(worker.error, InsufficientFunds):
            raise AssertionError(f"{worker.name}: {explain(worker.error)}") from worker.error
    return workers


@contextlib.contextmanager
def counting_transactions(engine):
    """Count the transactions begun on the engine inside the block."""
    begun: list[object] = []

    def count(connection) -> None:
        begun.append(connection)

    event.listen(engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", count)


def outcome(function, *args) -> BaseException | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def test_a_transfer_moves_the_money_and_an_overdraft_changes_nothing(engine):
    alice = open_account(engine, "Alice", 100)
    bob = open_account(engine, "Bob", 20)
    transfer(engine, alice, bob, 30)
    assert balances(engine) == {alice: 70, bob: 50}, (
        "after Alice sends Bob 30, Alice should hold 70 and Bob 50 (as another connection sees it)"
    )
    with counting_transactions(engine) as begun:
        error = outcome(transfer, engine, bob, alice, 51)
    after = balances(engine)
    if error is None:
        if after[bob] < 0:
            problem = f"Bob's balance went to {after[bob]}: compare it with the amount first"
        elif after != {alice: 70, bob: 50}:
            problem = (
                f"the balances became Alice {after[alice]}, Bob {after[bob]}: the debit was "
                "refused but the credit went through. A guarded UPDATE refuses by changing no "
                "row: look at its rowcount, and raise when it is 0"
            )
        else:
            problem = (
                "nothing moved, but the caller cannot tell: is an exception caught and "
                "dropped? Let InsufficientFunds reach the caller"
            )
        raise AssertionError(
            f"Bob holds 50 and tried to send 51: transfer returned as if the money had moved "
            f"instead of raising InsufficientFunds; {problem}"
        )
    assert isinstance(error, InsufficientFunds), (
        f"Bob holds 50 and tried to send 51: transfer must raise InsufficientFunds, got {error!r}"
    )
    assert after == {alice: 70, bob: 50}, "a refused transfer must change nothing"
    assert len(begun) == 1, (
        f"for Bob's one overdraft, transfer began {len(begun)} transactions: InsufficientFunds "
        "is an answer, not a failure to retry. Retry only deadlocks and serialization failures"
    )
    try:
        transfer(engine, bob, alice, 50)
    except InsufficientFunds as error:
        raise AssertionError(
            "Bob holds 50 and sent 50: moving the whole balance is allowed (he ends at 0), "
            "but transfer raised InsufficientFunds. Refuse only a balance below the amount "
            "(balance >= amount may go ahead)"
        ) from error
    assert balances(engine) == {alice: 120, bob: 0}, (
        "Bob may send his whole balance of 50: he should end at exactly 0"
    )


def test_three_withdrawals_at_once_cannot_spend_the_same_money(engine, pg_url):
    alice = open_account(engine, "Alice", 100)
    payees = {name: open_account(engine, name, 0) for name in ("Bob", "Carol", "Dan")}
    workers = run_at_once(
        engine, pg_url, [(f"Alice -> {name}", alice, to, 60) for name, to in payees.items()]
    )
    after = balances(engine)
    succeeded = [worker.name for worker in workers if worker.error is None]
    total = sum(after.values())
    story = (
        f"Alice held 100 and three transfers of 60 ran at once; {len(succeeded)} succeeded "
        f"({', '.join(succeeded) or 'none'}), and the balances became Alice {after[alice]}, "
        + ", ".join(f"{name} {after[to]}" for name, to in payees.items())
    )
    fix = (
        "Each transfer read Alice's balance before the others wrote it: read the rows with a "
        "lock (select(...).with_for_update(), as the first read of them in the session: a lock "
        "taken after the read protects nothing) or let one guarded UPDATE decide "
        "(... WHERE balance >= :amount)"
    )
    assert after[alice] >= 0, f"{story}: Alice's balance went below zero. {fix}"
    assert total == 100, (
        f"{story}: the total money went from 100 to {total}, so {abs(total - 100)} cents were "
        f"{'created out of nothing' if total > 100 else 'lost'}. {fix}"
    )
    assert len(succeeded) == 1, (
        f"{story}: only one transfer of 60 fits into 100; the others must raise "
        f"InsufficientFunds. {fix}"
    )
    assert after[alice] == 40, f"{story}: Alice should hold 40 after the one transfer"


def test_four_payments_into_one_account_at_once_all_count(engine, pg_url):
    bob = open_account(engine, "Bob", 0)
    senders = {name: open_account(engine, name, 100) for name in ("Ann", "Cid", "Eve", "Gus")}
    run_at_once(
        engine, pg_url, [(f"{name} -> Bob", sender, bob, 25) for name, sender in senders.items()]
    )
    after = balances(engine)
    total = sum(after.values())
    assert total == 400 and after[bob] == 100, (
        f"Ann, Cid, Eve and Gus each sent Bob 25 at once: Bob should hold 100, but holds "
        f"{after[bob]}, and the total money went from 400 to {total} "
        f"({400 - total} cents lost). Each payment read Bob's balance before the others wrote "
        "it, and wrote its own result over theirs. Add to the balance in the UPDATE itself "
        "(balance = balance + :amount), or lock Bob's row before reading it"
    )
    assert all(after[sender] == 75 for sender in senders.values()), (
        f"every sender should hold 75 after paying 25, got {after}"
    )


def refuse_updates_of(engine, account: int) -> None:
    """From now on PostgreSQL refuses every change of that account's row."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION USING MESSAGE = 'the checks refuse this change of account '"
            " || OLD.id; END $$"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER refuse_{account} BEFORE UPDATE ON accounts FOR EACH ROW "
            f"WHEN (OLD.id = {account}) EXECUTE FUNCTION refuse_update()"
        )


def test_a_transfer_is_one_transaction(engine):
    alice = open_account(engine, "Alice", 100)
    bob = open_account(engine, "Bob", 100)
    for refused, write in ((bob, "the credit of Bob"), (alice, "the debit of Alice")):
        refuse_updates_of(engine, refused)
        error = outcome(transfer, engine, alice, bob, 30)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP TRIGGER refuse_{refused} ON accounts")
        after = balances(engine)
        assert error is not None, (
            f"PostgreSQL refused {write} in a transfer of 30 from Alice to Bob, yet transfer "
            "returned as if the money had moved: let the database's error reach the caller"
        )
        assert after == {alice: 100, bob: 100}, (
            f"PostgreSQL refused {write} in a transfer of 30 from Alice to Bob, yet the "
            f"balances became Alice {after[alice]}, Bob {after[bob]}: the other write was "
            "committed on its own. A transfer is one transaction: debit and credit in one "
            "Session.begin() or engine.begin() block, committed together or not at all"
        )


def fail_every_attempt(engine, codes: list[str]) -> Callable[[], int]:
    """Make each UPDATE of accounts fail with the next SQLSTATE of `codes`, round and round.

    A sequence counts the UPDATEs (no rollback undoes nextval), so the checks can count the
    attempts of a transfer: each attempt ends at its first UPDATE. After MAX_ATTEMPTS + 5 the
    UPDATEs go through, so that a loop without an end still ends. Returns the counter.
    """
    cases = " ".join(
        f"WHEN {n} THEN RAISE EXCEPTION 'the checks abort this attempt ({code})' "
        f"USING ERRCODE = '{code}';"
        for n, code in enumerate(codes)
    )
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS fail_every_attempt ON accounts")
        connection.exec_driver_sql("DROP SEQUENCE IF EXISTS attempts")
        connection.exec_driver_sql("CREATE SEQUENCE attempts")
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION fail_every_attempt() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ DECLARE n bigint; BEGIN SELECT nextval('attempts') INTO n; "
            f"IF n > {MAX_ATTEMPTS + 5} THEN RETURN NULL; END IF; "
            f"CASE mod(n - 1, {len(codes)}) {cases} END CASE; END $$"
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER fail_every_attempt BEFORE UPDATE ON accounts "
            "FOR EACH STATEMENT EXECUTE FUNCTION fail_every_attempt()"
        )

    def attempts() -> int:
        with engine.connect() as connection:
            updates = connection.exec_driver_sql(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM attempts"
            ).scalar()
        return min(updates, MAX_ATTEMPTS + 6)  # the attempt let through may UPDATE twice

    return attempts


def test_a_transfer_retries_deadlocks_and_serialization_failures_only(engine):
    alice = open_account(engine, "Alice", 100)
    bob = open_account(engine, "Bob", 100)

    attempts = fail_every_attempt(engine, ["40P01", "40001"])
    error = outcome(transfer, engine, alice, bob, 30)
    made = attempts()
    story = (
        f"every attempt of a transfer failed, with a deadlock (40P01) and a serialization "
        f"failure (40001) in turn; transfer made {made} attempt{'s' * (made != 1)}"
    )
    if made < MAX_ATTEMPTS and error is not None:
        if made == 2 and getattr(getattr(error, "orig", None), "pgcode", None) == "40001":
            raise AssertionError(
                f"{story}: it retried the deadlock but let the serialization failure of the "
                "second attempt escape. Both mean 'nothing was done, try again': retry "
                "every OperationalError whose error.orig.pgcode is in RETRYABLE"
            ) from error
        raise AssertionError(f"{story}, then: {explain(error)}") from error
    assert made == MAX_ATTEMPTS, (
        f"{story}: it should make MAX_ATTEMPTS = {MAX_ATTEMPTS} attempts in all, the first "
        "one included, and then give up"
        + (f" (the checks let attempt {made} through)" if made == MAX_ATTEMPTS + 6 else "")
    )
    assert error is not None, (
        f"{story}, then returned as if the money had moved, but nothing moved: after the "
        "last failed attempt, let its error go on to the caller"
    )
    assert balances(engine) == {alice: 100, bob: 100}, "failed attempts must change nothing"

    attempts = fail_every_attempt(engine, ["57014"])
    error = outcome(transfer, engine, alice, bob, 30)
    made = attempts()
    assert made == 1, (
        f"a transfer's attempt failed with QueryCanceled (SQLSTATE 57014, what a "
        f"statement_timeout gives), and transfer made {made} attempts: only deadlocks and "
        "serialization failures (RETRYABLE) are retried. Every other error, OperationalError "
        "or not, goes to the caller at once"
    )
    assert error is not None, (
        "a transfer's attempt failed with QueryCanceled (SQLSTATE 57014), yet transfer "
        "returned as if the money had moved: let that error reach the caller"
    )


@dataclass
class LockHolder:
    """A transaction of the checks' own, holding the row lock of one account."""

    account: int
    connection: Any
    pid: int


def hold_lock(partners, account: int) -> LockHolder:
    connection = partners.connect()
    connection.begin()
    # Best effort: with a longer deadlock_timeout than the transfer's, PostgreSQL finds the
    # deadlock from the transfer's side and aborts the transfer, not this transaction.
    connection.execute(text("SAVEPOINT settings"))
    try:
        connection.execute(text("SET LOCAL deadlock_timeout = '5s'"))
    except DBAPIError:
        connection.execute(text("ROLLBACK TO SAVEPOINT settings"))
    connection.execute(text("SELECT id FROM accounts WHERE id = :id FOR UPDATE"), {"id": account})
    return LockHolder(account, connection, connection.scalar(text("SELECT pg_backend_pid()")))


def test_a_transfer_caught_in_a_deadlock_is_retried_and_completes(engine, pg_url):
    alice = open_account(engine, "Alice", 100)
    bob = open_account(engine, "Bob", 100)
    deadlocks = []

    @event.listens_for(engine, "handle_error")
    def record(context):
        if getattr(context.original_exception, "pgcode", None) == "40P01":
            deadlocks.append(context.original_exception)

    partners = create_engine(pg_url, pool_size=2)
    holders = [hold_lock(partners, alice), hold_lock(partners, bob)]
    gate = FirstWriteGate(engine, pg_url, hold=False)
    worker = gate.start("Alice -> Bob", transfer, engine, alice, bob, 30)
    gate.run(worker)
    try:
        # 1. The transfer waits for one of the two accounts: let it have that one.
        if gate.wait_until(lambda: worker.done or gate.blockers(worker)) and not worker.done:
            first = next(holder for holder in holders if holder.pid in gate.blockers(worker))
            second = next(holder for holder in holders if holder is not first)
            first.connection.rollback()
            # 2. Once it holds that account and waits for the other one, ask for the first
            #    back: each side waits for the other. PostgreSQL aborts the transfer's attempt,
            #    and this request goes through.
            if (
                gate.wait_until(lambda: worker.done or gate.blockers(worker) == [second.pid])
                and not worker.done
            ):
                with contextlib.suppress(DBAPIError):
                    second.connection.execute(
                        text("SELECT id FROM accounts WHERE id = :id FOR UPDATE"),
                        {"id": first.account},
                    )
            # 3. Let the retry through.
            second.connection.rollback()
        gate.join()
    finally:
        for holder in holders:
            holder.connection.close()
        partners.dispose()

    if isinstance(worker.error, NotImplementedError):
        raise worker.error
    assert deadlocks, (
        "the check could not catch the transfer in a deadlock: it never waited for the second "
        "account while holding the first. Does it hold both in one transaction? A transfer "
        "commits its debit and its credit together"
    )
    if worker.error is not None:
        raise AssertionError(explain(worker.error)) from worker.error
    after = balances(engine)
    assert after == {alice: 70, bob: 130}, (
        "after the deadlock and the retry, Alice should hold 70 and Bob 130 (the transfer of 30, "
        f"done exactly once), got Alice {after[alice]} and Bob {after[bob]}"
    )
