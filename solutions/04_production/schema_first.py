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

`orders` and `user` are the two sides of one relationship (`back_populates`): appending an
order to `user.orders` sets its `user`, and `Order(user=user)` puts it in `user.orders`, in
Python already, before anything is flushed.

Rules:
- The columns come from the database, by reflection: `MetaData.reflect`, `Table(...,
  autoload_with=engine)`, `automap_base()` or `DeferredReflection`, as you like, but no
  column is declared by hand, not even one you also reflect, and reflection is not told
  which columns to read. So the mapped tables describe every column as the catalog does
  (type `VARCHAR(40)`, not just `VARCHAR`; nullability; server default), and what the DBAs
  change shows up the next time `map_legacy_schema` runs: the checks add `tbl_usr.lylty_pts`
  and read it as `User.lylty_pts` (a column without a Python name keeps its database name),
  and they widen and re-default existing columns.
- Only the Python names change: the SQL your classes send still says `usr_nm`. Nothing in the
  database is created, altered or dropped, and your code never asks for it: the checks count
  the DDL statements (CREATE, ALTER, DROP...) sent while your code maps and uses the tables,
  and the calls of `create_all` (even one that finds every table there and sends nothing),
  and there must be none.
- Each call maps afresh, on its own new `MetaData` and registry (a declarative Base made
  inside the function brings both): every check hands in a fresh database, a mapping kept
  from an earlier call would describe yesterday's tables, and classes added to an old
  registry sit next to the old ones.

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
database does, even after the DBAs change the tables, and no DDL is ever sent or asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship


@dataclass(frozen=True)
class LegacyModels:
    """The two mapped classes (ready to use)."""

    User: type
    Order: type


def map_legacy_schema(engine: Engine) -> LegacyModels:
    """Reflect tbl_usr and tbl_ord from `engine` and map them as User and Order."""

    class Base(DeclarativeBase):
        pass

    # Read the two tables from the database's catalog: columns, types, keys and defaults.
    Base.metadata.reflect(engine, only=["tbl_usr", "tbl_ord"])
    users = Base.metadata.tables["tbl_usr"]
    orders = Base.metadata.tables["tbl_ord"]

    class User(Base):
        __table__ = users
        # Python names for the legacy columns; every other column keeps its own name.
        id = users.c.usr_id
        username = users.c.usr_nm
        email = users.c.eml_addr
        created_at = users.c.crt_dt
        # The join comes from the reflected foreign key tbl_ord.usr_id -> tbl_usr.usr_id.
        orders: Mapped[list[Order]] = relationship(back_populates="user")

    class Order(Base):
        __table__ = orders
        id = orders.c.ord_id
        user_id = orders.c.usr_id
        total = orders.c.ord_tot
        status = orders.c.ord_sts
        user: Mapped[User] = relationship(back_populates="orders")

    return LegacyModels(User=User, Order=Order)


# --- checks: these run on every save; do not edit below ---
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy import MetaData, event, select
from sqlalchemy.exc import (
    IntegrityError,
    InvalidRequestError,
    NoReferencedColumnError,
    ProgrammingError,
)
from sqlalchemy.orm import Session

