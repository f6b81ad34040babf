# mistake: checks the rows in Python first and raises ValueError, instead of letting the table refuse them with IntegrityError
# expect: but builtins.ValueError came out

"""Bulk operations: thousands of rows in one batch and one transaction.

A supplier sends its catalogue every night: twenty thousand products to import, and the next
day a few thousand new prices. Written the way a single product is saved (build a `Product`,
`session.add`, commit), such a job spends its time on the ORM's bookkeeping for every object
and on a commit, which waits for the disk, for every row. A bulk operation sends plain
dictionaries in one statement that SQLAlchemy runs as a batch (the driver's `executemany`),
inside one transaction: a small fraction of the work per row, and all or nothing.

Write two functions over the `products` table (the `Product` model is ready to use):

- `import_products(engine, rows)`: inserts every row of `rows`, each a dict such as
  `{"sku": "SKU-000042", "name": "Product 42", "price": 1299}` (prices in cents), and commits
  them all in one transaction. Leave checking to the table, which refuses a duplicate sku, a
  missing name and a price that is not above 0: if it refuses any row, let the
  `sqlalchemy.exc.IntegrityError` go on to the caller and store none of the rows.
- `update_prices(engine, new_prices)`: sets the price of each product whose id is a key of
  `new_prices` (a dict `{product_id: new_price}`; every id is an existing product) to its
  value, and changes nothing else, in one transaction; if the table refuses a price, the
  IntegrityError goes on to the caller and no price changes.

Both functions work on plain dicts and never build or load a `Product` object (with many
rows, the ORM's bookkeeping for each object costs several times the database work).
Each opens its own session or connection and leaves none open when it returns or raises.

Concept: bulk INSERT and UPDATE. `session.execute(insert(Product), rows)`, with a list of
dicts as the second argument, inserts them all in one batch; `session.execute(update(Product),
[{"id": 7, "price": 999}, ...])` updates each row by its primary key, also in one batch (or in
Core, `update(...).where(Product.id == bindparam(...))` with a list of dicts). Inside
`with Session(engine) as session, session.begin():` the whole batch is one transaction, which
commits at the end of the block, or rolls back if an exception leaves it.

Done when: an import of 20,000 rows stores every row as given, with one commit; an import with
one refused row (first, in the middle or last) raises IntegrityError and stores nothing; an
import is at least 3 times cheaper per row than a commit per row (the checks time both);
`update_prices` changes exactly the prices asked for, with one commit, and a refused price
leaves every price as it was; and both functions send their rows in batches (at most one
statement per 100 rows), never make or load a `Product` object, and leave no session or
connection open.
"""

from typing import Any

from sqlalchemy import CheckConstraint, Engine, String, insert, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product of the catalogue (ready to use)."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("price > 0", name="price_is_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[int]  # in cents


def create_schema(engine: Engine) -> None:
    """Create the products table unless it exists (ready to use)."""
    Base.metadata.create_all(engine)


def import_products(engine, rows):
    for row in rows:
        if not row["name"] or row["price"] <= 0:
            raise ValueError(f"bad row {row}")
    with Session(engine) as session, session.begin():
        session.execute(insert(Product), rows)


def update_prices(engine: Engine, new_prices: dict[int, int]) -> None:
    """Set the price of each product id in new_prices, in one batch and one transaction."""
    # The ORM's bulk UPDATE by primary key: each dict names the row by its "id".
    changes = [{"id": product_id, "price": price} for product_id, price in new_prices.items()]
    with Session(engine) as session, session.begin():
        session.execute(update(Product), changes)
