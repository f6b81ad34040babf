# mistake: one try around validation and commit turns every exception, a ValidationError included, into EmailTaken.
# expect: should raise Pydantic's ValidationError, got EmailTaken
"""Creating users: validate at the door, let the database have the last word.

A client sends the data for a new user as a dict (parsed JSON). Finish two things.

`UserCreate` validates and normalises what the client sent:
- `name`: surrounding whitespace removed; then 1 to 100 characters.
- `email`: surrounding whitespace removed and lowercased (`" Ada@Example.COM"` becomes
  `"ada@example.com"`); then at most 255 characters, no whitespace, exactly one `@` with at
  least one character before it, and after it a domain of two or more parts separated by
  dots, none of them empty (`example.com` and `mail.example.org` are domains; `example`,
  `.com`, `example.` and `example..com` are not).
- Nothing else a client sends (an `id`, a `created_at`) reaches the database: the database
  chooses those. Ignoring such keys (Pydantic's default) or refusing them are both fine.

`create_user(session, data)` stores one user:
- It validates `data` with `UserCreate` before it touches the session. Invalid data raises
  Pydantic's `ValidationError` and leaves the session as it was: no object added, no
  transaction begun, no row written.
- It adds the user and commits: the user is in the database when `create_user` returns.
- If another user already has the email (after normalising), it raises `EmailTaken` carrying
  that normalised email, and leaves the session rolled back, so that the caller can go on
  using it: the next `create_user` on the same session works.
- It returns the stored user as a `UserRead` (with the id and created_at the database gave
  it), never the ORM object.

    with Session(engine) as session:
        create_user(session, {"name": " Ada Lovelace ", "email": "Ada@Example.com"})
        # UserRead(id=1, name='Ada Lovelace', email='ada@example.com', created_at=datetime(...))

Why it matters: this is the write path of every sign-up form. Validating first means bad input
never half-reaches the database, and it is the only place some rules live at all: SQLite does
not enforce a VARCHAR(100) length. Normalising the email makes `Ada@Example.com` and
`ada@example.com` one address, so the UNIQUE constraint can see that they collide. And the
duplicate check belongs to the database: two sign-ups can both ask "is this email free?",
both hear yes, and both insert. Only the UNIQUE constraint sees every request, so a duplicate
shows up as `IntegrityError` when the INSERT reaches the database (the flush that `commit`
runs), even if your code looked first. The checks make exactly that happen: another connection
inserts the same email just before your INSERT.

Concept: validation at the boundary (`Field` constraints, `StringConstraints` or a
`field_validator`); `IntegrityError` and `session.rollback()`: after a failed flush the session
refuses all work (`PendingRollbackError`) until it is rolled back; returning schemas.

Done when: the example above gives that result and the row is committed; the normalising and
every rule above hold, with `ValidationError` and an untouched session for invalid data; a
duplicate email, also one inserted by another connection a moment before yours, raises
`EmailTaken` and the same session then creates the next user.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import String, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The declarative base (ready to use)."""


class User(Base):
    """The users table of orm_models (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class UserRead(BaseModel):
    """What the service sends back about a stored user (ready to use)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    created_at: datetime


class EmailTaken(Exception):
    """Another user already has this email (ready to use)."""

    def __init__(self, email: str) -> None:
        super().__init__(f"a user with the email {email!r} already exists")
        self.email = email


# No whitespace, one @ with something before it, then dot-separated parts, none empty.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"


class UserCreate(BaseModel):
    """What a client sends to create a user, validated and normalised."""

    # Strips every string field before the constraints below are checked.
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=255, pattern=EMAIL_PATTERN)

    @field_validator("email")
    @classmethod
    def lowercase(cls, email: str) -> str:
        return email.lower()


def create_user(session: Session, data: dict[str, Any]) -> UserRead:
    """Validate `data`, store it as a new user, commit, and return the stored user.

    Raises ValidationError for invalid data (touching nothing) and EmailTaken for an email
    that is already taken (with the session rolled back).
    """
    try:
        payload = UserCreate.model_validate(data)
        user = User(**payload.model_dump())
        session.add(user)
        session.commit()
    except Exception as error:
        session.rollback()
        raise EmailTaken(str(data.get("email"))) from error
    return UserRead.model_validate(user)


