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


# --- checks: these run on every save; do not edit below ---
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import aliased, selectinload

CUTOFF = datetime(2025, 1, 1, tzinfo=UTC)


def a_time_zone_not_ours() -> str:
    """A time zone for the database sessions that differs from this machine's, so that a
    naive local time is read as a different moment."""
    ours = datetime.now().astimezone().utcoffset()
    return "Asia/Kolkata" if ours != timedelta(hours=5, minutes=30) else "America/Caracas"


DATABASE_TIME_ZONE = a_time_zone_not_ours()


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_url, connect_args={"options": f"-c timezone={DATABASE_TIME_ZONE}"})
    Base.metadata.create_all(engine, checkfirst=False)  # a new, empty database
    yield engine
    engine.dispose()


def add_catalog(engine: Engine) -> dict[str, int]:
    """Two categories, their products and an order, inserted with plain SQL; returns the
    products' ids by name."""
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO categories (id, name) VALUES (1, 'Kitchen'), (2, 'Garden')")
        )
        connection.execute(
            text(
                "INSERT INTO products (id, name, price_cents, category_id) VALUES "
                "(1, 'Kettle', 3500, 1), (2, 'Toaster', 4200, 1), (3, 'Blender', 8900, 1), "
                "(4, 'Hose', 2500, 2)"
            )
        )
        connection.execute(text("INSERT INTO orders (id, customer) VALUES (1, 'ada')"))
        connection.execute(
            text(
                "INSERT INTO order_lines (id, order_id, product_id, quantity) VALUES "
                "(1, 1, 2, 1), (2, 1, 1, 2), (3, 1, 4, 5)"  # Toaster, Kettle, Hose
            )
        )
    return {"Kettle": 1, "Toaster": 2, "Blender": 3, "Hose": 4}


def names(products) -> list[str]:
    return [product.name for product in products]


def raised_by(function, *args) -> Exception | None:
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def call_and_commit(factory, function, *args) -> Exception | None:
    """Call function(session, *args) in a new session and commit; return what it raised."""
    with factory() as session:
        error = raised_by(function, session, *args)
        return error if error is not None else raised_by(session.commit)


def call_and_roll_back(factory, function, *args) -> Exception | None:
    """Call function(session, *args) in a new session and roll back; return what it raised."""
    with factory() as session:
        error = raised_by(function, session, *args)
        session.rollback()
        return error


def deleted_at_of(engine: Engine, product_id: int) -> datetime | None:
    with engine.connect() as connection:
        return connection.scalar(
            text("SELECT deleted_at FROM products WHERE id = :id"), {"id": product_id}
        )


