"""Your first ORM model, and the two schemas around it.

Phase 2 wrote every CREATE TABLE and every SELECT by hand and turned rows into objects
yourself. An ORM (object-relational mapper) does that mapping for you: you declare a class,
SQLAlchemy derives the table from it, and rows come back as instances of the class. Declare
`User`, mapped to this table:

    users
      id          integer, the primary key (the database assigns it)
      name        text of at most 100 characters, required
      email       text of at most 255 characters, required, unique: no two users share one
      created_at  date and time, required, filled in automatically when the row is inserted,
                  in UTC whatever the machine's time zone (the caller never passes it)

"Required" means NOT NULL in the database. "Unique" must be enforced by the database itself (a
UNIQUE constraint): a second user with an email already taken is refused when it is committed,
with `sqlalchemy.exc.IntegrityError`. Two users may have the same name.

Then write the two Pydantic schemas a web service puts around that model:

- `UserCreate`: what a client sends to create a user: `name` and `email` (both str, both
  required: a missing one or a `None` is refused with `ValidationError`), and nothing else.
  No `id` and no `created_at`: the database chooses those, a client must not. If a client
  sends them anyway, they are refused or dropped, never kept in `model_dump()`.
- `UserRead`: what the service sends back about a stored user: `id` (int), `name`, `email`
  (str) and `created_at` (datetime), all four required and none of them `None`, no other
  field. It reads them straight from a `User` object:

      with Session(engine) as session:
          user = User(name="Ada Lovelace", email="ada@example.com")
          session.add(user)
          session.commit()
          UserRead.model_validate(user)
          # UserRead(id=1, name='Ada Lovelace', email='ada@example.com', created_at=datetime(...))

Why it matters: the model is the one place that says what a user row is; the schemas are the
service's boundary. Input and output differ on purpose: a client who could send `id` could
overwrite someone else's user, and an ORM object handed to the outside world drags the session
and every column (a password hash, one day) along with it. Uniqueness belongs to the database,
because only the database sees every request at once.

Concept: declarative mapping (`class Base(DeclarativeBase)`, `Mapped[...]`, `mapped_column`):
the annotation gives the Python type and, through `| None` or its absence, whether NULL is
allowed; `mapped_column(...)` adds the database details (`String(100)`, `primary_key=True`,
`unique=True`, a default). A default must be a function or SQL (`server_default=func.now()`,
the database's clock in UTC), not a value computed once when the class is defined, and
`datetime.now` without `UTC` is the machine's local time, not UTC. Pydantic's
`model_config = ConfigDict(from_attributes=True)` lets `model_validate` read attributes of any
object instead of keys of a dict (Pydantic 1's `class Config` and `orm_mode` are gone).

Done when: `Base.metadata.create_all` makes the users table above (column names, types, lengths,
NOT NULL, the primary key, checked with SQLAlchemy's inspector), a stored user gets an id and a
current UTC `created_at` without the caller giving them (also on a machine set to Tokyo time),
a second user with the same email is refused by the database, `UserCreate` has exactly `name`
and `email` and keeps nothing else a client sends, `UserRead` has exactly the four fields, all
required and not None, and `UserRead.model_validate(user)` works on a `User` through
`model_config`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base: every model of this drill subclasses it (ready to use)."""


