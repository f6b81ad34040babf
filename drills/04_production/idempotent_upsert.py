"""Idempotent upserts: the same update twice, or from two workers at once, is still one update.

The situation: your catalogue service takes product updates from a few hundred vendors
through a message queue. The queue delivers every message at least once, so after a timeout
or a worker restart the same update arrives again, sometimes minutes later and sometimes after
a newer update of the same product. Eight workers read the queue in parallel. Today's code looks
each product up, then INSERTs or UPDATEs it. In production it fails with duplicate-key errors
when two workers get the same new product at once, and last week an old update that arrived
late put a price back to what it was a month ago.

Write `upsert_products(engine, updates)`, which stores a batch of vendor updates (`ProductUpdate`,
given) so that applying a batch once or several times, in any order, from any number of workers
at the same time, leaves the same rows:

- A product is identified by its vendor and its SKU together: two vendors may use the same SKU
  for different products. An update of an unknown product inserts it; an update of a known
  product changes its name, price and version in place, and the row keeps its `id` (orders and
  invoices refer to it).
- Every update carries the vendor's `version` of that product, higher for each change the
  vendor makes. A stored product changes only when an update's version is higher than the
  stored one. An update with the same or a lower version changes nothing: it is a redelivery,
  or an old message arriving late.
- One call stores the whole batch in one transaction and commits before it returns. If the
  database refuses any update of the batch, the error reaches the caller and nothing of that
  batch is stored (the checks send an update that slipped past validation without a name,
  which the table refuses, first in one batch and last in another).
- A batch may hold several updates of the same product; the highest version wins, whatever
  their order. (A vendor never sends two different updates under one version, and neither do
  the checks.) An empty batch does nothing.
- Values travel as parameters, never pasted into the SQL: a name may hold a quote.
- The same function works with an engine for PostgreSQL and one for SQLite.
- Calls sending the same products at the same time, each on its own connection, never raise,
  and the rows end as if the calls had run one after another. (Two batches that list the same
  products in different orders can still deadlock each other in PostgreSQL, each statement
  waiting for a row the other has locked; sorting every batch by vendor and SKU avoids that.
  The checks here always send the products in the same order; race_conditions is the drill
  about deadlocks.)

Concept: the upsert. `INSERT ... ON CONFLICT (vendor, sku) DO UPDATE SET ... WHERE ...` lets the
database itself choose between inserting and updating, in one statement, while it holds the
row. Inside it, `excluded` is the row you tried to insert, and the WHERE turns a stale update
into a no-op. Looking first and writing afterwards (check-then-act) is a race: between your
SELECT and your INSERT another worker inserts the same product. SQLAlchemy has an upsert-capable
`insert()` per dialect, in `sqlalchemy.dialects.postgresql` and `sqlalchemy.dialects.sqlite`;
`engine.dialect.name` says which one you hold. PostgreSQL refuses a single INSERT ... ON CONFLICT
that would update the same row twice ("ON CONFLICT DO UPDATE command cannot affect row a second
time"), so keep one update per product before building the statement.

How the checks make races happen on every run: they run workers in threads, each on its own
connection, and hold every worker just before its first INSERT or UPDATE until the others have
done whatever reading they do first. The unlucky timing that production meets once a week then
happens every time. A worker that PostgreSQL keeps waiting for a lock counts as having arrived,
so locks taken in the database do not trip the checks; a lock taken in Python (a
`threading.Lock`) does: the real workers are separate processes on separate machines, and a
worker that waits for another without the database knowing fails the check.

Done when, on SQLite and on PostgreSQL: new products are inserted and committed; a batch
delivered twice changes nothing, ids included; a newer version changes the row in place, while
a same or older one changes nothing, also within one mixed batch; a batch holding one product
twice keeps its highest version; an empty batch is harmless; a batch the table refuses in part
raises and stores nothing. And on PostgreSQL: eight workers upserting the same new products at
once all succeed and leave the newest version, and an old update that read the table before a
newer one was stored does not overwrite it afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class ProductUpdate(BaseModel):
    """One message of a vendor's feed, already validated (ready to use)."""

    model_config = ConfigDict(frozen=True)

    vendor: str
    sku: str
    name: str
    price_cents: int = Field(gt=0)
    version: int = Field(ge=1)


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product in the catalogue (ready to use)."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("vendor", "sku", name="uq_products_vendor_sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor: Mapped[str]
    sku: Mapped[str]
    name: Mapped[str]
    price_cents: Mapped[int]
    version: Mapped[int]