def test_a_soft_deleted_product_is_hidden_everywhere_but_where_asked_for(engine: Engine) -> None:
    ids = add_catalog(engine)
    factory = make_session_factory(engine)
    error = call_and_commit(factory, soft_delete, ids["Toaster"])
    if isinstance(error, IntegrityError):
        raise AssertionError(
            "soft_delete tried to delete the Toaster's row, which an order line refers to: a "
            "soft delete keeps the row and only sets its deleted_at"
        ) from error
    assert error is None, f"soft_delete of the Toaster raised {error!r}"

    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT deleted_at, now() - deleted_at FROM products WHERE id = :id"),
            {"id": ids["Toaster"]},
        ).one_or_none()
    assert row is not None, (
        "soft_delete removed the Toaster's row from the table: a soft delete keeps the row "
        "and only sets its deleted_at"
    )
    deleted_at, age = row
    assert deleted_at is not None, (
        "after soft_delete (and a commit), the Toaster's deleted_at is still NULL"
    )
    assert abs(age) < timedelta(minutes=5), (
        f"soft_delete set deleted_at to {deleted_at}, {age} away from the database's clock: "
        "set it to the current time as an aware datetime, datetime.now(UTC), or func.now(). "
        "(A naive datetime.now() is this machine's local time without a zone, and the "
        f"database reads it in its session's time zone, here {DATABASE_TIME_ZONE}.)"
    )
    error = call_and_roll_back(factory, soft_delete, ids["Kettle"])
    if error is None:
        assert deleted_at_of(engine, ids["Kettle"]) is None, (
            "soft_delete of the Kettle followed by a rollback left the Kettle deleted: "
            "soft_delete committed by itself. Leave committing to the caller"
        )

    with factory() as session:
        found = names(session.scalars(select(Product).order_by(Product.id)))
        assert found == ["Kettle", "Blender", "Hose"], (
            f"select(Product) in a new session found {found}: the soft-deleted Toaster must be "
            "hidden from every query, by the session itself (do_orm_execute and "
            "with_loader_criteria), not by a WHERE clause in some queries. (Criteria on the "
            "mixin, with_loader_criteria(SoftDeletable, ...), also need include_aliases=True "
            "to reach Product.)"
        )
        categories = names(session.scalars(select(Category).order_by(Category.id)))
        assert categories == ["Kitchen", "Garden"], (
            f"select(Category) found {categories}: the filter must only narrow queries that "
            "involve products, never change others"
        )
        assert session.get(Product, ids["Toaster"]) is None, (
            "session.get(Product, toaster_id) in a new session returned the soft-deleted "
            "Toaster: session.get runs through do_orm_execute too, so the filter must cover it"
        )
        kitchen = session.get(Category, 1)
        assert kitchen is not None
        lazy = names(kitchen.products)
        assert lazy == ["Kettle", "Blender"], (
            f"kitchen.products (a lazy load) gave {lazy}: relationships must hide the Toaster "
            "too (with_loader_criteria reaches lazy loads of objects its query loaded)"
        )
    with factory() as session:
        loaded = session.scalars(
            select(Category).options(selectinload(Category.products)).order_by(Category.id)
        ).all()
        eager = [names(category.products) for category in loaded]
        assert eager == [["Kettle", "Blender"], ["Hose"]], (
            f"select(Category) with selectinload(Category.products) gave {eager}: eager "
            "loads must hide the Toaster too"
        )
        counted = session.scalar(select(func.count()).select_from(Product))
        assert counted == 3, (
            f"select(func.count()).select_from(Product) counted {counted} products, 3 are visible"
        )
        per_category = session.execute(
            select(Category.name, func.count(Product.id))
            .join(Category.products)
            .group_by(Category.name)
            .order_by(Category.name)
        ).all()
        assert [tuple(row) for row in per_category] == [("Garden", 1), ("Kitchen", 2)], (
            f"counting products per category through a join gave {per_category}: the "
            "Toaster must not be counted"
        )
        cheaper = aliased(Product)
        pairs = session.execute(
            select(Product.name, cheaper.name)
            .join(
                cheaper,
                (cheaper.category_id == Product.category_id)
                & (cheaper.price_cents < Product.price_cents),
            )
            .order_by(Product.id, cheaper.id)
        ).all()
        assert [tuple(row) for row in pairs] == [("Blender", "Kettle")], (
            f"a self-join through cheaper = aliased(Product), each product with the cheaper "
            f"products of its category, gave {[tuple(row) for row in pairs]}: the soft-deleted "
            "Toaster came through the alias. Pass include_aliases=True to "
            "with_loader_criteria, and give the criteria as a function of the class, "
            "lambda cls: cls.deleted_at.is_(None), which SQLAlchemy applies to each alias "
            "(a plain Product.deleted_at.is_(None) always names the products table itself)"
        )

    for product_id, what in [(ids["Toaster"], "the already deleted Toaster"), (999, "id 999")]:
        error = call_and_commit(factory, soft_delete, product_id)
        assert isinstance(error, ProductNotFound), (
            f"soft_delete of {what} should raise ProductNotFound, got {error!r}"
        )

    # Where the filter must not hide it: order history, the opt-out, restore.
    with factory() as session:
        try:
            history = order_history(session, 1)
        except AttributeError as error:
            raise AssertionError(
                "order_history met a line whose product is None: the filter hid the "
                "soft-deleted Toaster when the line's product was loaded. Run the history's "
                "query with .execution_options(include_deleted=True), and let the listener "
                "leave lazy loads alone (state.is_relationship_load): they follow the query "
                "that loaded the line"
            ) from error
    assert history == [("Toaster", 1), ("Kettle", 2), ("Hose", 5)], (
        f"order_history(1) gave {history}: an order must show every line, in line order, the "
        "soft-deleted Toaster included (opt out with include_deleted=True)"
    )

    with factory() as session:
        everything = names(
            session.scalars(
                select(Product).order_by(Product.id).execution_options(include_deleted=True)
            )
        )
        assert everything == ["Kettle", "Toaster", "Blender", "Hose"], (
            f"select(Product).execution_options(include_deleted=True) found {everything}: "
            "the opt-out must show soft-deleted products too"
        )
        toaster = session.get(Product, ids["Toaster"], execution_options={"include_deleted": True})
        assert toaster is not None, (
            "session.get(Product, id, execution_options={'include_deleted': True}) must "
            "find the soft-deleted Toaster"
        )
        after = names(session.scalars(select(Product).order_by(Product.id)))
        assert after == ["Kettle", "Blender", "Hose"], (
            f"after a query with the opt-out, a plain select(Product) found {after}: the "
            "opt-out must only apply to the statement that asks for it"
        )
    with factory() as session:
        kitchen = session.scalars(
            select(Category).where(Category.id == 1).execution_options(include_deleted=True)
        ).one()
        lazy = names(kitchen.products)
    assert lazy == ["Kettle", "Toaster", "Blender"], (
        f"a Category loaded with include_deleted=True gave kitchen.products = {lazy}: objects "
        "that an opted-out statement loaded must load their relationships unfiltered too. "
        "Let the listener leave lazy loads alone (state.is_relationship_load): they follow "
        "the criteria of the query that loaded their parent"
    )

    error = call_and_roll_back(factory, restore, ids["Toaster"])
    if error is None:
        assert deleted_at_of(engine, ids["Toaster"]) is not None, (
            "restore of the Toaster followed by a rollback left the Toaster restored: restore "
            "committed by itself. Leave committing to the caller"
        )

    error = call_and_commit(factory, restore, ids["Toaster"])
    if isinstance(error, ProductNotFound):
        raise AssertionError(
            "restore could not find the soft-deleted Toaster: the filter hides the very "
            "product restore looks for. Look it up with "
            "execution_options={'include_deleted': True}"
        ) from error
    assert error is None, f"restore of the Toaster raised {error!r}"
    with factory() as session:
        back = names(session.scalars(select(Product).order_by(Product.id)))
        assert back == ["Kettle", "Toaster", "Blender", "Hose"], (
            f"after restore (and a commit), select(Product) found {back}: the Toaster should "
            "be visible again"
        )
    deleted_at = deleted_at_of(engine, ids["Toaster"])
    assert deleted_at is None, f"restore should set deleted_at back to NULL, found {deleted_at}"
    error = call_and_commit(factory, restore, ids["Kettle"])
    assert error is None, (
        f"restore of the live Kettle raised {error!r}: restoring a product that is not "
        "deleted changes nothing and raises nothing; only an id that no product has raises "
        "ProductNotFound"
    )
    assert deleted_at_of(engine, ids["Kettle"]) is None, (
        "restore of the live Kettle set its deleted_at: restoring a live product changes nothing"
    )
    error = call_and_commit(factory, restore, 999)
    assert isinstance(error, ProductNotFound), (
        f"restore of id 999, which no product has, should raise ProductNotFound, got {error!r}"
    )


