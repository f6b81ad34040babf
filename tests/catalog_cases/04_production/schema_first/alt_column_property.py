# alternative: metadata.reflect(bind=..., only=(...)) into a MetaData of its own, then a declarative Base made in the function, the Python names given with column_property(table.c.usr_nm).

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


from sqlalchemy import MetaData, Table
from sqlalchemy.orm import column_property


def map_legacy_schema(engine: Engine) -> LegacyModels:
    metadata = MetaData()
    metadata.reflect(bind=engine, only=("tbl_usr", "tbl_ord"))
    users, orders = metadata.tables["tbl_usr"], metadata.tables["tbl_ord"]

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __table__ = users
        id: Mapped[int] = column_property(users.c.usr_id)
        username: Mapped[str] = column_property(users.c.usr_nm)
        email: Mapped[str | None] = column_property(users.c.eml_addr)
        created_at = column_property(users.c.crt_dt)
        orders = relationship("Order", back_populates="user")

    class Order(Base):
        __table__ = orders
        id = column_property(orders.c.ord_id)
        user_id = column_property(orders.c.usr_id)
        total = column_property(orders.c.ord_tot)
        status = column_property(orders.c.ord_sts)
        user = relationship(User, back_populates="orders")

    return LegacyModels(User=User, Order=Order)