def create_schema(engine: Engine) -> None:
    """Create the products table (ready to use)."""
    Base.metadata.create_all(engine)


def upsert_products(engine: Engine, updates: Sequence[ProductUpdate]) -> None:
    """Store a batch of vendor updates; safe to repeat, to reorder and to run concurrently."""
    # TODO: keep one update per (vendor, sku): the one with the highest version.
    # TODO: an empty batch has nothing to store: return.
    # TODO: take the dialect's own `insert` (postgresql.insert or sqlite.insert, imported
    #       above) according to engine.dialect.name.
    # TODO: build ONE insert of all the rows that, ON CONFLICT on (vendor, sku), updates the
    #       name, price and version from `excluded`, but only WHERE the stored version is lower.
    # TODO: execute it in one transaction that commits: the whole batch or none of it.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError


def offer(vendor: str, sku: str, name: str, price_cents: int, version: int) -> ProductUpdate:
    return ProductUpdate(
        vendor=vendor, sku=sku, name=name, price_cents=price_cents, version=version
    )


# Two vendors that both sell something under SKU "K-100".
KETTLE_V1 = offer("acme", "K-100", "Kettle", 2_999, 1)
KETTLE_V2 = offer("acme", "K-100", "Kettle", 2_499, 2)
KETTLE_V3 = offer("acme", "K-100", "Kettle Pro", 3_499, 3)
KNIFE_V1 = offer("globex", "K-100", "Chef's Knife", 1_250, 1)
TOASTER_V1 = offer("acme", "T-200", "Toaster", 3_999, 1)
TOASTER_V2 = offer("acme", "T-200", "Toaster", 3_499, 2)
GRINDER_V1 = offer("globex", "G-300", "Grinder", 5_900, 1)

WORKERS = 8
PATIENCE = 3.0  # seconds a held worker waits for the others before the checks give up on them


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, sqlite_path):
    if request.param == "sqlite":
        url = f"sqlite:///{sqlite_path}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = create_engine(url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_url):
    engine = create_engine(pg_url)
    create_schema(engine)
    yield engine
    engine.dispose()


Stored = dict[tuple[str, str], tuple[int, str, int, int]]


def stored(engine) -> Stored:
    """Every product as (vendor, sku) -> (id, name, price_cents, version), on a new connection."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT vendor, sku, id, name, price_cents, version FROM products ORDER BY id")
        ).all()
    products: Stored = {}
    for vendor, sku, *values in rows:
        assert (vendor, sku) not in products, (
            f"the table holds {vendor}/{sku} twice: one product must stay one row "
            "(keep the unique constraint on vendor and sku)"
        )
        products[(vendor, sku)] = tuple(values)
    return products


def values(products: Stored) -> dict[tuple[str, str], tuple[str, int, int]]:
    """The products without their ids: (vendor, sku) -> (name, price_cents, version)."""
    return {key: (name, price, version) for key, (_, name, price, version) in products.items()}


def expected(*updates: ProductUpdate) -> dict[tuple[str, str], tuple[str, int, int]]:
    return {(u.vendor, u.sku): (u.name, u.price_cents, u.version) for u in updates}


def refusal(error: DBAPIError) -> str | None:
    """The database's refusal of a valid batch, in words; None if it is none of these."""
    code = getattr(error.orig, "pgcode", None)
    reason = str(error.orig).strip().splitlines()[0]
    if code == "23505" or "UNIQUE constraint failed" in reason:
        return (
            "upsert_products raised IntegrityError, a duplicate key: it tried to INSERT a "
            "product that is already stored. An update of a known product must change that "
            "row instead (INSERT ... ON CONFLICT DO UPDATE)"
        )
    if code == "21000":
        return (
            "PostgreSQL refused the batch: one INSERT ... ON CONFLICT DO UPDATE may not "
            "update the same row twice, and this batch holds one product more than once. "
            "Keep only the highest version of each (vendor, sku) before inserting"
        )
    if code == "42P10" or "does not match any PRIMARY KEY or UNIQUE" in reason:
        return (
            f"the database refused the ON CONFLICT target ({reason}): no unique constraint "
            "covers exactly those columns. A product is its vendor and its SKU together: "
            "ON CONFLICT (vendor, sku), the columns of uq_products_vendor_sku"
        )
    if code == "42601" or "syntax error" in reason:
        return (
            f"the database could not parse the SQL upsert_products sent ({reason}). The "
            "knife's name, Chef's Knife, holds a quote: pass values as parameters "
            "(insert(Product).values(...), or :name placeholders in text()), never paste "
            "them into the SQL string"
        )
    return None


