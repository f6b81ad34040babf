# mistake: name and email are plain String columns without the 100 and 255 character limits.
# expect: name should hold at most 100 characters: mapped_column(String(100))
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
                  in UTC (the caller never passes it)

"Required" means NOT NULL in the database. "Unique" must be enforced by the database itself (a
UNIQUE constraint): a second user with an email already taken is refused when it is committed,
with `sqlalchemy.exc.IntegrityError`. Two users may have the same name.

Then write the two Pydantic schemas a web service puts around that model:

- `UserCreate`: what a client sends to create a user: `name` and `email` (both str, both
  required), and nothing else. No `id` and no `created_at`: the database chooses those, a
  client must not.
- `UserRead`: what the service sends back about a stored user: `id` (int), `name`, `email`
  (str) and `created_at` (datetime), all four required, no other field. It reads them straight
  from a `User` object:

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
the database's clock in UTC), not a value computed once when the class is defined. Pydantic's
`model_config = ConfigDict(from_attributes=True)` lets `model_validate` read attributes of any
object instead of keys of a dict.

Done when: `Base.metadata.create_all` makes the users table above (column names, types, lengths,
NOT NULL, the primary key, checked with SQLAlchemy's inspector), a stored user gets an id and a
current UTC `created_at` without the caller giving them, a second user with the same email is
refused by the database, `UserCreate` has exactly `name` and `email`, and `UserRead` has
exactly the four fields, all required, and `UserRead.model_validate(user)` works on a `User`.
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
    name: Mapped[str] = mapped_column(String)
    email: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class UserCreate(BaseModel):
    """What a client sends to create a user."""

    name: str
    email: str


class UserRead(BaseModel):
    """What the service sends back about a stored user."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    created_at: datetime
