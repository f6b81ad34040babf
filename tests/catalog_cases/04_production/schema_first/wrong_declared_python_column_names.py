# mistake: declares the columns by hand, under the Python names only
# expect: sent SQL naming a column the legacy tables do not have
# expect: does not exist


from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


import sqlalchemy as sa

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "tbl_usr"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str | None] = mapped_column("eml_addr", String(120))
    created_at: Mapped[datetime] = mapped_column("crt_dt", server_default=sa.func.now())
    orders: Mapped[list[Order]] = relationship(back_populates="user")


class Order(Base):
    __tablename__ = "tbl_ord"
    id: Mapped[int] = mapped_column("ord_id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("tbl_usr.id"))
    total: Mapped[Decimal] = mapped_column("ord_tot", Numeric(10, 2))
    status: Mapped[str] = mapped_column("ord_sts", String(1), server_default="N")
    user: Mapped[User] = relationship(back_populates="orders")


def map_legacy_schema(engine: Engine) -> LegacyModels:
    return LegacyModels(User=User, Order=Order)