def upsert(engine, updates: list[ProductUpdate]) -> None:
    """upsert_products, with the databases' refusals explained."""
    try:
        upsert_products(engine, updates)
    except DBAPIError as error:
        explanation = refusal(error)
        if explanation is None:
            raise
        raise AssertionError(explanation) from error


def test_new_products_are_inserted_and_committed(engine):
    try:
        upsert_products(engine, [])
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"an empty batch raised {type(error).__name__}: with no updates there is nothing "
            "to store, so return before building the INSERT (insert().values([]) becomes "
            "INSERT ... DEFAULT VALUES)"
        ) from error
    assert stored(engine) == {}, "an empty batch must not write anything"

    upsert(engine, [KETTLE_V1, KNIFE_V1, TOASTER_V1])
    products = stored(engine)
    assert products, (
        "after upsert_products returned, another connection sees no products: commit the "
        "batch (engine.begin() commits when its block ends)"
    )
    assert values(products) == expected(KETTLE_V1, KNIFE_V1, TOASTER_V1), (
        "the three new products should be stored as sent; acme/K-100 and globex/K-100 are "
        "two different products (a product is its vendor and its SKU together)"
    )


def test_a_redelivered_batch_changes_nothing(engine):
    batch = [KETTLE_V2, TOASTER_V1]
    upsert(engine, batch)
    first = stored(engine)
    upsert(engine, batch)
    second = stored(engine)
    assert len(second) == len(first), (
        f"the same batch delivered twice left {len(second)} products instead of {len(first)}"
    )
    assert second == first, (
        "the same batch delivered twice must leave every row as the first delivery did, "
        f"ids included: {first} became {second}. An update of a known product changes it in "
        "place (ON CONFLICT DO UPDATE); deleting and re-inserting it (INSERT OR REPLACE does) "
        "gives it a new id"
    )

    # The vendor resends version 2 with another price: version 2 is already stored.
    changed_copy = KETTLE_V2.model_copy(update={"price_cents": 1_999})
    upsert(engine, [changed_copy])
    if stored(engine) != first:
        upsert(engine, [KETTLE_V1])  # does an older version get through as well?
        if values(stored(engine))[("acme", "K-100")][2] == 1:
            raise AssertionError(
                "an update whose version (2) equals the stored one changed the row, and then "
                "an older one (version 1) overwrote it too: nothing compares the versions. A "
                "product changes only when the update's version is higher than the stored "
                "one: DO UPDATE ... WHERE products.version < excluded.version"
            )
        raise AssertionError(
            "an update whose version (2) equals the stored version changed the row: a "
            "product changes only when the update's version is higher than the stored one "
            "(DO UPDATE ... WHERE products.version < excluded.version: <, not <=)"
        )


