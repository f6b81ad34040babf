"""Placing an order: one transaction, and a savepoint for the part that may fail.

A shop's checkout does several writes for one order: it takes each product's quantity off the
stock, creates the order and one line per product, and, when the customer typed a coupon
code, redeems the coupon. Write `place_order(session, customer, items, coupon=None)`.

The order and its stock changes are one unit: if any product cannot be delivered, nothing of
the order may remain. Otherwise the shop sells stock it never took off the shelf, or takes
stock off for an order that does not exist. The coupon is different: a coupon that turns out
to be used up must not cost the shop the sale. The order goes through at full price, and
nothing of the coupon step may remain either (no use taken off the coupon, no redemption row,
no discount).

The models and `redeem_coupon` are written for you. Rules for `place_order`:
- `items` maps product ids to quantities, e.g. `{tea_id: 2, mug_id: 1}` (each quantity is at
  least 1: the caller has checked that). A product id that names no product raises
  `UnknownProduct`; a quantity above the product's stock raises
  `OutOfStock` (taking the last items, down to 0, is fine). Either way nothing changes: no
  stock, no order, no line, no coupon use; the transaction is rolled back before the exception
  leaves `place_order`, and the session can place the next order.
- An accepted order takes each quantity off its product's stock and stores one `Order`
  (the customer, `total_cents` = the sum of quantity x price) with one `OrderLine` per product
  (the quantity and the product's current price as `unit_price_cents`). All of it, the coupon
  step's writes included, is committed in one commit before `place_order` returns the new
  order's id.
- With a coupon, call `redeem_coupon(session, order, coupon)` once the order's total is set.
  It raises `CouponRejected` for an unknown code, and the database refuses a coupon with no
  uses left, or one the customer has redeemed before, with `IntegrityError` (in the middle of
  its writes). Either way the order is still placed, at full price, and the coupon step leaves
  nothing behind.

You get a session with no transaction in progress; it belongs to the caller, who goes on using
it afterwards, for more orders and for the objects it holds: `place_order` does not close it.

Concept: one transaction for one unit of work; a savepoint (`session.begin_nested()`) to undo
part of a transaction: when its block ends in an exception, only the writes made inside it are
rolled back, and the rest of the transaction carries on. Without a savepoint, a failed flush
rolls back the whole transaction, the order with it: if the code catches the error and goes on
using the session, the session refuses (`PendingRollbackError`) until it is rolled back; if it
lets `with session.begin():` end, nothing is committed, and the order is silently lost.

Done when: an order stores its lines, its total and the new stock levels (seen from a new
connection) in a single commit and returns its id; an order may take the last items; a product
out of stock or unknown, as the first line or the last, leaves every table as it was and the
session out of a transaction and usable, its changes never committed later; a coupon lowers the
total, takes a use and records the redemption; an unknown, used-up or already-redeemed coupon
still gives a placed order at full price and changes nothing of the coupon's; the same
session places the next order after a refused order or a rejected coupon; and the caller's
session stays open, holding the caller's objects, after an order is placed or refused.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product on sale (ready to use). The database refuses a negative stock."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("stock >= 0", name="stock_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    price_cents: Mapped[int]
    stock: Mapped[int]


class Order(Base):
    """An order (ready to use); coupon_code is set only when a coupon was redeemed."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str]
    total_cents: Mapped[int]
    coupon_code: Mapped[str | None] = mapped_column(ForeignKey("coupons.code"))
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    """One product of an order (ready to use), at the price it had when it was ordered."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    unit_price_cents: Mapped[int]
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class Coupon(Base):
    """A discount code (ready to use). The database refuses uses_left below 0."""

    __tablename__ = "coupons"
    __table_args__ = (CheckConstraint("uses_left >= 0", name="uses_left_not_negative"),)

    code: Mapped[str] = mapped_column(primary_key=True)
    percent_off: Mapped[int]
    uses_left: Mapped[int]


class Redemption(Base):
    """One use of a coupon (ready to use). A customer may redeem a coupon only once."""

    __tablename__ = "redemptions"
    __table_args__ = (UniqueConstraint("coupon_code", "customer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coupon_code: Mapped[str] = mapped_column(ForeignKey("coupons.code"))
    customer: Mapped[str]
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order: Mapped[Order] = relationship()


class UnknownProduct(Exception):
    """An order names a product id that does not exist."""


class OutOfStock(Exception):
    """An order asks for more of a product than is in stock."""


class CouponRejected(Exception):
    """No coupon has this code."""


def redeem_coupon(session: Session, order: Order, code: str) -> None:
    """Redeem coupon `code` for `order`: one use fewer, a redemption row, a lower total.

    Ready to use. Raises CouponRejected for an unknown code. Flushes its writes, so that the
    database refuses here, with IntegrityError, a coupon with no uses left or one this
    customer has redeemed before.
    """
    coupon = session.get(Coupon, code)
    if coupon is None:
        raise CouponRejected(f"no coupon with the code {code!r}")
    coupon.uses_left -= 1
    order.coupon_code = code
    order.total_cents -= order.total_cents * coupon.percent_off // 100
    session.add(Redemption(coupon_code=code, customer=order.customer, order=order))
    session.flush()


def place_order(
    session: Session, customer: str, items: dict[int, int], coupon: str | None = None
) -> int:
    """Place an order for `items` (product id -> quantity) and return its id.

    Raises UnknownProduct or OutOfStock, after rolling everything back, when the order cannot
    be delivered. A coupon that cannot be redeemed leaves the order at full price.
    """
    # One transaction for the whole order: an exception leaving the block rolls it all back,
    # and leaving it normally commits.
    with session.begin():
        order = Order(customer=customer, total_cents=0)
        for product_id, quantity in items.items():
            product = session.get(Product, product_id)
            if product is None:
                raise UnknownProduct(f"no product with id {product_id}")
            if product.stock < quantity:
                raise OutOfStock(f"{product.name}: {quantity} asked, {product.stock} in stock")
            product.stock -= quantity
            order.lines.append(
                OrderLine(product=product, quantity=quantity, unit_price_cents=product.price_cents)
            )
            order.total_cents += quantity * product.price_cents
        session.add(order)

        if coupon is not None:
            try:
                # A savepoint: if redeem_coupon fails, only its own writes are rolled back.
                with session.begin_nested():
                    redeem_coupon(session, order, coupon)
            except (CouponRejected, IntegrityError):
                pass  # the order stands, at full price
        session.flush()  # the order gets its id
        order_id = order.id
    return order_id


# --- checks: these run on every save; do not edit below ---
import pytest
from sqlalchemy import create_engine, event, insert
from sqlalchemy.exc import IntegrityError, PendingRollbackError
from sqlalchemy.orm import Session

TEA, MUG, HONEY = 1, 2, 3
UNKNOWN = 99
FULL_PRICE = 2 * 450 + 1 * 1200  # the order {TEA: 2, MUG: 1}


def explained(error: BaseException, message: str) -> AssertionError:
    """An AssertionError saying `message` that keeps the lines of `error` (your code) in view."""
    return AssertionError(message).with_traceback(error.__traceback__)


def sqlite_like_a_server(dbapi_connection, connection_record) -> None:
    # Not a lesson. Python's sqlite3 driver opens transactions late and on its own, which
    # breaks SAVEPOINT; this hands BEGIN to SQLAlchemy (the recipe in its SQLite docs). It also
    # turns foreign keys on, and skips the fsync at each commit to keep the checks fast.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def emit_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


@pytest.fixture
def engine(sqlite_path):
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", sqlite_like_a_server)
    event.listen(engine, "begin", emit_begin)
    with engine.begin() as connection:
        Base.metadata.create_all(connection, checkfirst=False)
        connection.execute(
            insert(Product),
            [
                {"id": TEA, "name": "Tea", "price_cents": 450, "stock": 10},
                {"id": MUG, "name": "Mug", "price_cents": 1200, "stock": 3},
                {"id": HONEY, "name": "Honey", "price_cents": 800, "stock": 5},
            ],
        )
        connection.execute(
            insert(Coupon),
            [
                {"code": "WELCOME10", "percent_off": 10, "uses_left": 5},
                {"code": "SPENT20", "percent_off": 20, "uses_left": 0},
            ],
        )
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    """The caller's session, which place_order is given."""
    with Session(engine) as session:
        yield session


