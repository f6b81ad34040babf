# mistake: UserRead has no addresses field.
# expect: UserRead should have an `addresses` field
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

`save_users` and `load_users` open their own session and close it before they return.

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
stores, `load_users` gives back exactly; a taken email stores none of the list; and no session
is left open.
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

    model_config = ConfigDict(from_attributes=True)

    id: int
    street: str
    city: str


class UserRead(BaseModel):
    """A user and their addresses as the service returns them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str


def to_model(data: UserCreate) -> User:
    """A new, unsaved User holding the data of `data`, with an Address for each address."""
    # model_dump() would turn the addresses into dicts, and a relationship takes ORM objects.
    return User(
        name=data.name,
        email=data.email,
        addresses=[Address(**address.model_dump()) for address in data.addresses],
    )


def save_users(engine: Engine, users: list[UserCreate]) -> list[UserRead]:
    """Store every user of `users` in one transaction; return them as saved, ids included."""
    with Session(engine) as session, session.begin():
        models = [to_model(data) for data in users]
        session.add_all(models)
        # The database hands out the ids when the INSERTs run: flush sends them now, inside
        # the transaction, so the schemas built below carry them.
        session.flush()
        return [UserRead.model_validate(model) for model in models]


def load_users(engine: Engine) -> list[UserRead]:
    """Every user ordered by id, with their addresses, as UserRead schemas."""
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.id))
        # Converted inside the session, where reading user.addresses can still load them
        # (one SELECT per user: the eager_loading drill shows how to load them all at once).
        return [UserRead.model_validate(user) for user in users]


