# mistake: one automap Base for the whole module: later calls keep the first mapping
# expect: map_legacy_schema handed back User on the very Table object of an earlier call


from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


PYTHON_NAMES = {
    "tbl_usr": {"usr_id": "id", "usr_nm": "username", "eml_addr": "email", "crt_dt": "created_at"},
    "tbl_ord": {"ord_id": "id", "usr_id": "user_id", "ord_tot": "total", "ord_sts": "status"},
}
CLASS_NAMES = {"tbl_usr": "User", "tbl_ord": "Order"}

from sqlalchemy import event
from sqlalchemy.ext.automap import automap_base

Base = automap_base()


@event.listens_for(Base.metadata, "column_reflect")
def python_name(inspector, table, column_info):
    names = PYTHON_NAMES.get(table.name, {})
    column_info["key"] = names.get(column_info["name"], column_info["name"])


def map_legacy_schema(engine: Engine) -> LegacyModels:
    Base.prepare(
        autoload_with=engine,
        classname_for_table=lambda base, name, table: CLASS_NAMES[name],
        name_for_scalar_relationship=lambda base, local, referred, constraint: "user",
        name_for_collection_relationship=lambda base, local, referred, constraint: "orders",
    )
    return LegacyModels(User=Base.classes.User, Order=Base.classes.Order)