LEGACY_SCHEMA = [
    """CREATE TABLE tbl_usr (
        usr_id   SERIAL PRIMARY KEY,
        usr_nm   VARCHAR(40) NOT NULL UNIQUE,
        eml_addr VARCHAR(120),
        crt_dt   TIMESTAMPTZ NOT NULL DEFAULT now())""",
    """CREATE TABLE tbl_ord (
        ord_id   SERIAL PRIMARY KEY,
        usr_id   INTEGER NOT NULL REFERENCES tbl_usr (usr_id),
        ord_tot  NUMERIC(10, 2) NOT NULL,
        ord_sts  CHAR(1) NOT NULL DEFAULT 'N')""",
    """INSERT INTO tbl_usr (usr_nm, eml_addr, crt_dt) VALUES
        ('ada', 'ada@example.com', '2009-03-01 10:00:00+00'),
        ('grace', NULL, '2011-07-15 08:30:00+00')""",
    """INSERT INTO tbl_ord (usr_id, ord_tot, ord_sts) VALUES
        (2, 99.99, 'C'), (1, 12.50, 'S'), (1, 7.25, 'N')""",
]
EXPECTED = {
    "User": ["id", "username", "email", "created_at", "orders"],
    "Order": ["id", "user_id", "total", "status", "user"],
}
# What the DBAs change in the after-change check: a new column, wider types, new defaults.
DBA_CHANGES = [
    """ALTER TABLE tbl_usr
        ADD COLUMN lylty_pts INTEGER NOT NULL DEFAULT 0,
        ALTER COLUMN usr_id TYPE BIGINT,
        ALTER COLUMN usr_nm TYPE VARCHAR(80),
        ALTER COLUMN eml_addr TYPE VARCHAR(254),
        ALTER COLUMN crt_dt SET DEFAULT clock_timestamp()""",
    """ALTER TABLE tbl_ord
        ALTER COLUMN usr_id TYPE BIGINT,
        ALTER COLUMN ord_tot TYPE NUMERIC(12, 2),
        ALTER COLUMN ord_sts SET DEFAULT 'P'""",
    "UPDATE tbl_usr SET lylty_pts = 120 WHERE usr_nm = 'ada'",
]
DDL = re.compile(r"\s*(CREATE|ALTER|DROP|TRUNCATE|COMMENT|RENAME)\b", re.IGNORECASE)
CREATE_ALL = "create_all()"  # recorded in place of a statement when create_all is called
EARLIER = []  # the tables and registries every earlier call of map_legacy_schema mapped


@pytest.fixture
def engine(pg_url):
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        for statement in LEGACY_SCHEMA:
            connection.execute(sa.text(statement))
    yield engine
    engine.dispose()


@pytest.fixture
def ddl_sent(engine):
    """Every DDL statement sent through the engine from now on, and every create_all call
    (which fires before_create even when it finds every table there)."""
    sent = []

    def record(connection, cursor, statement, parameters, context, executemany):
        if DDL.match(statement):
            sent.append(" ".join(statement.split()))

    def create_all_called(target, connection, **kw):
        sent.append(CREATE_ALL)

    event.listen(engine, "before_cursor_execute", record)
    event.listen(MetaData, "before_create", create_all_called)
    yield sent
    event.remove(MetaData, "before_create", create_all_called)


def assert_no_ddl(ddl_sent):
    assert CREATE_ALL not in ddl_sent, (
        "your code called create_all: even where every table is there and nothing is sent, "
        "it is a way for a service that does not own the schema to create tables in it. Map "
        "the tables as they are, and let a missing table be an error"
    )
    assert ddl_sent == [], (
        f"your code sent {len(ddl_sent)} DDL statement(s) to a database it does not own, "
        f"first: {ddl_sent[0][:120]}. Map the tables as they are: never create, alter or "
        "drop them"
    )


