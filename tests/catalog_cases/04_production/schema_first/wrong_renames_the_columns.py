# mistake: renames the legacy columns in the database, then reflects
# expect: DDL statement(s) to a database it does not own, first: ALTER TABLE tbl_usr RENAME


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
from sqlalchemy.ext.automap import automap_base


def map_legacy_schema(engine: Engine) -> LegacyModels:
    with engine.begin() as connection:
        for table, old, new in [
            ("tbl_usr", "usr_id", "id"), ("tbl_usr", "usr_nm", "username"),
            ("tbl_usr", "eml_addr", "email"), ("tbl_usr", "crt_dt", "created_at"),
            ("tbl_ord", "ord_id", "id"), ("tbl_ord", "usr_id", "user_id"),
            ("tbl_ord", "ord_tot", "total"), ("tbl_ord", "ord_sts", "status"),
        ]:
            connection.execute(sa.text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))
    Base = automap_base()
    Base.prepare(
        autoload_with=engine,
        classname_for_table=lambda base, name, table: {"tbl_usr": "User", "tbl_ord": "Order"}[name],
        name_for_scalar_relationship=lambda base, local, referred, constraint: "user",
        name_for_collection_relationship=lambda base, local, referred, constraint: "orders",
    )
    return LegacyModels(User=Base.classes.User, Order=Base.classes.Order)