QUERIES = {
    "stock": "SELECT name, stock FROM products ORDER BY id",
    "orders": "SELECT id, customer, total_cents, coupon_code FROM orders ORDER BY id",
    "lines": "SELECT order_id, product_id, quantity, unit_price_cents FROM order_lines"
    " ORDER BY order_id, product_id",
    "coupons": "SELECT code, uses_left FROM coupons ORDER BY code",
    "redemptions": "SELECT coupon_code, customer, order_id FROM redemptions ORDER BY id",
}


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every table's rows, read on a new connection: what is committed."""
    with engine.connect() as reader:
        return {
            table: [tuple(row) for row in reader.exec_driver_sql(sql)]
            for table, sql in QUERIES.items()
        }


PENDING_ROLLBACK = (
    "the session refuses to go on (PendingRollbackError): a flush failed earlier (the database "
    "refused a write), which rolled back the whole transaction, and nobody called rollback(). "
    "Run the step that may fail inside `with session.begin_nested():`, so that only its "
    "savepoint is rolled back, and roll back a refused order"
)


def place(session, customer: str, items: dict[int, int], coupon: str | None = None) -> object:
    """place_order(...), expected to succeed; the ORM's errors explained."""
    try:
        return place_order(session, customer, items, coupon)
    except PendingRollbackError as error:
        raise explained(error, PENDING_ROLLBACK) from error
    except IntegrityError as error:
        if coupon is None:
            raise explained(
                error, f"place_order({items}) let the database's refusal escape: {error.orig}"
            ) from error
        raise explained(
            error,
            f"place_order let the database's refusal escape ({error.orig}): a coupon that "
            "cannot be redeemed must not stop the order. Catch IntegrityError around "
            "redeem_coupon, inside a savepoint (session.begin_nested())",
        ) from error
    except (OutOfStock, UnknownProduct) as error:
        raise explained(
            error,
            f"place_order refused {items} with {type(error).__name__} ({error}), but every "
            "product exists and has enough stock: a quantity up to the stock is accepted, and "
            "may take the stock down to 0",
        ) from error
    except CouponRejected as error:
        raise explained(
            error,
            "place_order let CouponRejected escape: an unknown coupon must not stop the order, "
            "which goes through at full price",
        ) from error