def mapped_models(engine):
    """map_legacy_schema(engine), checked for the attribute names the docstring lists."""
    try:
        try:
            models = map_legacy_schema(engine)
        except InvalidRequestError as error:
            if not EARLIER:
                raise
            raise AssertionError(
                f"map_legacy_schema failed when called again ({error}): it uses something the "
                "first call made (a Base, MetaData or registry made once, at module level). "
                "Make them inside the function, new on every call"
            ) from error
        assert isinstance(models, LegacyModels), (
            f"map_legacy_schema should return LegacyModels(User=..., Order=...), got {models!r}"
        )
        mappers = {name: sa.inspect(getattr(models, name), raiseerr=False) for name in EXPECTED}
        for name, mapper in mappers.items():
            assert mapper is not None, f"LegacyModels.{name} is not a mapped class"
            assert not any(mapper.local_table is table for table, _ in EARLIER), (
                f"map_legacy_schema handed back {name} on the very Table object of an earlier "
                "call: the mapping was made once and kept (a cache, or a MetaData or classes "
                "made at module level), so it describes yesterday's tables. Reflect into a new "
                "MetaData on every call"
            )
            assert not any(mapper.registry is registry for _, registry in EARLIER), (
                f"map_legacy_schema mapped {name} into the registry of an earlier call (a Base or "
                "registry made once, at module level): every call adds its classes to it, next "
                "to the old ones. Make the Base inside the function, new on every call"
            )
        EARLIER.extend((mapper.local_table, mapper.registry) for mapper in mappers.values())
        for mapper in mappers.values():
            mapper.registry.configure()  # relationships and foreign keys are resolved here
    except NoReferencedColumnError as error:
        raise AssertionError(
            "a foreign key (tbl_ord.usr_id -> tbl_usr.usr_id) could not find its column "
            f"({error}): a column was renamed, where only its Python attribute should be "
            "(with the column_reflect event, set column_info['key'], not column_info['name'])"
        ) from error
    for name, mapper in mappers.items():
        missing = [attribute for attribute in EXPECTED[name] if attribute not in mapper.attrs]
        assert not missing, (
            f"{name} has no attribute {', '.join(missing)}; it maps {list(mapper.attrs.keys())}. "
            "Give the legacy columns (and relationships) the Python names of the docstring"
        )
    return models


def legacy_rows(engine, sql):
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


def explaining_sql_errors(work):
    """Run work(); explain an error from SQL that names a column the tables do not have."""
    try:
        return work()
    except ProgrammingError as error:
        if getattr(error.orig, "pgcode", None) == "42703":  # undefined_column
            raise AssertionError(
                "your classes sent SQL naming a column the legacy tables do not have "
                f"({str(error.orig).splitlines()[0]}): rename the attributes, never the "
                "columns; the SQL must still say usr_nm (with the column_reflect event, set "
                "column_info['key'], not column_info['name'])"
            ) from error
        raise


def test_legacy_rows_read_back_with_the_python_names(engine, ddl_sent):
    models = mapped_models(engine)
    User, Order = models.User, models.Order
    with Session(engine) as session:
        users = explaining_sql_errors(lambda: session.scalars(select(User).order_by(User.id)).all())
        found = [(user.id, user.username, user.email, user.created_at) for user in users]
        assert found == [
            (1, "ada", "ada@example.com", datetime(2009, 3, 1, 10, 0, tzinfo=UTC)),
            (2, "grace", None, datetime(2011, 7, 15, 8, 30, tzinfo=UTC)),
        ], f"select(User) should give ada and grace as tbl_usr holds them, got {found}"
        grace = explaining_sql_errors(
            lambda: session.scalars(select(User.id).where(User.username == "grace")).all()
        )
        assert grace == [2], f"select(User.id).where(User.username == 'grace') gave {grace}"
        ada_orders = sorted((order.total, order.status) for order in users[0].orders)
        assert ada_orders == [(Decimal("7.25"), "N"), (Decimal("12.50"), "S")], (
            f"ada.orders should be her two orders (7.25 'N' and 12.50 'S'), got {ada_orders}"
        )
        owner = session.get(Order, 1).user
        assert owner is users[1], (
            f"order 1 belongs to grace, but its .user is {getattr(owner, 'username', owner)!r}"
        )
    assert_no_ddl(ddl_sent)


