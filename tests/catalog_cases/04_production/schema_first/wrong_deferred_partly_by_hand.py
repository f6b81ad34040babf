# mistake: reflects, but declares the renamed columns by hand (types drift)
# expect: the INSERT sent NULL for a column the database fills by default
# expect: that column was declared by hand


from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey
from sqlalchemy.ext.declarative import DeferredReflection
from sqlalchemy.orm import mapped_column


def map_legacy_schema(engine: Engine) -> LegacyModels:
    class Base(DeclarativeBase):
        pass

    class Reflected(DeferredReflection):
        __abstract__ = True

    class User(Reflected, Base):
        __tablename__ = "tbl_usr"
        id: Mapped[int] = mapped_column("usr_id", primary_key=True)
        username: Mapped[str] = mapped_column("usr_nm")
        email: Mapped[str | None] = mapped_column("eml_addr")
        created_at: Mapped[datetime] = mapped_column("crt_dt")
        orders: Mapped[list[Order]] = relationship(back_populates="user")

    class Order(Reflected, Base):
        __tablename__ = "tbl_ord"
        id: Mapped[int] = mapped_column("ord_id", primary_key=True)
        user_id: Mapped[int] = mapped_column("usr_id", ForeignKey("tbl_usr.usr_id"))
        total: Mapped[Decimal] = mapped_column("ord_tot")
        status: Mapped[str] = mapped_column("ord_sts")
        user: Mapped[User] = relationship(back_populates="orders")

    Reflected.prepare(engine)
    return LegacyModels(User=User, Order=Order)