def refusal(session, items: dict[int, int], coupon: str | None = None) -> Exception | None:
    """The exception place_order raised for this order, or None."""
    try:
        place_order(session, "ada", items, coupon)
    except NotImplementedError:
        raise
    except PendingRollbackError as error:
        raise explained(error, PENDING_ROLLBACK) from error
    except Exception as error:
        return error
    return None


def counting_commits(engine, call):
    """call(), and the number of transactions committed on the engine meanwhile."""
    commits = []

    def count(connection) -> None:
        commits.append(connection)

    event.listen(engine, "commit", count)
    try:
        return call(), len(commits)
    finally:
        event.remove(engine, "commit", count)


def assert_one_commit(commits: int) -> None:
    assert commits == 1, (
        f"placing one order committed {commits} transactions: the order, its lines, the stock "
        "and the coupon's writes belong together and must be committed once, at the end"
    )


def new_order_id(returned: object, orders: list[tuple]) -> int:
    """The id of the newest stored order, which place_order should have returned."""
    assert orders, (
        "no order is stored (read on a new connection): commit the transaction before "
        "place_order returns"
    )
    newest = orders[-1][0]
    assert returned == newest, (
        f"place_order should return the new order's id, {newest}, got {returned!r}"
        + (
            ": an order gets its id when it is flushed, so flush (or commit) before reading it"
            if returned is None
            else ""
        )
    )
    return newest


def assert_refused(engine, session, items, expected, what, coupon=None) -> None:
    """place_order refuses `items` with `expected` and changes nothing, committed or not."""
    before = snapshot(engine)
    error = refusal(session, items, coupon)
    after = snapshot(engine)
    changed = {table: after[table] for table in after if after[table] != before[table]}
    assert not changed, (
        f"{what} must refuse the whole order and change nothing, but these tables changed: "
        f"{changed} (before: { {table: before[table] for table in changed} }). Make every "
        "write in one transaction, committed once at the end"
    )
    assert isinstance(error, expected), f"{what} should raise {expected.__name__}, got {error!r}"
    assert not session.in_transaction(), (
        f"after {what}, the session is still inside the refused order's transaction: roll it "
        "back before the exception leaves place_order (reading a product begins a "
        "transaction too, so do the reads inside `with session.begin():`)"
    )