class User(Base):
    """One row of the users table."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # TODO: declare name, email and created_at as the table in the docstring describes,
    #       each one as `attribute: Mapped[type] = mapped_column(...)`.


class UserCreate(BaseModel):
    """What a client sends to create a user."""

    # TODO: the fields a client sends, and nothing else.


class UserRead(BaseModel):
    """What the service sends back about a stored user."""

    # TODO: the four fields of a stored user, and the model_config that lets
    #       UserRead.model_validate read them from a User object.


# --- checks: these run on every save; do not edit below ---
import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import DateTime, Integer, String, create_engine, event, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

ADA = {"name": "Ada Lovelace", "email": "ada@example.com"}


def skip_fsync(dbapi_connection, _record) -> None:
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture
def engine(sqlite_path):
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", skip_fsync)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    """What the database says about the table create_all made: (tables, columns, primary key).

    Read once for the checks that only look at the schema.
    """
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('schema') / 'schema.db'}")
    try:
        Base.metadata.create_all(engine)
        inspector = inspect(engine)
        tables = inspector.get_table_names()
        if "users" not in tables:
            return tables, {}, []
        columns = {column["name"]: column for column in inspector.get_columns("users")}
        return tables, columns, inspector.get_pk_constraint("users")["constrained_columns"]
    finally:
        engine.dispose()


@pytest.fixture
def tokyo_clock():
    """The machine's local time set to Tokyo (UTC+9) for one check, so local time is not UTC."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "JST-9"  # a POSIX zone: 9 hours ahead of UTC, no time zone files needed
    # Where time.tzset is missing (Windows) the check runs in the machine's own zone.
    if hasattr(time, "tzset"):
        time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    if hasattr(time, "tzset"):
        time.tzset()


def columns_of(schema) -> dict:
    """The users table's columns as the database describes them, by name."""
    tables, columns, _ = schema
    assert "users" in tables, (
        f"create_all made no table called users (tables: {tables}): User needs "
        "__tablename__ = 'users' and must subclass Base"
    )
    return columns


