"""From ORM objects to schemas and back, without leaking the ORM.

A service talks to the rest of the program in Pydantic schemas: a `UserCreate` comes in (from a
request, a file, a queue) and a `UserRead` goes out. The ORM models `User` and `Address` stay
inside the service's functions, with the session they belong to. Write:

- `AddressRead` and `UserRead` (their fields are given; `UserRead` still lacks `addresses`):
  `UserRead.model_validate(user)` accepts an ORM `User` and reads its attributes, its
  addresses included, which become a list of `AddressRead`.
- `to_model(data)`: a new, unsaved `User` built from a `UserCreate`, with one `Address` object
  for each address in it, in the same order.
- `save_users(engine, users)`: stores a list of `UserCreate`, addresses included, in one
  transaction, and returns them as a list of `UserRead` in the order given, carrying the ids
  the database gave them. If one of them cannot be stored (its email is already taken), none
  of them is, and the `IntegrityError` propagates to the caller.
- `load_users(engine)`: every user, ordered by id, with their addresses (in id order, as the
  relationship loads them), as a list of `UserRead`.

`save_users` and `load_users` each work in a session of their own and leave none open, also
when the database fails halfway (a taken email, a failing disk): then the error goes on to the
caller.

Pydantic 2 style only: `model_config = ConfigDict(...)`, `model_validate` and `model_dump`.
Pydantic 1's `class Config`, `orm_mode`, `from_orm()`, `.dict()` and `parse_obj()` still work,
deprecated, and the checks refuse them.

Why: an ORM object is a live view of a row, tied to the session that loaded it. Hand one out of
the function and whoever reads it later reaches a closed session: an attribute the commit
expired, or a relationship that was never loaded, raises `DetachedInstanceError` far from the
code that caused it. It also ties every caller to the table's layout. A schema is a plain
value: it can be returned, cached, turned into JSON or sent anywhere. So convert at the edge
of the service, while the session is still open.

Concept: `from_attributes`, which every schema that reads ORM objects needs, nested ones too;
`model_dump()` to feed ORM constructors, where a nested list must become ORM objects by hand
(a relationship takes `Address` objects, not dicts); and when the database's ids exist (after
a flush).

Done when: `UserRead.model_validate` reads an ORM user with its addresses; `to_model` returns
an unsaved `User` holding `Address` objects; `load_users` and `save_users` return lists of
`UserRead` with `AddressRead` inside (no ORM objects, no dicts, anywhere) whose `model_dump()`
equals the stored data and which stay usable after the session closed; what `save_users`
stores, `load_users` gives back exactly; a taken email stores none of the list; no session is
left open, after an error either; and no Pydantic 1 API is used.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(unique=True)
    # Loaded in id order; saving a user saves its addresses too (the cascade).
    addresses: Mapped[list[Address]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Address.id"
    )


class Address(Base):
    """An address row; each belongs to one user (ready to use)."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    street: Mapped[str]
    city: Mapped[str]
    user: Mapped[User] = relationship(back_populates="addresses")


class AddressCreate(BaseModel):
    """An address as a client sends it (ready to use)."""

    street: str
    city: str


class UserCreate(BaseModel):
    """A new user and their addresses, as a client sends them (ready to use)."""

    name: str
    email: str
    addresses: list[AddressCreate] = []


class AddressRead(BaseModel):
    """An address as the service returns it."""

    # TODO: let pydantic build this schema from an ORM Address's attributes (model_config).

    id: int
    street: str
    city: str


class UserRead(BaseModel):
    """A user and their addresses as the service returns them."""

    # TODO: let pydantic build this schema from an ORM User's attributes (model_config).

    id: int
    name: str
    email: str
    # TODO: add `addresses`, a list of AddressRead.


def to_model(data: UserCreate) -> User:
    """A new, unsaved User holding the data of `data`, with an Address for each address."""
    # TODO: build the User from the schema's fields, and one Address per AddressCreate
    #       (a relationship takes Address objects, not the dicts model_dump() gives).
    raise NotImplementedError("to_model is still a TODO")


