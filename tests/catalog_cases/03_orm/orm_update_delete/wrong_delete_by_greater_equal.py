# mistake: deletes WHERE id >= user_id.
# expect: delete_user(3) should delete Alan only, but 2 users are gone
"""Update and delete: the happy path, the missing row and the conflict.

Write the two writes behind an account page: `update_email(engine, user_id, new_email)` and
`delete_user(engine, user_id)`. Each call is one unit of work: it opens its own session, makes
its change, commits, and closes the session.

- `update_email` sets the email of the user with that id. If no user has that id it raises
  `UserNotFound`. If another user already has `new_email` it raises `EmailTaken`. Setting the
  email a user already has is not a conflict.
- `delete_user` deletes the user with that id, and only that user. If no user has that id it
  raises `UserNotFound`.
- A call that raises changes nothing in the database, and leaves no session open: the next
  call works as if the error never happened.
- The email is unique in the database (`User` is given). `EmailTaken` must also come when
  another request takes the email at the last moment, after any check your code made and
  before its UPDATE: the checks make that happen.

Why: these are the error paths every API has (404 Not Found, 409 Conflict), and they are where
sessions go wrong. SQL does not treat "no such row" as an error, so your code has to notice
it. A conflict shows up as an `IntegrityError` when the session flushes (often at commit);
after it, the session's transaction is dead, and a session that is used again before it is
rolled back raises `PendingRollbackError`. A check in Python ("is this email free?") reads
nicely but does not settle anything: two requests can both see the email free, and only the
database's UNIQUE constraint refuses the second one. So catch the `IntegrityError`, roll back
(closing the session rolls back too), and raise the exception your callers understand.

Concept: `session.get` for one row by primary key (None if there is none), changing an
attribute and committing (or an `update()` / `delete()` statement and its `rowcount`),
`session.delete`, catching `IntegrityError`, rollback, and a session per call that is always
closed.

Done when: an update and a delete are committed (a new session sees them) and touch only that
user; a missing id raises `UserNotFound` and changes nothing; a taken email, even one taken at
the last moment, raises `EmailTaken` and keeps the old email; and after every error no session
is left open and the next call works.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(unique=True)


class UserNotFound(Exception):
    """No user has the given id."""


class EmailTaken(Exception):
    """Another user already has that email."""


def update_email(engine: Engine, user_id: int, new_email: str) -> None:
    """Set the email of user `user_id` and commit; UserNotFound or EmailTaken change nothing."""
    try:
        # Session.begin() commits when the block ends, and rolls back if an exception leaves it.
        with Session(engine) as session, session.begin():
            user = session.get(User, user_id)
            if user is None:
                raise UserNotFound(f"no user has id {user_id}")
            user.email = new_email
    except IntegrityError as error:
        # The UNIQUE constraint refused the UPDATE at commit; the session is rolled back and
        # closed by now, so nothing of the failed change is left.
        raise EmailTaken(f"another user already has the email {new_email!r}") from error


def delete_user(engine: Engine, user_id: int) -> None:
    with Session(engine) as session, session.begin():
        result = session.execute(delete(User).where(User.id >= user_id))
        if result.rowcount == 0:
            raise UserNotFound(user_id)


from sqlalchemy import delete
