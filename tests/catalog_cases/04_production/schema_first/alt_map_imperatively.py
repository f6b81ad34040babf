# alternative: MetaData.reflect(only=[...]) and imperative mapping with registry.map_imperatively, the Python names given in properties={...}.
"""Schema first: map a database you did not design.

Scenario: the company's order system has run on PostgreSQL since 2009. Its schema belongs to
the database team, and it shows: tables called `tbl_usr` and `tbl_ord`, columns called
`usr_nm` and `ord_tot`. A reporting job, two older applications and a stored procedure read
those names every night, so renaming them is out of the question, and the DBAs add a column
when they need one without asking anybody. Your new Python service needs the same data. Here
the database drives the design: the service maps the tables that are there, by reflection,
and gives them Python names in Python only.

The legacy schema (the checks create it, with raw SQL, in a fresh database):

    tbl_usr(usr_id   SERIAL PRIMARY KEY,
            usr_nm   VARCHAR(40) NOT NULL UNIQUE,
            eml_addr VARCHAR(120),
            crt_dt   TIMESTAMPTZ NOT NULL DEFAULT now())
    tbl_ord(ord_id   SERIAL PRIMARY KEY,
            usr_id   INTEGER NOT NULL REFERENCES tbl_usr (usr_id),
            ord_tot  NUMERIC(10, 2) NOT NULL,
            ord_sts  CHAR(1) NOT NULL DEFAULT 'N')

Write `map_legacy_schema(engine) -> LegacyModels`, which returns two mapped classes:

    User, on tbl_usr:  id (usr_id), username (usr_nm), email (eml_addr), created_at (crt_dt),
                       and orders: the user's Orders (a list)
    Order, on tbl_ord: id (ord_id), user_id (usr_id), total (ord_tot), status (ord_sts),
                       and user: the User it belongs to

Rules:
- The columns come from the database, by reflection: `MetaData.reflect`, `Table(...,
  autoload_with=engine)`, `automap_base()` or `DeferredReflection`, as you like, but no
  column is declared by hand. So the mapped tables describe every column as the catalog does
  (type `VARCHAR(40)`, not just `VARCHAR`; nullability; server default), and a column the DBAs
  add shows up on the mapped class the next time `map_legacy_schema` runs, under its database
  name (the checks add `tbl_usr.lylty_pts` and read it as `User.lylty_pts`).
- Only the Python names change: the SQL your classes send still says `usr_nm`. Nothing in the
  database is created, altered or dropped: the checks count the DDL statements (CREATE,
  ALTER, DROP...) sent while your code maps and uses the tables, and there must be none.
- Each call maps afresh, on its own new `MetaData` (or Base): every check hands in a fresh
  database, and a mapping kept from an earlier call would describe yesterday's tables.

Why: when several systems share a database, its schema is the contract between them, and
changing it is a project of its own, not a side effect of deploying one service. Reflection
reads the contract instead of copying it: the columns, types, keys and defaults come from
the catalog, so the service cannot drift from the real tables, and its code still reads
`user.username`, not `user.usr_nm`.

Concept: reflection (`MetaData.reflect`, `autoload_with`); mapping a declarative class to an
existing `Table` (`__table__`) and naming its columns differently (`username =
table.c.usr_nm`, or the `column_reflect` event's `column_info["key"]`); relationships from
reflected foreign keys; schema ownership.

Done when: rows written with the legacy SQL read back through `User` and `Order` with the
Python names (relationships included), rows written through the classes are rows the legacy
SQL reads (defaults from the database), the mapped tables describe every column as the
database does, a column added to `tbl_usr` appears on a fresh mapping, and no DDL statement is
ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, registry, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


class User:
    """A row of tbl_usr."""

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)


class Order:
    """A row of tbl_ord."""

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)


def map_legacy_schema(engine: Engine) -> LegacyModels:
    """Reflect tbl_usr and tbl_ord from `engine` and map them as User and Order."""
    metadata = MetaData()
    metadata.reflect(bind=engine, only=["tbl_usr", "tbl_ord"])
    users, orders = metadata.tables["tbl_usr"], metadata.tables["tbl_ord"]

    # Fresh classes for every call: a class can be mapped only once.
    user_cls = type("User", (User,), {})
    order_cls = type("Order", (Order,), {})

    mapper_registry = registry(metadata=metadata)
    mapper_registry.map_imperatively(
        user_cls,
        users,
        properties={
            "id": users.c.usr_id,
            "username": users.c.usr_nm,
            "email": users.c.eml_addr,
            "created_at": users.c.crt_dt,
            "orders": relationship(order_cls, back_populates="user"),
        },
    )
    mapper_registry.map_imperatively(
        order_cls,
        orders,
        properties={
            "id": orders.c.ord_id,
            "user_id": orders.c.usr_id,
            "total": orders.c.ord_tot,
            "status": orders.c.ord_sts,
            "user": relationship(user_cls, back_populates="orders"),
        },
    )
    return LegacyModels(User=user_cls, Order=order_cls)