def save_users(engine: Engine, users: list[UserCreate]) -> list[UserRead]:
    """Store every user of `users` in one transaction; return them as saved, ids included."""
    # TODO: in one session and one transaction, add a to_model(...) of each user.
    # TODO: convert them to UserRead once the database has given them ids (after a flush)
    #       and before the session closes; commit once, at the end.
    raise NotImplementedError("save_users is still a TODO")


def load_users(engine: Engine) -> list[UserRead]:
    """Every user ordered by id, with their addresses, as UserRead schemas."""
    # TODO: select the users ordered by id and convert each to UserRead inside the session.
    raise NotImplementedError("load_users is still a TODO")


# --- checks: these run on every save; do not edit below ---
import json
import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, PydanticDeprecatedSince20, ValidationError
from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, OperationalError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import DetachedInstanceError

# Stored by the checks themselves, with ids on purpose out of step with the names' order.
STORED: list[dict[str, Any]] = [
    {
        "id": 3,
        "name": "Grace Hopper",
        "email": "grace@navy.example",
        "addresses": [{"id": 12, "street": "Naval Yard 1", "city": "Arlington"}],
    },
    {
        "id": 7,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "addresses": [
            {"id": 5, "street": "12 St James's Square", "city": "London"},
            {"id": 9, "street": "Ockham Park", "city": "Ockham"},
        ],
    },
    {"id": 8, "name": "Alan Turing", "email": "alan@example.com", "addresses": []},
]

# Sent to save_users; no ids, since the database gives them.
NEW_USERS: list[dict[str, Any]] = [
    {
        "name": "Émilie du Châtelet",
        "email": "emilie@example.fr",
        "addresses": [
            {"street": "Rue de Seine 7", "city": "Paris"},
            {"street": "Château de Cirey", "city": "Cirey-sur-Blaise"},
            {"street": "Allée des Tilleuls", "city": "Paris"},
        ],
    },
    {"name": "Katherine O'Neil", "email": "kat@example.com", "addresses": []},
    {
        "name": "Bob",
        "email": "bob@example.com",
        "addresses": [{"street": "1 Main St", "city": "Springfield"}],
    },
]

TAKEN = {"name": "Someone Else", "email": "ada@example.com", "addresses": []}


def configure(dbapi_connection, _record) -> None:
    # A SELECT without ORDER BY returns its rows backwards: an order that nobody asked for
    # cannot pass for the one the docstring promises.
    dbapi_connection.execute("PRAGMA reverse_unordered_selects = ON")
    # Not about surviving a power cut: skipping the fsync at each commit keeps checks fast.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Two database files made once, an empty one and one holding STORED (written by the
    checks' own session): copying a file is faster than making it again for every check."""
    folder = tmp_path_factory.mktemp("templates")
    paths = {"empty": folder / "empty.db", "stored": folder / "stored.db"}
    engine = create_engine(f"sqlite:///{paths['empty']}")
    Base.metadata.create_all(engine)
    engine.dispose()
    shutil.copyfile(paths["empty"], paths["stored"])
    engine = create_engine(f"sqlite:///{paths['stored']}")
    with Session(engine) as session, session.begin():
        for user in STORED:
            addresses = [Address(**address) for address in user["addresses"]]
            session.add(User(**{**user, "addresses": addresses}))
    engine.dispose()
    return paths


def copy_of(template: Path, path: Path) -> Iterator[Engine]:
    shutil.copyfile(template, path)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", configure)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(templates, sqlite_path) -> Iterator[Engine]:
    """A database with the tables and no users."""
    yield from copy_of(templates["empty"], sqlite_path)


@pytest.fixture
def stored(templates, sqlite_path) -> Iterator[Engine]:
    """A database holding STORED."""
    yield from copy_of(templates["stored"], sqlite_path)


def creates(users: list[dict[str, Any]]) -> list[UserCreate]:
    return [UserCreate.model_validate(user) for user in users]


def without_ids(user: dict[str, Any]) -> dict[str, Any]:
    addresses = [{k: v for k, v in a.items() if k != "id"} for a in user["addresses"]]
    return {**{k: v for k, v in user.items() if k != "id"}, "addresses": addresses}