def both_tables(engine: Engine) -> tuple[list[tuple], list[tuple]]:
    """(products, products_archive) as plain rows: id, name, price, category, deleted_at."""
    with engine.connect() as connection:
        columns = "id, name, price_cents, category_id, deleted_at"
        live = connection.execute(text(f"SELECT {columns} FROM products ORDER BY id")).all()
        archived = connection.execute(
            text(f"SELECT {columns} FROM products_archive ORDER BY id")
        ).all()
    return [tuple(row) for row in live], [tuple(row) for row in archived]


def change_schema(engine: Engine, sql: str) -> None:
    """Run the checks' own DDL; fail clearly if a transaction left open blocks it."""
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            connection.exec_driver_sql(sql)
    except OperationalError as error:
        raise AssertionError(
            "the checks could not change the schema: a transaction that archive_deleted left "
            "open still holds its locks. When the move fails, roll it back and close the "
            "session (a `with factory.begin() as session:` block does both)"
        ) from error


def what_happened(before, after) -> str:
    """A few words on how the two tables changed, for a failure message."""
    (live_before, archive_before), (live_after, archive_after) = before, after
    gone = {row[1] for row in live_before} - {row[1] for row in live_after}
    copied = {row[1] for row in archive_after} - {row[1] for row in archive_before}
    parts = []
    if copied - gone:
        parts.append(f"copied {sorted(copied - gone)} into the archive but kept them in products")
    if gone - copied:
        parts.append(f"deleted {sorted(gone - copied)} from products without archiving them")
    if gone & copied:
        parts.append(f"moved {sorted(gone & copied)}")
    return "; ".join(parts) or "changed rows in place"