def assert_next_order_alone(engine, session, what) -> None:
    """The session places an order, and its commit carries nothing of the refused ones."""
    before = snapshot(engine)
    returned = place(session, "bob", {HONEY: 1})
    after = snapshot(engine)
    order_id = new_order_id(returned, after["orders"])
    expected_stock = [(n, s - 1) if n == "Honey" else (n, s) for n, s in before["stock"]]
    assert after["stock"] == expected_stock, (
        f"after {what}, the next order on the same session (1 Honey) also committed stock "
        f"changes of the refused orders: stock is {after['stock']}, expected {expected_stock}. "
        "Roll the transaction back when you refuse an order"
    )
    assert after["orders"] == [*before["orders"], (order_id, "bob", 800, None)], (
        f"after {what}, the next order should be the only new order, found {after['orders']}"
    )
    assert after["lines"] == [*before["lines"], (order_id, HONEY, 1, 800)], (
        f"after {what}, the next order's line should be the only new line, found {after['lines']}"
    )


def test_an_order_is_committed_with_its_lines_and_the_new_stock(engine, session) -> None:
    returned, commits = counting_commits(engine, lambda: place(session, "ada", {TEA: 2, MUG: 1}))
    after = snapshot(engine)
    order_id = new_order_id(returned, after["orders"])
    assert after["orders"] == [(order_id, "ada", FULL_PRICE, None)], (
        "the stored order should be (its id, the customer, the total: 2 x 450 + 1 x 1200 "
        f"cents, no coupon), found {after['orders']}"
    )
    assert after["lines"] == [(order_id, TEA, 2, 450), (order_id, MUG, 1, 1200)], (
        "the order should have one line per product: (order id, product id, quantity, "
        f"unit price in cents), found {after['lines']}"
    )
    assert after["stock"] == [("Tea", 8), ("Mug", 2), ("Honey", 5)], (
        f"each product's stock should go down by its quantity, found {after['stock']}"
    )
    assert after["redemptions"] == [], "an order without a coupon should redeem nothing"
    assert_one_commit(commits)

    place(session, "bob", {MUG: 2})
    assert snapshot(engine)["stock"] == [("Tea", 8), ("Mug", 0), ("Honey", 5)], (
        "an order for the last 2 mugs should be accepted and leave their stock at exactly 0"
    )


def test_a_refused_order_changes_nothing(engine, session) -> None:
    assert_refused(engine, session, {MUG: 4, TEA: 1}, OutOfStock, "4 mugs (3 in stock) first")
    assert_refused(
        engine,
        session,
        {TEA: 1, HONEY: 2, MUG: 4},
        OutOfStock,
        "4 mugs (3 in stock) last, with the coupon WELCOME10,",
        coupon="WELCOME10",
    )
    assert_refused(
        engine, session, {UNKNOWN: 1, TEA: 1}, UnknownProduct, "unknown product 99 first"
    )
    assert_refused(
        engine, session, {TEA: 1, MUG: 1, UNKNOWN: 1}, UnknownProduct, "unknown product 99 last"
    )
    assert_next_order_alone(engine, session, "four refused orders")