def test_a_newer_version_wins_and_an_older_one_changes_nothing(engine):
    upsert(engine, [KETTLE_V1, TOASTER_V2])
    before = stored(engine)
    kettle_id, toaster_id = before[("acme", "K-100")][0], before[("acme", "T-200")][0]

    upsert(engine, [KETTLE_V2])
    after = stored(engine)
    kettle = values(after)[("acme", "K-100")]
    if kettle == values(before)[("acme", "K-100")]:
        upsert(engine, [TOASTER_V1])  # and an older version, does it get through?
        if values(stored(engine))[("acme", "T-200")][2] == 1:
            raise AssertionError(
                "version 2 of the kettle changed nothing (version 1 is still stored), while "
                "version 1 of the toaster replaced its stored version 2: the versions are "
                "compared the wrong way round. Update when the stored version is lower than "
                "the new one: DO UPDATE ... WHERE products.version < excluded.version"
            )
        raise AssertionError(
            "version 2 of the kettle changed nothing, version 1 is still stored: a newer "
            "version must update the known product. DO NOTHING never updates; use DO UPDATE "
            "SET name, price_cents and version from excluded, WHERE products.version < "
            "excluded.version"
        )
    assert kettle == ("Kettle", 2_499, 2), (
        "version 2 of the kettle should replace version 1: new price 2499 and version 2 "
        f"(set the version column too), got (name, price, version) {kettle}"
    )
    assert after[("acme", "K-100")][0] == kettle_id, (
        f"the kettle's id changed from {kettle_id} to {after[('acme', 'K-100')][0]}: update "
        "the row in place, other tables refer to that id. Set only name, price_cents and "
        "version (excluded.id is a freshly drawn id), and never delete and re-insert the row"
    )

    upsert(engine, [KETTLE_V1])
    assert values(stored(engine))[("acme", "K-100")] == ("Kettle", 2_499, 2), (
        "version 1 arrived late, after version 2, and overwrote it: an update whose version "
        "is not higher than the stored one must change nothing (a WHERE on the DO UPDATE)"
    )

    # One batch: a stale update first, then a new product, then a newer version.
    upsert(engine, [TOASTER_V1, GRINDER_V1, KETTLE_V3])
    products = stored(engine)
    assert values(products) == expected(KETTLE_V3, TOASTER_V2, GRINDER_V1), (
        "in one batch of [toaster v1 (older than the stored v2), grinder v1 (new), kettle v3 "
        "(newer)], the grinder should be inserted, the kettle updated to v3 and the toaster "
        "left at v2"
    )
    assert products[("acme", "T-200")][0] == toaster_id, "the toaster must keep its id"


def test_a_batch_may_carry_the_same_product_twice(engine):
    upsert(engine, [KETTLE_V3, KETTLE_V1, TOASTER_V1, TOASTER_V2])
    assert values(stored(engine)) == expected(KETTLE_V3, TOASTER_V2), (
        "the batch held the kettle as v3 then v1, and the toaster as v1 then v2: the highest "
        "version of each must win, in either order (not simply the last one in the batch)"
    )


def nameless(vendor: str, sku: str) -> ProductUpdate:
    """An update that slipped past validation: the table refuses it, its name is NOT NULL."""
    return ProductUpdate.model_construct(
        vendor=vendor, sku=sku, name=None, price_cents=100, version=1
    )


def test_a_batch_is_stored_whole_or_not_at_all(engine):
    upsert(engine, [KETTLE_V1])
    before = stored(engine)
    batches = {
        "last": [KETTLE_V2, TOASTER_V1, nameless("zeta", "Z-999")],
        "first": [nameless("aardvark", "A-000"), KETTLE_V2, TOASTER_V1],
    }
    for position, batch in batches.items():
        try:
            upsert_products(engine, batch)
        except NotImplementedError:
            raise
        except Exception:
            pass  # the table's refusal, as it should be
        else:
            raise AssertionError(
                f"the table refused the {position} update of a batch (it has no name), yet "
                "upsert_products returned as if all went well: let the error reach the "
                "caller, who must know that the batch was not stored"
            )
        changed = sorted(
            f"{vendor}/{sku}"
            for (vendor, sku), row in stored(engine).items()
            if before.get((vendor, sku)) != row
        )
        assert not changed, (
            f"the table refused the {position} update of a batch (it has no name), yet "
            f"{', '.join(changed)} changed and stayed committed: store the whole batch in "
            "one transaction (one engine.begin() block around every statement of the call), "
            "so that a refusal leaves none of it stored"
        )