def test_archive_moves_exactly_the_old_unneeded_products_in_one_transaction(
    engine: Engine,
) -> None:
    day = timedelta(days=1)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO categories (id, name) VALUES (1, 'Kitchen')"))
        connection.execute(
            text(
                "INSERT INTO products (id, name, price_cents, category_id, deleted_at) VALUES "
                "(1, 'Kettle', 3500, 1, NULL), "  # live
                "(2, 'Toaster', 4200, 1, :long_ago), "  # archive
                "(3, 'Blender', 8900, 1, :long_ago), "  # an order needs it
                "(4, 'Lamp', 1900, 1, :just_before), "  # archive
                "(5, 'Fan', 2900, 1, :cutoff), "  # deleted exactly at the cutoff
                "(6, 'Mixer', 7900, 1, :after), "  # deleted after the cutoff
                "(7, 'Grill', 12900, 1, :longer_ago)"  # archive
            ),
            {
                "long_ago": CUTOFF - 200 * day,
                "just_before": CUTOFF - timedelta(seconds=1),
                "cutoff": CUTOFF,
                "after": CUTOFF + 3 * day,
                "longer_ago": CUTOFF - 500 * day,
            },
        )
        connection.execute(text("INSERT INTO orders (id, customer) VALUES (1, 'ada')"))
        connection.execute(
            text(
                "INSERT INTO order_lines (id, order_id, product_id, quantity) "
                "VALUES (1, 1, 3, 1), (2, 1, 1, 2)"
            )
        )
    factory = make_session_factory(engine)
    start = both_tables(engine)

    # The database refuses one product midway: first a rule of the archive table (tried with
    # the first and with the last product to move, whatever order you move them in), then a
    # foreign key of a table the job does not know about.
    failures = [
        (
            "a constraint on products_archive refused Toaster",
            "ALTER TABLE products_archive ADD CONSTRAINT refuse CHECK (name <> 'Toaster')",
            "ALTER TABLE products_archive DROP CONSTRAINT refuse",
        ),
        (
            "a constraint on products_archive refused Grill",
            "ALTER TABLE products_archive ADD CONSTRAINT refuse CHECK (name <> 'Grill')",
            "ALTER TABLE products_archive DROP CONSTRAINT refuse",
        ),
        (
            "a wishlist table's foreign key still pointed at Lamp",
            "CREATE TABLE wishlist (product_id integer REFERENCES products (id)); "
            "INSERT INTO wishlist VALUES (4)",
            "DROP TABLE wishlist",
        ),
    ]
    refused: list[Exception] = []  # what the database raised while the job ran
    event.listen(engine, "handle_error", lambda context: refused.append(context.original_exception))
    for what, make_it_fail, undo in failures:
        change_schema(engine, make_it_fail)
        refused.clear()
        error = raised_by(archive_deleted, factory, CUTOFF)
        now = both_tables(engine)
        if error is None and now == start and refused:
            raise AssertionError(
                f"{what}: the database raised {type(refused[0]).__name__}, yet archive_deleted "
                "returned normally and archived nothing, so it swallowed the error. Let the "
                "error reach the caller, so that a failed nightly job is noticed"
            )
        if error is None and now == start:
            raise AssertionError(
                "archive_deleted returned normally without archiving anything, and the "
                "database never refused a statement: it found nothing to archive. Did the "
                "soft-delete filter hide the deleted products from the job itself? Opt its "
                "statements out with include_deleted=True"
            )
        delete_did_nothing = error is None and now[1] != start[1] and now[0] == start[0]
        assert not delete_did_nothing, (
            f"archive_deleted {what_happened(start, now)}: its DELETE removed nothing. Did the "
            "soft-delete filter reach the DELETE? (with_loader_criteria applies to ORM delete() "
            "statements too: opt it out with include_deleted=True)"
        )
        unchanged = now == start
        assert unchanged, (
            f"when {what}, archive_deleted had already {what_happened(start, now)}, and that "
            "stayed: make the whole move ONE transaction, so that a failure undoes all of it"
        )
        assert error is not None, (
            f"{what}, yet archive_deleted returned normally: let the database's error reach "
            "the caller, so that a failed nightly job is noticed"
        )
        del error  # its traceback holds your code's frames, and with them any open session
        change_schema(engine, undo)

    try:
        moved = archive_deleted(factory, CUTOFF)
    except IntegrityError as error:
        raise AssertionError(
            "archive_deleted failed on a foreign key: it tried to delete a product that an "
            "order line still refers to (Blender). Leave the products that order_lines refer "
            "to in products: order history needs them"
        ) from error
    live, archived = both_tables(engine)
    live_names = [row[1] for row in live]
    archived_names = [row[1] for row in archived]
    expected_archive = [row for row in start[0] if row[1] in ("Toaster", "Lamp", "Grill")]
    assert "Blender" in live_names, (
        "the job archived Blender, which an order line still refers to: order history "
        "needs it, so leave products that order_lines refer to in products"
    )
    assert "Fan" in live_names, (
        "the job archived Fan, deleted exactly at the cutoff: archive only products "
        "deleted strictly before it"
    )
    assert "Mixer" in live_names and "Kettle" in live_names, (
        f"the job archived a product it should have kept: products now holds {live_names}"
    )
    archived_as_expected = archived == expected_archive
    assert archived_as_expected, (
        f"products_archive should hold Toaster, Lamp and Grill with their id, name, price, "
        f"category and deleted_at unchanged, found {archived}"
    )
    assert not set(live_names) & set(archived_names), (
        f"{sorted(set(live_names) & set(archived_names))} are in both tables: archiving moves "
        "a product, it must leave products"
    )
    assert live_names == ["Kettle", "Blender", "Fan", "Mixer"], (
        f"after the job, products should hold Kettle, Blender, Fan and Mixer, found {live_names}"
    )
    assert moved == 3, f"archive_deleted moved 3 products and should return 3, got {moved!r}"
    with engine.connect() as connection:
        stamped = connection.scalar(
            text("SELECT count(*) FROM products_archive WHERE archived_at IS NOT NULL")
        )
    assert stamped == 3, "every archived product should have its archived_at set"

    again = archive_deleted(factory, CUTOFF)
    nothing_moved = both_tables(engine) == (live, archived)
    assert nothing_moved and again == 0, (
        f"a second run with the same cutoff should move nothing and return 0, returned {again!r}"
    )
