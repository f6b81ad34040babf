# mistake: soft_delete commits the session itself, so a caller that rolls back (or does more work in the same transaction) cannot undo it.
# expect: soft_delete committed by itself

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
  `select(func.count()).select_from(Product)`, joins, queries through `aliased(Product)` (a
  self-join); queries that involve no product come out as they were. The opt-out is the
  execution option `include_deleted=True`:
  `select(Product).execution_options(include_deleted=True)` and
  `session.get(Product, id, execution_options={"include_deleted": True})` see every product,
  objects loaded by such a statement load their relationships unfiltered too, and the next
  statement without the option is filtered again. (The checks read the tables with plain SQL,
  `text(...)`, which no ORM event filters.)
- `soft_delete(session, product_id)`: sets the product's `deleted_at` to the current time
  (`datetime.now(UTC)`, or the database's `func.now()`; the checks' database sessions run in
  a time zone other than your machine's, so a naive `datetime.now()` comes out hours off). A
  product that does not exist or is already deleted raises `ProductNotFound`.
- `restore(session, product_id)`: sets `deleted_at` back to None, so that the product is
  visible again; restoring a live product changes nothing and raises nothing. Only an id that
  no product has, deleted or not, raises `ProductNotFound`.
  (Both leave committing to the caller: the checks commit after calling them, and roll back
  once to see that nothing was committed early.)
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
from selects, `session.get`, lazy and eager relationship loads, counts, joins and aliases;
the opt-out sees it, and so do the relationships of what the opt-out loaded; order history
shows it; restore brings it back and leaves a live product alone; and the archive job moves
exactly the products deleted before the cutoff that no order needs (not those deleted at or
after it, not live ones), once, and, when the checks make the database refuse one of the
products midway (first a constraint on the archive, then a foreign key from another table),
raises and leaves both tables unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, ForeignKey, delete, event, func, insert, select
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
    if not state.is_select or state.execution_options.get(INCLUDE_DELETED, False):
        return
    if state.is_column_load or state.is_relationship_load:
        # Lazy loads repeat the criteria of the statement that loaded their parent objects
        # (opt-out included): nothing to add here.
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
    product = session.get(Product, product_id)
    if product is None:
        raise ProductNotFound(f"no product with id {product_id}")
    product.deleted_at = datetime.now(UTC)
    session.commit()


def restore(session: Session, product_id: int) -> None:
    product = session.get(Product, product_id, execution_options={INCLUDE_DELETED: True})
    if product is None:
        raise ProductNotFound(f"no product with id {product_id}")
    product.deleted_at = None


def order_history(session: Session, order_id: int) -> list[tuple[str, int]]:
    statement = (
        select(OrderLine)
        .where(OrderLine.order_id == order_id)
        .order_by(OrderLine.id)
        .options(selectinload(OrderLine.product))
        .execution_options(include_deleted=True)
    )
    return [(line.product.name, line.quantity) for line in session.scalars(statement)]


def archive_deleted(factory: sessionmaker[Session], before: datetime) -> int:
    # One transaction: the rows this DELETE removes are exactly the rows inserted into the
    # archive, and if either statement fails, both are rolled back.
    with factory.begin() as session:
        moved = (
            session.execute(
                delete(Product)
                .where(
                    Product.deleted_at < before,
                    Product.id.not_in(select(OrderLine.product_id)),
                )
                .returning(
                    Product.id,
                    Product.name,
                    Product.price_cents,
                    Product.category_id,
                    Product.deleted_at,
                )
                # About deleted rows by definition: never let a soft-delete filter near it.
                .execution_options(include_deleted=True)
            )
            .mappings()
            .all()
        )
        if moved:
            session.execute(insert(ArchivedProduct), [dict(row) for row in moved])
        return len(moved)