def database_rows(engine) -> list[dict[str, Any]]:
    """Every user with their addresses, read by a new session of the checks' own."""
    with Session(engine) as session:
        return [
            {
                "id": user.id,
                "name": user.name,
                "email": user.email,
                "addresses": [
                    {"id": a.id, "street": a.street, "city": a.city} for a in user.addresses
                ],
            }
            for user in session.scalars(
                select(User).options(selectinload(User.addresses)).order_by(User.id)
            )
        ]


def explained(error: BaseException, message: str) -> AssertionError:
    """An AssertionError saying `message` that keeps the learner's lines of `error` on show."""
    return AssertionError(message).with_traceback(error.__traceback__)


def conversion_advice(error: ValidationError) -> str:
    """What went wrong when pydantic could not build a schema from ORM objects."""
    problems = error.errors()
    first = problems[0]
    if any("DetachedInstanceError" in problem["msg"] for problem in problems):
        return (
            "it read the ORM objects after their session had closed (DetachedInstanceError). "
            "A closed session can neither load a relationship nobody loaded (user.addresses) "
            "nor reload what its commit expired (every attribute, by default): build the "
            "UserRead schemas inside the `with Session(...)` block"
        )
    if any(problem["loc"][-1:] == ("id",) and problem["input"] is None for problem in problems):
        return (
            "an id was None. The database gives the ids when the INSERTs run: call "
            "session.flush() before converting (or convert after the commit, while the "
            "session is still open)"
        )
    if first["type"] == "model_type":
        wanted = first["msg"].rsplit(" ", 1)[-1]
        if wanted not in ("UserRead", "AddressRead"):
            return f"UserRead.addresses should be a list[AddressRead], not a list[{wanted}]"
        return (
            f"{wanted} cannot read an ORM object: give it model_config = "
            "ConfigDict(from_attributes=True) (UserRead and AddressRead both need it)"
        )
    location = ".".join(str(part) for part in first["loc"])
    return f"{location}: {first['msg']}"


def called(function, *args):
    """function(*args), with the ORM and pydantic errors this drill is about explained."""
    name = function.__name__
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PydanticDeprecatedSince20)
            result = function(*args)
    except DetachedInstanceError as error:
        raise explained(
            error,
            f"{name} read an ORM attribute after its session had closed: build the UserRead "
            "schemas inside the `with Session(...)` block. " + str(error),
        ) from error
    except ValidationError as error:
        raise explained(
            error, f"{name} could not build its UserRead schemas: {conversion_advice(error)}"
        ) from error
    except AttributeError as error:
        if "_sa_instance_state" not in str(error):
            raise
        raise explained(
            error,
            f"{name} gave a relationship dicts where it needs ORM objects ({error}): "
            "model_dump() turns nested schemas into dicts too, so build an Address(...) for "
            "each address",
        ) from error
    except InvalidRequestError as error:
        if "unique()" not in str(error):
            raise
        raise explained(
            error,
            f"{name} loaded User.addresses with joinedload, whose JOIN repeats each user once "
            "per address: call .unique() on the result (session.scalars(...).unique()), or "
            "use selectinload",
        ) from error
    deprecated = [w for w in caught if issubclass(w.category, PydanticDeprecatedSince20)]
    if deprecated:
        first = deprecated[0]
        raise AssertionError(
            f"{name} uses Pydantic 1's API, deprecated in Pydantic 2 (line {first.lineno}): "
            f"{str(first.message).split('. Deprecated')[0]}"
        )
    return result