def test_rows_written_through_the_classes_are_legacy_rows(engine, ddl_sent):
    models = mapped_models(engine)
    User, Order = models.User, models.Order

    def write():
        linus = User(username="linus", email="linus@example.com")
        first = Order(total=Decimal("5.00"))
        linus.orders.append(first)
        second = Order(total=Decimal("1.50"), user=linus)
        assert first.user is linus, (
            "after linus.orders.append(order), order.user should be linus at once: make "
            "User.orders and Order.user the two sides of one relationship (back_populates)"
        )
        assert second in linus.orders, (
            "Order(user=linus) should put the order in linus.orders at once: make User.orders "
            "and Order.user the two sides of one relationship (back_populates)"
        )
        with Session(engine) as session:
            session.add(linus)
            session.commit()
            return linus.id

    try:
        linus_id = explaining_sql_errors(write)
    except TypeError as error:
        raise AssertionError(
            f"User(username=..., email=...), Order(total=...) or Order(user=...) was refused "
            f"({error}): the classes must accept the Python names"
        ) from error
    except IntegrityError as error:
        if getattr(error.orig, "pgcode", None) != "23502":  # not_null_violation
            raise
        raise AssertionError(
            f"the database refused the new rows ({str(error.orig).splitlines()[0]}): the "
            "INSERT sent NULL for a column the database fills by default, so your classes do "
            "not know its default. Reflected columns carry their server defaults; hand-declared "
            "ones do not"
        ) from error
    users = legacy_rows(engine, "SELECT usr_id, usr_nm, eml_addr, crt_dt FROM tbl_usr")
    linus = [row for row in users if row[1] == "linus"]
    assert linus, f"after the commit, tbl_usr holds no usr_nm 'linus': {users}"
    assert linus[0][0] == linus_id and linus[0][2] == "linus@example.com", (
        f"tbl_usr should hold linus with his email and the id the User got ({linus_id}), "
        f"found {linus[0]}"
    )
    assert linus[0][3] is not None, "crt_dt should have been filled by the database default"
    orders = legacy_rows(
        engine, "SELECT usr_id, ord_tot, ord_sts FROM tbl_ord WHERE ord_id > 3 ORDER BY ord_tot"
    )
    assert orders == [(linus_id, Decimal("1.50"), "N"), (linus_id, Decimal("5.00"), "N")], (
        f"tbl_ord should hold linus's two orders (usr_id {linus_id}, 1.50 and 5.00, status 'N' "
        f"from the database default), found {orders}"
    )
    assert_no_ddl(ddl_sent)


def test_the_mapping_follows_the_database_even_after_a_change(engine):
    mapped_models(engine)  # the service ran before the change
    with engine.begin() as connection:
        for statement in DBA_CHANGES:
            connection.execute(sa.text(statement))
    models = mapped_models(engine)  # and starts again after it
    User = models.User
    names = [column.name for column in sa.inspect(User).columns]
    assert "lylty_pts" in names, (
        "the DBAs added tbl_usr.lylty_pts, but a fresh map_legacy_schema(engine) maps only "
        f"{names}: the columns are declared by hand, or reflection was told which columns to "
        "read (include_columns=[...]). Reflect whole tables, so that a new column comes along"
    )
    assert "lylty_pts" in sa.inspect(User).attrs, (
        "a column without a Python name should keep its database name: User.lylty_pts"
    )
    with Session(engine) as session:
        points = session.scalars(select(User).where(User.username == "ada")).one().lylty_pts
    assert points == 120, f"ada has 120 loyalty points in tbl_usr, User.lylty_pts says {points}"

    # Every column as the catalog describes it, after the change: a column declared by hand
    # shows here, even one declared exactly as it was before.
    inspector = sa.inspect(engine)
    for model, table in [(User, "tbl_usr"), (models.Order, "tbl_ord")]:
        catalog = {
            c["name"]: (str(c["type"]), c["nullable"], c["default"])
            for c in inspector.get_columns(table)
        }
        mapped = {
            c.name: (str(c.type), c.nullable, c.server_default and str(c.server_default.arg))
            for c in sa.inspect(model).local_table.columns
        }
        for name, described in catalog.items():
            assert mapped.get(name) == described, (
                f"the database says {table}.{name} is (type, nullable, default) {described}, "
                f"but {model.__name__}'s table says {mapped.get(name)}: that column was "
                "declared by hand. Let reflection describe every column, the ones you rename "
                "too"
            )


def test_no_ddl_is_sent_and_the_schema_is_unchanged(engine, ddl_sent):
    def schema():
        return legacy_rows(
            engine,
            "SELECT table_name, column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " ORDER BY table_name, ordinal_position",
        )

    before = schema()
    models = mapped_models(engine)
    with Session(engine) as session:
        explaining_sql_errors(lambda: session.scalars(select(models.Order)).all())
    assert_no_ddl(ddl_sent)
    assert schema() == before, "the database's tables changed while your code mapped them"