@dataclass
class Worker:
    """A thread calling the code under test on its own connection."""

    name: str
    held: bool
    thread: threading.Thread | None = None
    backend_pid: int | None = None  # the PostgreSQL process serving its connection
    arrived: bool = False  # reached its first write
    passed: bool = False  # went on past it
    done: bool = False
    error: BaseException | None = None


class FirstWriteGate:
    """Holds workers just before their first INSERT, UPDATE or DELETE: races on every run.

    A held worker waits there until every other worker has reached its own first write, has
    finished, or is kept waiting for a lock by PostgreSQL (together=True), or until open() is
    called (together=False). So whatever a worker reads before writing, it reads before the
    others write. After `PATIENCE` seconds without that happening, the gate opens for all and
    remembers which workers never came (`stragglers`).
    """

    def __init__(self, engine, monitor_url: str, *, together: bool) -> None:
        self.together = together
        self.workers: list[Worker] = []
        self.opened = False
        self.stragglers: list[str] = []
        self._by_thread: dict[int, Worker] = {}
        self._condition = threading.Condition()
        self._monitor = create_engine(monitor_url, isolation_level="AUTOCOMMIT").connect()
        self._monitor_lock = threading.Lock()
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "before_cursor_execute", self._before_execute)

    def start(self, name: str, function: Callable[..., Any], *args: Any, held: bool = True):
        worker = Worker(name, held)
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

    def open(self) -> None:
        with self._condition:
            self.opened = True
            self._condition.notify_all()

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

    def waiting_for_a_lock(self, worker: Worker) -> bool:
        if worker.backend_pid is None:
            return False
        with self._monitor_lock:
            state = self._monitor.execute(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": worker.backend_pid},
            ).scalar()
        return state == "Lock"

    def _checked_out(self, dbapi_connection, record, proxy) -> None:
        worker = self._by_thread.get(threading.get_ident())
        if worker is not None:
            worker.backend_pid = dbapi_connection.get_backend_pid()

    def _before_execute(self, connection, cursor, statement, parameters, context, many) -> None:
        worker = self._by_thread.get(threading.get_ident())
        if worker is None or not worker.held or worker.passed:
            return
        if statement.lstrip().split(None, 1)[0].upper() not in ("INSERT", "UPDATE", "DELETE"):
            return
        with self._condition:
            worker.arrived = True
            self._condition.notify_all()
        if not self.wait_until(lambda: self._may_pass(worker)):
            self.stragglers = [w.name for w in self._missing(worker)]
            self.open()
        worker.passed = True

    def _missing(self, worker: Worker) -> list[Worker]:
        return [w for w in self.workers if w is not worker and not (w.arrived or w.done)]

    def _may_pass(self, worker: Worker) -> bool:
        if self.opened:
            return True
        if not self.together:
            return False
        return all(self.waiting_for_a_lock(other) for other in self._missing(worker))


def assert_no_straggler(gate: FirstWriteGate) -> None:
    assert not gate.stragglers, (
        f"{', '.join(gate.stragglers)} never reached the database while another worker "
        f"waited {PATIENCE:.0f} s for it, and PostgreSQL was not making it wait for a lock: "
        "is something in Python (a threading.Lock?) making the workers take turns? The real "
        "workers are separate processes, often on separate machines; only the database can "
        "keep them apart"
    )