def orm_objects_in(value: object, where: str) -> Iterator[str]:
    """Where in `value` (schemas, lists, dicts, nested) an ORM object hides."""
    if hasattr(value, "_sa_instance_state"):
        yield f"{where} is an ORM object ({type(value).__name__})"
    elif isinstance(value, BaseModel):
        for field, item in vars(value).items():
            yield from orm_objects_in(item, f"{where}.{field}")
    elif isinstance(value, (list, tuple, set)):
        for index, item in enumerate(value):
            yield from orm_objects_in(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from orm_objects_in(item, f"{where}[{key!r}]")


def assert_user_reads(result: object, what: str) -> list[dict[str, Any]]:
    """Check that result is a list of UserRead holding AddressRead; return their dumps."""
    assert isinstance(result, list), f"{what} should return a list, not {type(result).__name__}"
    for index, user in enumerate(result):
        is_orm_object = hasattr(user, "_sa_instance_state")
        assert not is_orm_object, (
            f"{what} returned ORM {type(user).__name__} objects: they belong to the session "
            "and break once it is closed. Return UserRead.model_validate(user) for each"
        )
        is_dict = isinstance(user, dict)
        assert not is_dict, (
            f"{what} returned dicts: return the UserRead schemas themselves, not model_dump()"
        )
        assert isinstance(user, UserRead), (
            f"{what} should return UserRead schemas, got a {type(user).__name__}: {user!r}"
        )
        hidden = list(orm_objects_in(user, f"{what}[{index}]"))
        assert not hidden, (
            f"ORM objects escaped the session: {hidden[0]}. Declare UserRead.addresses as "
            "list[AddressRead] so that pydantic converts each Address"
        )
        addresses = getattr(user, "addresses", None)
        assert isinstance(addresses, list), (
            f"UserRead should have an `addresses` field, a list of AddressRead; {what} gave "
            f"{user!r}"
        )
        for address in addresses:
            assert isinstance(address, AddressRead), (
                f"each of UserRead.addresses should be an AddressRead, got {address!r}"
            )
    return [user.model_dump() for user in result]


def assert_no_session_left_open(engine, what: str) -> None:
    connections_in_use = engine.pool.checkedout()
    assert connections_in_use == 0, (
        f"{what} left a session open (it still holds a database connection): use "
        "`with Session(engine) as session:` so that it is closed whatever happens"
    )


def test_the_schemas_use_pydantic_2_config() -> None:
    for schema in (AddressRead, UserRead):
        if "Config" in vars(schema):
            raise AssertionError(
                f"{schema.__name__} uses `class Config`, Pydantic 1's way (deprecated in "
                "Pydantic 2): write model_config = ConfigDict(from_attributes=True) instead"
            )
        if "orm_mode" in schema.model_config:
            raise AssertionError(
                f"{schema.__name__}'s model_config sets orm_mode, Pydantic 1's name, which "
                "Pydantic 2 ignores: write model_config = ConfigDict(from_attributes=True)"
            )


def test_user_read_reads_an_orm_user_with_its_addresses() -> None:
    ada = User(
        id=7,
        name="Ada Lovelace",
        email="ada@example.com",
        addresses=[
            Address(id=5, street="12 St James's Square", city="London"),
            Address(id=9, street="Ockham Park", city="Ockham"),
        ],
    )
    try:
        schema = UserRead.model_validate(ada)
    except ValidationError as error:
        raise explained(
            error,
            "UserRead.model_validate(orm_user) refused an ORM User: " + conversion_advice(error),
        ) from error
    dumps = assert_user_reads([schema], "UserRead.model_validate")
    assert dumps == [STORED[1]], (
        "UserRead.model_validate(orm_user).model_dump() should hold the user's id, name and "
        "email, and a list of its addresses, each with id, street and city"
    )


def test_to_model_builds_an_unsaved_user_with_address_objects() -> None:
    data = UserCreate.model_validate(NEW_USERS[0])
    user = called(to_model, data)
    assert isinstance(user, User), f"to_model should return a User, not {user!r}"
    assert inspect(user).transient, (
        "to_model should return a new User that no session holds yet: the caller decides "
        "where to add it"
    )
    assert (user.id, user.name, user.email) == (None, data.name, data.email), (
        "the User should carry the schema's name and email, and no id yet"
    )
    assert all(isinstance(address, Address) for address in user.addresses), (
        f"user.addresses should hold Address objects, got {user.addresses!r}"
    )
    assert [(a.street, a.city) for a in user.addresses] == [
        (a.street, a.city) for a in data.addresses
    ], "the User should have one Address per address of the schema, in the same order"


def test_load_users_returns_schemas_equal_to_the_stored_data(stored) -> None:
    result = called(load_users, stored)
    dumps = assert_user_reads(result, "load_users")
    ids = [user["id"] for user in dumps]
    if ids != [3, 7, 8] and sorted(dumps, key=lambda user: user["id"]) == STORED:
        raise AssertionError(
            f"load_users gave the stored users in the order of ids {ids}, not [3, 7, 8]: order "
            "them by id, select(User).order_by(User.id). Without ORDER BY the database returns "
            "rows in whatever order suits it"
        )
    assert dumps == STORED, (
        "load_users()'s model_dump() should equal the stored users, ordered by id, each "
        "with their addresses (a user without any has [])"
    )
    assert_no_session_left_open(stored, "load_users")
    stored.dispose()  # no connection, no session: only the returned values are left
    texts = [user.model_dump_json() for user in result]
    assert [json.loads(text) for text in texts] == STORED, (
        "the loaded users should still turn into the same JSON once the engine is disposed"
    )


def test_load_users_leaves_no_session_open_when_the_database_fails(stored) -> None:
    failed = []

    def addresses_fail(connection, cursor, statement, parameters, context, many):
        if "addresses" in statement:
            failed.append(statement)
            raise OperationalError(
                statement, parameters, sqlite3.OperationalError("disk I/O error")
            )

    event.listen(stored, "before_cursor_execute", addresses_fail)
    raised = None
    try:
        load_users(stored)
    except (OperationalError, ValidationError) as error:
        raised = error  # kept: a session the error's frames still hold would show below
    finally:
        event.remove(stored, "before_cursor_execute", addresses_fail)
    assert failed, "load_users never read the addresses table"
    assert_no_session_left_open(stored, "load_users, when reading the addresses failed,")
    assert raised is not None, (
        "reading the addresses failed (OperationalError: disk I/O error), but load_users "
        "raised nothing: let the database's error reach the caller"
    )


def test_save_users_commits_and_returns_schemas_with_ids(stored) -> None:
    result = called(save_users, stored, creates(NEW_USERS))
    dumps = assert_user_reads(result, "save_users")
    assert_no_session_left_open(stored, "save_users")
    rows = database_rows(stored)
    expected, found = len(NEW_USERS), len(rows) - len(STORED)
    assert found == expected, (
        f"save_users returned, but a new session finds {found} of the {expected} new users "
        "in the database: commit the transaction"
    )
    assert dumps == rows[len(STORED) :], (
        "save_users should return the users it stored (and only those), in the order given, "
        "with the ids the database gave each user and each address"
    )


def test_a_round_trip_through_the_database_loses_nothing(engine) -> None:
    empty = called(load_users, engine)
    assert empty == [], f"with no users stored, load_users should give [], not {empty!r}"
    saved = called(save_users, engine, creates(NEW_USERS))
    loaded = called(load_users, engine)
    dumps = assert_user_reads(loaded, "load_users")
    assert [without_ids(user) for user in dumps] == NEW_USERS, (
        "schema -> ORM -> schema should give back exactly what was saved: same names, "
        "emails, and addresses in the same order (only the ids are new)"
    )
    assert [user.model_dump() for user in saved] == dumps, (
        "save_users should return the same users (and ids) that load_users reads back"
    )


@pytest.mark.parametrize("position", ["first", "last"])
def test_a_taken_email_stores_none_of_the_list(stored, position) -> None:
    batch = [TAKEN, *NEW_USERS] if position == "first" else [*NEW_USERS, TAKEN]
    raised = None
    try:
        called(save_users, stored, creates(batch))
    except IntegrityError as error:
        raised = error  # kept: a session the error's frames still hold would show below
    assert_no_session_left_open(stored, "save_users, refused,")
    assert raised is not None, (
        "save_users accepted a user whose email is already taken: let the IntegrityError "
        "reach the caller"
    )
    rows = database_rows(stored)
    added = len(rows) - len(STORED)
    assert rows == STORED, (
        f"with the taken email {position} in the list, save_users must store none of the "
        f"list, but a new session finds {added} new users: add them all in ONE transaction "
        "and commit once, at the end"
    )