def assert_full_price(engine, session, customer, coupon, why) -> int:
    """An order of {TEA: 2, MUG: 1} with a coupon that cannot be redeemed: placed, no coupon."""
    before = snapshot(engine)
    returned = place(session, customer, {TEA: 2, MUG: 1}, coupon=coupon)
    after = snapshot(engine)
    lost = (
        f" (place_order returned {returned!r}, but the whole transaction was rolled back with "
        "the coupon step, the order with it: a failed flush or a session.rollback() undoes "
        "everything since the transaction began)"
        if returned is not None
        else ""
    )
    assert len(after["orders"]) == len(before["orders"]) + 1, (
        f"with {why}, the order must still be placed, but it is not stored{lost}: roll back "
        "only the coupon step (in a savepoint: session.begin_nested()), not the whole "
        "transaction"
    )
    order_id = new_order_id(returned, after["orders"])
    assert after["orders"][-1] == (order_id, customer, FULL_PRICE, None), (
        f"with {why}, the order should be stored at full price ({FULL_PRICE}) and without a "
        f"coupon code, found {after['orders'][-1]}: the coupon step must leave nothing behind"
    )
    assert after["coupons"] == before["coupons"], (
        f"with {why}, the coupons should not change: {before['coupons']} became {after['coupons']}"
    )
    assert after["redemptions"] == before["redemptions"], (
        f"with {why}, no redemption should be stored, found {after['redemptions']}"
    )
    assert after["lines"][-2:] == [(order_id, TEA, 2, 450), (order_id, MUG, 1, 1200)], (
        f"with {why}, the order's lines should be stored, found {after['lines']}"
    )
    taken = [(n, s - {"Tea": 2, "Mug": 1}.get(n, 0)) for n, s in before["stock"]]
    assert after["stock"] == taken, (
        f"with {why}, the order should still take its stock, found {after['stock']}"
    )
    return order_id


def test_the_callers_session_stays_open(engine, session) -> None:
    tea = session.get(Product, TEA)  # an object the caller holds in its session
    session.commit()
    place(session, "ada", {TEA: 2})
    closed = (
        "place_order closed the caller's session{when}: every object the caller held in it is "
        "detached now. The session belongs to the caller, who goes on using it: open a "
        "transaction on it (`with session.begin():`), but do not close it (`with session:` "
        "closes it on the way out)"
    )
    assert tea in session, closed.format(when="")
    assert tea.stock == 8, (
        f"after an order for 2 teas, the caller's Tea should show 8, got {tea.stock}"
    )
    session.commit()
    refusal(session, {MUG: 4})
    assert tea in session, closed.format(when=" when it refused an order")


def test_a_rejected_coupon_still_places_the_order_at_full_price(engine, session) -> None:
    assert_full_price(engine, session, "ada", "NOPE", "an unknown coupon (CouponRejected)")
    assert_full_price(
        engine, session, "ada", "SPENT20", "a coupon with no uses left (IntegrityError)"
    )
    assert_next_order_alone(engine, session, "two orders with rejected coupons")


def test_a_coupon_lowers_the_total_once_per_customer(engine, session) -> None:
    returned, commits = counting_commits(
        engine, lambda: place(session, "ada", {TEA: 2, MUG: 1}, coupon="WELCOME10")
    )
    after = snapshot(engine)
    order_id = new_order_id(returned, after["orders"])
    assert after["orders"] == [(order_id, "ada", FULL_PRICE - 210, "WELCOME10")], (
        f"with WELCOME10 (10% off), the order of {FULL_PRICE} cents should be stored with the "
        f"total {FULL_PRICE - 210} and the coupon's code, found {after['orders']}. Call "
        "redeem_coupon once the total is set, and do not set the total again afterwards"
    )
    assert after["coupons"] == [("SPENT20", 0), ("WELCOME10", 4)], (
        f"redeeming WELCOME10 should leave it 4 uses of 5, found {after['coupons']}"
    )
    assert after["redemptions"] == [("WELCOME10", "ada", order_id)], (
        f"the redemption should be stored, found {after['redemptions']}"
    )
    assert after["stock"] == [("Tea", 8), ("Mug", 2), ("Honey", 5)], (
        f"an order with a coupon should take its stock too, found {after['stock']}"
    )
    assert_one_commit(commits)

    assert_full_price(
        engine, session, "ada", "WELCOME10", "a coupon ada has redeemed before (IntegrityError)"
    )
    after = snapshot(engine)
    assert after["coupons"] == [("SPENT20", 0), ("WELCOME10", 4)], (
        f"only ada's first redemption should take a use of WELCOME10, found {after['coupons']}"
    )
    assert after["redemptions"] == [("WELCOME10", "ada", order_id)], (
        f"only ada's first redemption should be stored, found {after['redemptions']}"
    )