def test_workers_upserting_the_same_new_products_at_once_never_collide(pg_engine, pg_url):
    # Every worker sends the same three new products; worker n sends version n of each.
    def batch(version: int) -> list[ProductUpdate]:
        return [
            update.model_copy(update={"name": f"{update.name} v{version}", "version": version})
            for update in (KETTLE_V1, KNIFE_V1, TOASTER_V1)
        ]

    gate = FirstWriteGate(pg_engine, pg_url, together=True)
    workers = [
        gate.start(f"worker {n}", upsert_products, pg_engine, batch(n))
        for n in range(1, WORKERS + 1)
    ]
    gate.run(*workers)
    gate.join()

    assert_no_straggler(gate)
    failed = [worker for worker in workers if worker.error is not None]
    if failed and isinstance(failed[0].error, NotImplementedError):
        raise failed[0].error
    duplicates = [worker for worker in failed if isinstance(worker.error, IntegrityError)]
    if duplicates:
        raise AssertionError(
            f"{len(duplicates)} of {WORKERS} workers failed with a duplicate key error: each "
            "looked for the products, found none, and inserted them, but another worker had "
            "inserted them in between. Let the database choose between insert and update in "
            "one statement: INSERT ... ON CONFLICT DO UPDATE"
        ) from duplicates[0].error
    if failed:
        error = failed[0].error
        raise AssertionError(
            f"{len(failed)} of {WORKERS} workers raised an error, the first "
            f"{type(error).__name__}: {error}"
        ) from error
    versions = sorted({version for _, _, version in values(stored(pg_engine)).values()})
    assert values(stored(pg_engine)) == expected(*batch(WORKERS)), (
        f"after {WORKERS} workers upserted versions 1 to {WORKERS} of the same products at once, "
        f"every product should be at version {WORKERS}, the newest; found versions {versions}. "
        "The worker that wrote last won, whatever its version: refuse older versions inside "
        "the statement (DO UPDATE ... WHERE products.version < excluded.version), not with "
        "a version read before writing"
    )


def test_an_old_update_that_read_first_does_not_overwrite_a_newer_one(pg_engine, pg_url):
    gate = FirstWriteGate(pg_engine, pg_url, together=False)
    old = gate.start("the old update", upsert_products, pg_engine, [KETTLE_V1])
    new = gate.start("the newer update", upsert_products, pg_engine, [KETTLE_V2], held=False)
    # The old update does its reading, if any, and is held before it writes...
    gate.run(old)
    assert gate.wait_until(lambda: old.arrived or old.done), (
        f"the old update neither wrote nor finished within {PATIENCE:.0f} s"
    )
    # ... while the newer update runs to its end (or until PostgreSQL makes it wait for a
    # lock the old one holds); only then does the old update write.
    gate.run(new)
    waited = gate.wait_until(lambda: new.done or gate.waiting_for_a_lock(new))
    gate.open()
    gate.join()
    if not waited:
        gate.stragglers = [new.name]
    assert_no_straggler(gate)

    for worker in (old, new):
        if isinstance(worker.error, NotImplementedError):
            raise worker.error
        if isinstance(worker.error, IntegrityError):
            raise AssertionError(
                f"{worker.name} failed with a duplicate key error: it looked the kettle up "
                "before the other update inserted it, then inserted it too. Let the database "
                "choose between insert and update: INSERT ... ON CONFLICT DO UPDATE"
            ) from worker.error
        if worker.error is not None:
            raise AssertionError(
                f"{worker.name} raised {type(worker.error).__name__}: {worker.error}"
            ) from worker.error
    kettle = values(stored(pg_engine)).get(("acme", "K-100"))
    assert kettle == ("Kettle", 2_499, 2), (
        f"the kettle ended as (name, price, version) {kettle}, not version 2: the old update "
        "(version 1) read the table before version 2 was stored, and wrote afterwards. Compare "
        "the versions inside the statement (... DO UPDATE ... WHERE products.version < "
        "excluded.version), where the database sees the row as it is at the moment of writing, "
        "not with a version read before writing"
    )
