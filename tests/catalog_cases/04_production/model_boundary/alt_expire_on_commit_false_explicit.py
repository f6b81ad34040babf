# alternative: a Session with expire_on_commit=False and a field-by-field constructor for the response (no model_validate), with the column lengths as max_length on the update fields.
"""Model boundary: the service speaks schemas, never ORM objects.

Scenario: the team's profile API used to hand its ORM `User` objects straight to the web layer,
which turned whatever it found on them into JSON. Two incidents later the team drew a line.
First, logins moved into this service, a migration added `password_hash` to `users`, and from
the next deploy on every profile response carried it. Then a client sent `{"bio": "hi",
"password_hash": "..."}` to the update endpoint, and the code that copied the request's fields
onto the row copied that one too. Now the service's inputs and outputs are Pydantic models,
and ORM objects never leave it.

The tables and their ORM models (`User`, `Link`, `create_schema`) are written for you. Write:

- `LinkRead` and `ProfileRead`, what a client sees: a profile is `id`, `username`, `email`,
  `display_name`, `bio` and `links`, a list of `LinkRead` (each `label` and `url`, in the order
  of `User.links`), and nothing else. Both are built from the ORM objects
  (`from_attributes=True`). The password hash is not part of `ProfileRead` at all: not a
  field, not a field hidden from dumps with `exclude=True`.
- `ProfileUpdate`, what a client may change: `display_name` and `bio`, both optional
  (`str | None`, default None). Any other field (`password_hash`, `username`, `id`, or a typo)
  makes `ProfileUpdate.model_validate_json(body)` raise a `ValidationError`.
- `get_profile(engine, user_id) -> ProfileRead`.
- `update_profile(engine, user_id, changes) -> ProfileRead` changes only the fields the client
  sent: a field left out of the request stays as it is, a field sent as null is cleared
  (`{"bio": null}` removes the bio). It commits, and returns the updated profile.
- Both raise `ProfileNotFound` for an unknown id, changing nothing. Each opens its own session
  and closes it before returning, and what it returns holds no ORM object, not even nested.

Why: an ORM object is a live view of a row, with every column and relationship the table has
today or will have tomorrow; serializing it exposes whatever someone adds later. A response
schema names what leaves, and a request schema with `extra="forbid"` names what may come in, so
a client cannot write a column it was never offered (mass assignment), and a typo such as
`"display_nmae"` is an error the client sees instead of a change silently dropped. Pydantic
also remembers which fields a request set: `changes.model_dump(exclude_unset=True)` holds only
those, so "not sent" and "sent as null" stay different. And build the response inside the
session: after `commit()` the ORM object's attributes are expired and reloading them needs the
session (`DetachedInstanceError` once it is closed).

Concept: data transfer objects at the boundary of a service; `from_attributes`; nested
schemas; `extra="forbid"` against mass assignment; partial updates with
`model_dump(exclude_unset=True)`; expire on commit.

Done when: both functions return a `ProfileRead` whose links are `LinkRead` objects and whose
dump is exactly the six fields; the password hash appears nowhere in a response (dump, JSON, or
attribute); a request with an unknown field raises `ValidationError` and changes nothing; an
update changes the fields sent (null clears one) and only those, committed (a new connection
sees it); an unknown id raises `ProfileNotFound`; and no session is left open.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class ProfileNotFound(LookupError):
    """No user has the given id."""


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    email: Mapped[str] = mapped_column(String(120))
    display_name: Mapped[str | None] = mapped_column(String(50))
    bio: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    links: Mapped[list[Link]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Link.id"
    )


class Link(Base):
    """A link shown on a profile (ready to use)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(String(200))
    user: Mapped[User] = relationship(back_populates="links")


def create_schema(engine: Engine) -> None:
    """Create the tables (ready to use)."""
    Base.metadata.create_all(engine)


class LinkRead(BaseModel):
    """One link of a profile, as clients see it."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    label: str
    url: str


class ProfileRead(BaseModel):
    """A profile as clients see it. Never the password hash."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    username: str
    email: str
    display_name: str | None = None
    bio: str | None = None
    links: list[LinkRead] = []


class ProfileUpdate(BaseModel):
    """What a client may change. Each field is optional; any other field is refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    display_name: Annotated[str, Field(max_length=50)] | None = None
    bio: Annotated[str, Field(max_length=200)] | None = None


def _to_read(user: User) -> ProfileRead:
    return ProfileRead(
        id=user.id,
        username=user.username,
        email=user.email,
        display_name=user.display_name,
        bio=user.bio,
        links=[LinkRead(label=link.label, url=link.url) for link in user.links],
    )


def get_profile(engine: Engine, user_id: int) -> ProfileRead:
    """The profile of user `user_id`; ProfileNotFound if there is none."""
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise ProfileNotFound(user_id)
        return _to_read(user)


def update_profile(engine: Engine, user_id: int, changes: ProfileUpdate) -> ProfileRead:
    """Apply the fields the client sent, commit, and return the updated profile."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.get(User, user_id)
        if user is None:
            raise ProfileNotFound(user_id)
        list(user.links)  # load the links while the transaction is open
        for field, value in changes.model_dump(exclude_unset=True).items():
            setattr(user, field, value)
        session.commit()
        return _to_read(user)
