# alternative: runs one ORM-level upsert statement per product through a Session in a single transaction, oldest first, so later statements see earlier ones (no dedupe needed).
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
- One call stores the whole batch and commits before it returns. A batch may hold several
  updates of the same product; the highest version wins, whatever their order. An empty batch
  does nothing.
- The same function works with an engine for PostgreSQL and one for SQLite.
- Calls running at the same time, each on its own connection, never raise, and the rows end
  as if the calls had run one after another.

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
twice keeps its highest version; an empty batch is harmless. And on PostgreSQL: eight workers
upserting the same new products at once all succeed and leave the newest version, and an old
update that read the table before a newer one was stored does not overwrite it afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, UniqueConstraint
from sqlalchemy.orm import Session
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
    if not updates:
        return
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[engine.dialect.name]
    ordered = sorted(updates, key=lambda u: (u.vendor, u.sku, u.version))
    with Session(engine) as session, session.begin():
        for update in ordered:
            statement = insert(Product).values(update.model_dump())
            statement = statement.on_conflict_do_update(
                index_elements=[Product.vendor, Product.sku],
                set_=dict(
                    name=statement.excluded.name,
                    price_cents=statement.excluded.price_cents,
                    version=statement.excluded.version,
                ),
                where=Product.version < statement.excluded.version,
            )
            session.execute(statement)
