# mistake: reads order.id before the order is flushed
# expect: an order gets its id when it is flushed

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
- `items` maps product ids to quantities, e.g. `{tea_id: 2, mug_id: 1}`. A product id that
  names no product raises `UnknownProduct`; a quantity above the product's stock raises
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

You get a session with no transaction in progress; it belongs to the caller, who may use it for
more orders afterwards.

Concept: one transaction for one unit of work; a savepoint (`session.begin_nested()`) to undo
part of a transaction: when its block ends in an exception, only the writes made inside it are
rolled back, and the rest of the transaction carries on. Without a savepoint, a failed flush
rolls back the whole transaction, the order with it, and the session refuses to do anything
more until it is rolled back (`PendingRollbackError`).

Done when: an order stores its lines, its total and the new stock levels (seen from a new
connection) in a single commit and returns its id; an order may take the last items; a product
out of stock or unknown, as the first line or the last, leaves every table as it was and the
session out of a transaction and usable, its changes never committed later; a coupon lowers the
total, takes a use and records the redemption; an unknown, used-up or already-redeemed coupon
still gives a placed order at full price and changes nothing of the coupon's; and the same
session places the next order after a refused order or a rejected coupon.
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
        order_id = order.id
    return order_id
