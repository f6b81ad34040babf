# alternative: each table reflected with Table(..., autoload_with=engine) into a new MetaData, plain classes mapped with registry.map_imperatively and the Python names in properties={...}.

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
from sqlalchemy.orm import registry


def map_legacy_schema(engine: Engine) -> LegacyModels:
    metadata = MetaData()
    users = Table("tbl_usr", metadata, autoload_with=engine)
    orders = Table("tbl_ord", metadata, autoload_with=engine)

    class User:
        pass

    class Order:
        pass

    mapper_registry = registry(metadata=metadata)
    mapper_registry.map_imperatively(User, users, properties={
        "id": users.c.usr_id,
        "username": users.c.usr_nm,
        "email": users.c.eml_addr,
        "created_at": users.c.crt_dt,
        "orders": relationship(Order, back_populates="user"),
    })
    mapper_registry.map_imperatively(Order, orders, properties={
        "id": orders.c.ord_id,
        "user_id": orders.c.usr_id,
        "total": orders.c.ord_tot,
        "status": orders.c.ord_sts,
        "user": relationship(User, back_populates="orders"),
    })
    return LegacyModels(User=User, Order=Order)