def utc_naive(moment: datetime) -> datetime:
    """The moment as a naive UTC datetime, the way SQLite hands datetimes back."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def commit(session) -> None:
    """session.commit() of valid new users, failing with a sentence if the database refuses."""
    try:
        session.commit()
    except IntegrityError as error:
        reason = str(error.orig)
        if "users.id" in reason:
            advice = "the database did not assign an id: make id alone the integer primary key"
        elif "users.created_at" in reason:
            advice = (
                "created_at was left empty: give it a default that is filled in at insert time "
                "(server_default=func.now())"
            )
        else:
            advice = "only email is unique, and only the docstring's columns exist"
        raise AssertionError(
            f"the database refused a valid new user ({reason}): {advice}"
        ) from error
    except ValueError as error:
        # SQLAlchemy reads created_at back after the INSERT; text that is no date fails there.
        raise AssertionError(
            f"a new user's created_at came back as something that is not a date and time "
            f"({error}): server_default='CURRENT_TIMESTAMP', a quoted string, makes the default "
            "that literal text. Use SQL instead: server_default=func.now()"
        ) from error


def stored(engine, **fields) -> int:
    """Insert a User with these fields through the ORM, commit, and return its id."""
    with Session(engine) as session:
        user = User(**fields)
        session.add(user)
        commit(session)
        return user.id


def read(user) -> UserRead:
    """UserRead.model_validate(user), failing with a sentence when Pydantic cannot read it."""
    if "Config" in vars(UserRead):
        raise AssertionError(
            "UserRead uses `class Config`, Pydantic 1's way (deprecated in Pydantic 2): write "
            "model_config = ConfigDict(from_attributes=True) instead"
        )
    if "orm_mode" in UserRead.model_config:
        raise AssertionError(
            "UserRead's model_config sets orm_mode, Pydantic 1's name, which Pydantic 2 "
            "ignores: write model_config = ConfigDict(from_attributes=True)"
        )
    try:
        return UserRead.model_validate(user)
    except ValidationError as error:
        if any(detail["type"] == "model_type" for detail in error.errors()):
            raise AssertionError(
                "UserRead.model_validate(user) refused a User object: by default Pydantic "
                "reads only dicts. Give UserRead model_config = ConfigDict(from_attributes=True)"
            ) from error
        raise AssertionError(
            f"UserRead.model_validate(user) could not read the stored user: {error}"
        ) from error


def test_the_users_table_has_exactly_the_four_columns(schema):
    columns = columns_of(schema)
    assert set(columns) == {"id", "name", "email", "created_at"}, (
        f"the users table should have the columns id, name, email and created_at, "
        f"it has {sorted(columns)}"
    )


def test_id_is_an_integer_primary_key(schema):
    columns = columns_of(schema)
    primary_key = schema[2]
    assert primary_key == ["id"], f"the primary key should be id alone, it is {primary_key}"
    assert isinstance(columns["id"]["type"], Integer), (
        f"id should be an integer column (Mapped[int]), it is {columns['id']['type']}"
    )


@pytest.mark.parametrize(("name", "length"), [("name", 100), ("email", 255)])
def test_name_and_email_are_required_text_of_limited_length(schema, name, length):
    column = columns_of(schema).get(name)
    assert column is not None, f"the users table has no {name} column"
    assert isinstance(column["type"], String), (
        f"{name} should be a text column (String), it is {column['type']}"
    )
    assert column["type"].length == length, (
        f"{name} should hold at most {length} characters: mapped_column(String({length})), "
        f"found {column['type']}"
    )
    assert column["nullable"] is False, (
        f"{name} is required, so NOT NULL: annotate it Mapped[str], not Mapped[str | None]"
    )


def test_created_at_is_a_required_datetime(schema):
    column = columns_of(schema).get("created_at")
    assert column is not None, "the users table has no created_at column"
    assert isinstance(column["type"], DateTime), (
        f"created_at should be a date and time column (Mapped[datetime]), it is {column['type']}"
    )
    assert column["nullable"] is False, (
        "created_at is required, so NOT NULL: annotate it Mapped[datetime], "
        "not Mapped[datetime | None]"
    )


def test_the_database_fills_in_id_and_created_at(engine, tokyo_clock):
    has_created_at = "created_at" in User.__table__.c
    assert has_created_at, "User has no created_at column yet"
    default = User.__table__.c.created_at.default
    assert default is None or not default.is_scalar, (
        f"created_at has the fixed default {default.arg!r}: `default=datetime.now(UTC)` calls "
        "now() once, when the class is defined, so every user would get that same time. Pass "
        "a function (default=lambda: datetime.now(UTC)) or use server_default=func.now()"
    )
    before = datetime.now(UTC).replace(tzinfo=None)
    user_id = stored(engine, **ADA)
    after = datetime.now(UTC).replace(tzinfo=None)
    assert isinstance(user_id, int), (
        f"after the commit, user.id should be the id the database gave, got {user_id!r}"
    )
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None, "the stored user cannot be found again by its id"
        created_at = user.created_at
    assert created_at is not None, (
        "created_at is None: it should be filled in when the row is inserted"
    )
    assert isinstance(created_at, datetime), (
        f"created_at should be a datetime (Mapped[datetime]), got {created_at!r}"
    )
    # SQLite's CURRENT_TIMESTAMP keeps whole seconds, hence the margin.
    margin = timedelta(seconds=2)
    assert before - margin <= utc_naive(created_at) <= after + margin, (
        f"created_at should be the time of the insert in UTC ({after:%Y-%m-%d %H:%M:%S}), "
        f"got {created_at} on a machine set to Tokyo time (UTC+9). Whole hours off means "
        "local time, which datetime.now() gives: use server_default=func.now() or "
        "datetime.now(UTC)"
    )


def test_the_database_refuses_a_second_user_with_the_same_email(engine):
    stored(engine, **ADA)
    with Session(engine) as session:
        session.add(User(name="Ada King", email=ADA["email"]))
        try:
            session.commit()
        except IntegrityError:
            return
    raise AssertionError(
        f"the database accepted a second user with the email {ADA['email']}: the email column "
        "needs a UNIQUE constraint (mapped_column(..., unique=True))"
    )


def test_two_users_may_share_a_name(engine):
    stored(engine, **ADA)
    with Session(engine) as session:
        session.add(User(name=ADA["name"], email="ada.2@example.com"))
        try:
            session.commit()
        except IntegrityError as error:
            raise AssertionError(
                f"a second Ada Lovelace with another email was refused ({error.orig}): only "
                "the email is unique, two users may have the same name"
            ) from error


def test_user_create_has_exactly_name_and_email():
    fields = set(UserCreate.model_fields)
    assert fields == {"name", "email"}, (
        f"UserCreate should have the fields name and email, nothing else; it has {sorted(fields)}"
        + (". id and created_at are chosen by the database, never by a client" if fields else "")
    )
    assert UserCreate(**ADA).model_dump() == ADA


@pytest.mark.parametrize("missing", ["name", "email"])
def test_user_create_requires_both_fields(missing):
    data = {key: value for key, value in ADA.items() if key != missing}
    try:
        UserCreate.model_validate(data)
    except ValidationError:
        return
    raise AssertionError(
        f"UserCreate accepted data without {missing}: it should be required (no default)"
    )


@pytest.mark.parametrize("empty", ["name", "email"])
def test_user_create_refuses_none(empty):
    data = {**ADA, empty: None}
    try:
        UserCreate.model_validate(data)
    except ValidationError:
        return
    raise AssertionError(
        f"UserCreate accepted {empty}=None: it should be a str, so annotate it `{empty}: str`, "
        "not `str | None`"
    )


def test_user_create_keeps_nothing_else_a_client_sends():
    sent = {**ADA, "id": 7, "created_at": "2001-01-01T00:00:00"}
    try:
        payload = UserCreate.model_validate(sent)
    except ValidationError:
        return  # refusing unknown fields (extra="forbid") is fine too
    kept = payload.model_dump()
    assert kept == ADA, (
        f"UserCreate kept fields a client must not choose: model_dump() gave {kept}. "
        "extra='allow' keeps every unknown key; leave extra at its default (ignore) "
        "or set extra='forbid'"
    )


def test_user_read_reads_a_user_object(engine):
    # The docstring's example, as it is written there.
    with Session(engine) as session:
        user = User(name="Ada Lovelace", email="ada@example.com")
        session.add(user)
        commit(session)
        result = read(user)
        expected = {
            "id": user.id,
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "created_at": user.created_at,
        }
    assert isinstance(result, UserRead), f"model_validate returned {type(result).__name__}"
    assert result.model_dump() == expected, (
        f"UserRead should carry the user's id, name, email and created_at, got {result!r}"
    )


def test_user_read_of_a_user_loaded_in_a_new_session(engine):
    user_id = stored(engine, **ADA)
    with Session(engine) as session:
        user = session.get(User, user_id)
        result = read(user)
        created_at = user.created_at
    assert result.model_dump() == {**ADA, "id": user_id, "created_at": created_at}, (
        f"UserRead of the user stored with id {user_id} should carry its id, name, email and "
        f"created_at; got {result!r}"
    )


def test_user_read_has_exactly_four_required_fields():
    fields = set(UserRead.model_fields)
    assert fields == {"id", "name", "email", "created_at"}, (
        f"UserRead should have the fields id, name, email and created_at; it has {sorted(fields)}"
    )
    complete = {**ADA, "id": 1, "created_at": datetime(2024, 1, 1, 12, 0)}
    for missing in complete:
        data = {key: value for key, value in complete.items() if key != missing}
        try:
            UserRead.model_validate(data)
        except ValidationError:
            continue
        raise AssertionError(
            f"UserRead accepted data without {missing}: a stored user always has one, so the "
            "field should be required (no default, not Optional)"
        )
    for empty in complete:
        try:
            UserRead.model_validate({**complete, empty: None})
        except ValidationError:
            continue
        raise AssertionError(
            f"UserRead accepted {empty}=None: a stored user always has one, so annotate it "
            "without `| None`"
        )
