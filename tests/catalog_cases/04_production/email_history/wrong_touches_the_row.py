# mistake: on an unchanged email, "refreshes" the current row with an UPDATE to the same value
# expect: PostgreSQL wrote a new version of the row (its xmin changed)

"""Email history: every address a user ever had, and which one was valid when.

The situation: a customer says the password-reset email that let someone into her account
went to an address she had removed weeks before. Support wants to know which address was on
file on 3 March at 14:05, and nobody can tell: `users.email` is overwritten on every change, so
the database only knows today's address. Compliance now requires an audit trail: each change of
an email is kept as a new row, numbered, with the moment it took effect, and no row of that
history is ever changed or deleted.

The table is `email_history(id, user_id, version, email, valid_from)` (the `EmailVersion`
model, given, with `add_user` to create users). All times are timezone-aware datetimes, passed
in by the caller. Write three functions:

- `change_email(engine, user_id, email, at) -> int` records that the user's email became
  `email` at the moment `at`, and returns the new version number: 1 for the user's first
  email, then 2, 3, ..., counted per user. It adds a row and commits; it never updates or
  deletes a row of the history. Two cases are not new versions:
  - `email` is the user's current email: nothing changes, nothing is written, and the current
    version number is returned (saving a profile form without touching it is not a change).
    Going back to an older address is a change, a new version.
  - `at` is not later than the moment of the user's latest version: `ValueError`, and nothing
    is written. History only grows forward; a mistake is corrected by a new version.
- `current_email(engine, user_id) -> str | None`: the email of the user's latest version, or
  None if the user has none.
- `email_as_of(engine, user_id, at) -> str | None`: the email that was valid at the moment
  `at`: that of the latest version whose `valid_from` is at or before `at`. A change counts
  from its exact moment on. Before the user's first version, and for a user without one, it is
  None. The same moment written in another time zone gives the same answer.

Concept: versioned rows. Instead of one value that each change overwrites, every value is a row
with the time from which it is valid, and rows are only ever added. The current value is the
latest row; the value at any moment is the latest row at or before it. Because nothing is
rewritten, the history can be trusted as evidence, can be replayed, and answers questions
nobody thought of when the data was written. (In production you would also take away UPDATE
and DELETE on the table from the application's database user, so that the rule does not
depend on every line of code obeying it.)

How the checks see that history is never rewritten: PostgreSQL gives every row version a
hidden `xmin` column, the transaction that wrote it. An UPDATE, even one that sets a value
to what it already was, writes a new row version with a new `xmin`. The checks note every
row's id, values and `xmin` before each change and compare them afterwards.

Done when: versions are numbered 1, 2, 3 for each user separately and are committed;
`current_email` gives the latest address; `email_as_of` gives the address valid at a moment,
exactly at a change included, and None before the first one; setting the current email again
writes nothing; a change dated before the latest version is refused; and no history row is ever
updated or deleted.
"""

from __future__ import annotations

from sqlalchemy import update

from datetime import datetime

from sqlalchemy import DateTime, Engine, ForeignKey, UniqueConstraint, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """A customer (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class EmailVersion(Base):
    """One email of one user, valid from `valid_from` to their next version (ready to use)."""

    __tablename__ = "email_history"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int]
    email: Mapped[str]
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_schema(engine: Engine) -> None:
    """Create both tables (ready to use)."""
    Base.metadata.create_all(engine)


def add_user(engine: Engine, name: str) -> int:
    """Insert a user without any email and return its id (ready to use)."""
    with Session(engine) as session, session.begin():
        user = User(name=name)
        session.add(user)
        session.flush()
        return user.id


def change_email(engine: Engine, user_id: int, email: str, at: datetime) -> int:
    with Session(engine) as session, session.begin():
        latest = session.scalars(
            select(EmailVersion)
            .where(EmailVersion.user_id == user_id)
            .order_by(EmailVersion.version.desc())
            .limit(1)
        ).first()
        if latest is not None and latest.email == email:
            session.execute(
                update(EmailVersion).where(EmailVersion.id == latest.id).values(email=email)
            )
            return latest.version
        if latest is not None and at <= latest.valid_from:
            raise ValueError("history only grows forward")
        version = 1 if latest is None else latest.version + 1
        session.add(EmailVersion(user_id=user_id, version=version, email=email, valid_from=at))
        return version


def current_email(engine: Engine, user_id: int) -> str | None:
    """The user's email now (their latest version), or None."""
    with Session(engine) as session:
        return session.scalars(
            select(EmailVersion.email)
            .where(EmailVersion.user_id == user_id)
            .order_by(EmailVersion.version.desc())
            .limit(1)
        ).first()


def email_as_of(engine: Engine, user_id: int, at: datetime) -> str | None:
    """The user's email at the moment `at`, or None if they had none yet."""
    with Session(engine) as session:
        return session.scalars(
            select(EmailVersion.email)
            .where(EmailVersion.user_id == user_id, EmailVersion.valid_from <= at)
            .order_by(EmailVersion.valid_from.desc())
            .limit(1)
        ).first()
