# mistake: soft_delete runs an ORM update() by id, which the select-only filter does not narrow, so deleting an already deleted product silently moves its deleted_at instead of raising ProductNotFound.
# expect: soft_delete of the already deleted Toaster should raise ProductNotFound

"""Soft delete: hide a row everywhere, lose it nowhere.

Scenario: staff remove discontinued products from your shop's catalog with a Delete button.
Last month someone deleted the espresso machine by mistake: the row was gone, the orders that
had bought one could no longer show what they contained, and nothing could bring it back. The
team has decided that products are no longer deleted: a removed product gets a `deleted_at`
time instead, and stays in the table. The code base has dozens of queries; adding
`WHERE deleted_at IS NULL` to each one by hand is a bug waiting for the first query someone
forgets. So the filter goes in one place, the session, and applies to every query by default;
the few places that must see removed products (order history, restoring, archiving) ask for
them explicitly. And since removed products pile up, a nightly job moves the ones removed long
ago into an archive table.

The models are written for you (`Product` is `SoftDeletable`: its `deleted_at` is None while
the product is live). Write:

- `hide_soft_deleted(state)`, the `do_orm_execute` listener that `make_session_factory`
  (ready to use) attaches to its sessions. With it, the sessions hide soft-deleted products
  from every ORM query: `select(Product)`, `session.get(Product, id)`, relationships such
  as `category.products` (lazy loads and `selectinload`), counts such as
  `select(func.count()).select_from(Product)`, joins; queries that involve no product come
  out as they were. The opt-out is the execution option `include_deleted=True`:
  `select(Product).execution_options(include_deleted=True)` and
  `session.get(Product, id, execution_options={"include_deleted": True})` see every product,
  objects loaded by such a statement load their relationships unfiltered too, and the next
  statement without the option is filtered again. (The checks read the tables with plain SQL,
  `text(...)`, which no ORM event filters.)
- `soft_delete(session, product_id)`: sets the product's `deleted_at` to the current time
  (`datetime.now(UTC)`, or the database's `func.now()`). A product that does not exist or is
  already deleted raises `ProductNotFound`.
- `restore(session, product_id)`: sets `deleted_at` back to None, so that the product is
  visible again. An id that no product has, deleted or not, raises `ProductNotFound`.
  (Both leave committing to the caller: the checks commit after calling them.)
- `order_history(session, order_id)`: `(product name, quantity)` for each line of the order,
  in the order of the lines' ids, soft-deleted products included: an order must always show
  what was bought.
- `archive_deleted(factory, before)`: the nightly job. In ONE transaction it moves every
  product soft-deleted strictly before `before` that no order line refers to into
  `products_archive` (same id, name, price, category and `deleted_at`; `archived_at` fills
  itself in) and deletes it from `products`; it returns how many products it moved. Products
  that order lines still refer to stay, for the order history. If the database refuses any
  part of the move, the error reaches the caller and both tables are exactly as before.

Concept: a global ORM filter with `with_loader_criteria` added in a `do_orm_execute` event,
and an explicit opt-out; soft delete versus archival; moving rows between tables atomically.
Note: `with_loader_criteria` also applies to ORM-enabled `update()` and `delete()` statements,
and within one session `session.get` answers from the identity map without any SQL (the checks
look from new sessions).

Done when: a soft-deleted product keeps its row, with `deleted_at` set to now, and is missing
from selects, `session.get`, lazy and eager relationship loads, counts and joins; the opt-out
sees it; order history shows it; restore brings it back; and the archive job moves exactly the
products deleted before the cutoff that no order needs (not those deleted at or after it, not
live ones), once, and, when the checks make the database refuse one of the products midway
(first a constraint on the archive, then a foreign key from another table), raises and leaves
both tables unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, ForeignKey, delete, event, func, insert, select, update
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
    with_loader_criteria,
)

INCLUDE_DELETED = "include_deleted"  # the execution option that turns the filter off


class ProductNotFound(LookupError):
    """No product with that id (among the visible ones, where that matters)."""


class Base(DeclarativeBase):
    pass


class SoftDeletable:
    """A row whose deleted_at is set is soft-deleted (ready to use)."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    products: Mapped[list[Product]] = relationship(back_populates="category", order_by="Product.id")


class Product(SoftDeletable, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    price_cents: Mapped[int]
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    category: Mapped[Category] = relationship(back_populates="products")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str]
    lines: Mapped[list[OrderLine]] = relationship(order_by="OrderLine.id")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    product: Mapped[Product] = relationship()


class ArchivedProduct(Base):
    """A product moved out of `products` by the archive job (ready to use)."""

    __tablename__ = "products_archive"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str]
    price_cents: Mapped[int]
    category_id: Mapped[int]
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    archived_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


def hide_soft_deleted(state: ORMExecuteState) -> None:
    """do_orm_execute listener: add "deleted_at IS NULL" to every ORM select that does not
    opt out."""
    if (
        not state.is_select
        or state.is_column_load
        or state.is_relationship_load
        or state.execution_options.get(INCLUDE_DELETED, False)
    ):
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            SoftDeletable, lambda cls: cls.deleted_at.is_(None), include_aliases=True
        )
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose sessions hide soft-deleted rows unless told otherwise (ready
    to use: every ORM statement of its sessions goes through hide_soft_deleted first)."""
    factory = sessionmaker(engine)
    event.listen(factory, "do_orm_execute", hide_soft_deleted)
    return factory


def soft_delete(session: Session, product_id: int) -> None:
    """Mark a visible product deleted now; ProductNotFound if there is none with that id."""
    result = session.execute(
        update(Product).where(Product.id == product_id).values(deleted_at=func.now())
    )
    if result.rowcount == 0:
        raise ProductNotFound(product_id)


def restore(session: Session, product_id: int) -> None:
    """Make a soft-deleted product visible again; ProductNotFound if no product has the id."""
    product = session.get(Product, product_id, execution_options={INCLUDE_DELETED: True})
    if product is None:
        raise ProductNotFound(product_id)
    product.deleted_at = None


def order_history(session: Session, order_id: int) -> list[tuple[str, int]]:
    """(product name, quantity) of every line of the order, in line order, deleted or not."""
    lines = session.scalars(
        select(OrderLine)
        .where(OrderLine.order_id == order_id)
        .order_by(OrderLine.id)
        .execution_options(include_deleted=True)
    ).all()
    return [(line.product.name, line.quantity) for line in lines]


def archive_deleted(factory: sessionmaker[Session], before: datetime) -> int:
    """Move products deleted before `before` that no order line needs into products_archive,
    in one transaction; return how many were moved."""
    unneeded = (Product.deleted_at < before) & ~select(OrderLine.id).where(
        OrderLine.product_id == Product.id
    ).exists()
    with factory.begin() as session:
        session.execute(
            insert(ArchivedProduct).from_select(
                ["id", "name", "price_cents", "category_id", "deleted_at"],
                select(
                    Product.id,
                    Product.name,
                    Product.price_cents,
                    Product.category_id,
                    Product.deleted_at,
                ).where(unneeded),
            ),
            execution_options={INCLUDE_DELETED: True},
        )
        result = session.execute(
            delete(Product).where(unneeded),
            execution_options={INCLUDE_DELETED: True, "synchronize_session": False},
        )
        return result.rowcount
