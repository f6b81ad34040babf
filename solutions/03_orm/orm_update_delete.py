"""Update and delete: the happy path, the missing row and the conflict.

Write the two writes behind an account page: `update_email(engine, user_id, new_email)` and
`delete_user(engine, user_id)`. Each call is one unit of work in a session of its own: it makes
its change, commits it, and leaves no session open behind it, whatever happens.

- `update_email` sets the email of the user with that id to `new_email` exactly as given
  (validating or normalising it is another layer's job). If no user has that id it raises
  `UserNotFound`. If another user already has `new_email` it raises `EmailTaken`. Setting the
  email a user already has is not a conflict.
- `delete_user` deletes the user with that id, and only that user. If no user has that id it
  raises `UserNotFound`.
- A call that raises changes nothing in the database, and leaves no session open: the next
  call works as if the error never happened. Any other error of the database (a full disk, a
  lost connection) is no `EmailTaken` and no `UserNotFound`: it goes on to the caller as it was
  raised, and it leaves no session open either.
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
the last moment, raises `EmailTaken` and keeps the old email; a failing disk during the UPDATE
or the DELETE raises its own `OperationalError`; and after every error no session is left open
and the next call works.
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
    """Delete user `user_id` and commit; UserNotFound if there is no such user."""
    with Session(engine) as session, session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise UserNotFound(f"no user has id {user_id}")
        session.delete(user)


# --- checks: these run on every save; do not edit below ---
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import IntegrityError, OperationalError, PendingRollbackError
from sqlalchemy.orm import Session

USERS = {
    1: ("Ada Lovelace", "ada@example.com"),
    2: ("Grace Hopper", "grace@example.com"),
    3: ("Alan Turing", "alan@example.com"),
    4: ("Katherine Johnson", "katherine@example.com"),
}
MISSING = 99


def no_fsync(dbapi_connection, _record) -> None:
    # Not about surviving a power cut: skipping the fsync at each commit keeps checks fast.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database file holding USERS, made once: copying it is faster than making it again."""
    path = tmp_path_factory.mktemp("template") / "store.db"
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        session.add_all(User(id=id, name=name, email=email) for id, (name, email) in USERS.items())
    engine.dispose()
    return path


@pytest.fixture
def engine(template, sqlite_path) -> Iterator[Engine]:
    """A fresh copy of the template for each check."""
    shutil.copyfile(template, sqlite_path)
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", no_fsync)
    yield engine
    engine.dispose()


def stored(engine) -> dict[int, tuple[str, str]]:
    """Every user as a new session of the checks' own sees them: committed data only."""
    with Session(engine) as session:
        return {user.id: (user.name, user.email) for user in session.scalars(select(User))}


def raised_by(function, *args) -> Exception | None:
    """The exception function(*args) raised, or None; session errors get explained."""
    try:
        function(*args)
    except PendingRollbackError as error:
        message = (
            f"{function.__name__} used a session whose transaction had failed, without rolling "
            "it back first (PendingRollbackError). After an error, roll the session back (or "
            "close it, which rolls back) before anything else; better, use a new session for "
            "every call"
        )
        raise AssertionError(message).with_traceback(error.__traceback__) from error
    except (NotImplementedError, AssertionError):
        raise
    except Exception as error:
        return error  # kept: a session its traceback still holds shows up as left open
    return None


def assert_no_session_left_open(engine, what: str) -> None:
    connections_in_use = engine.pool.checkedout()
    assert connections_in_use == 0, (
        f"{what} left a session open (it still holds a database connection): use `with "
        "Session(engine) as session:` so that it is rolled back and closed whatever happens"
    )


def assert_raised(error, expected, what: str, advice: str) -> None:
    """Fail unless `error` is an `expected`, saying what happened instead and what to do."""
    if isinstance(error, expected):
        return
    cause = error.__cause__ or error.__context__ if error is not None else None
    if error is None:
        happened = "raised nothing"
    elif isinstance(error, IntegrityError):
        happened = f"let the database's IntegrityError escape ({error.orig})"
        advice += "; catch the IntegrityError and raise EmailTaken from it"
        if "autoflush" in str(error):
            advice += (
                ". It came out of a query: autoflush sent the UPDATE before that query ran, "
                "outside your try. Make the check before changing the attribute, or put the "
                "query inside the try"
            )
    elif isinstance(cause, expected):
        happened = (
            f"raised {type(error).__name__}: {error}, made out of the {expected.__name__} your "
            "code raised first"
        )
        advice = "catch IntegrityError alone, not every exception, and let the rest go on"
    elif isinstance(cause, IntegrityError) and "NOT NULL" in str(cause.orig):
        happened = (
            f"raised {type(error).__name__}: {error}, made out of an IntegrityError "
            f"({cause.orig}): your code INSERTed a new user, as session.merge() or "
            "session.add() do for an id that no row has"
        )
        advice = "look the user up with session.get(User, user_id) and raise if it is None"
    else:
        happened = f"raised {type(error).__name__}: {error}"
    failure = AssertionError(f"{what} should raise {expected.__name__}, but {happened}; {advice}")
    # with_traceback: the display then shows the learner's line the error came from.
    raise failure.with_traceback(error.__traceback__ if error else None)


def assert_no_error(error, what: str, advice: str = "") -> None:
    if error is not None:
        failure = AssertionError(f"{what} raised {type(error).__name__}: {error}{advice}")
        raise failure.with_traceback(error.__traceback__)


def test_update_email_changes_that_user_only_and_commits(engine) -> None:
    new_email = "Grace.Hopper@Navy.example"
    error = raised_by(update_email, engine, 2, new_email)
    assert_no_error(error, f"update_email(2, {new_email!r})")
    assert_no_session_left_open(engine, "update_email")
    after = stored(engine)
    assert after[2][1] != USERS[2][1], (
        f"a new session still reads Grace's email as {after[2][1]!r}: commit the change"
    )
    assert after[2] == ("Grace Hopper", new_email), (
        f"update_email(2, {new_email!r}) stored {after[2][1]!r}: store the email exactly as "
        "given, without stripping or lowercasing it"
    )
    assert after == {**USERS, 2: ("Grace Hopper", new_email)}, (
        "update_email should change that user's email only: every other user stays as it was"
    )


def test_keeping_the_same_email_is_not_a_conflict(engine) -> None:
    error = raised_by(update_email, engine, 3, "alan@example.com")
    assert_no_error(
        error,
        "setting Alan's email to the one he already has",
        ". It is his own email, not another user's (a check that finds *any* user with that "
        "email finds him)",
    )
    assert stored(engine) == USERS


def test_updating_a_missing_user_raises_user_not_found(engine) -> None:
    error = raised_by(update_email, engine, MISSING, "nobody@example.com")
    assert_no_session_left_open(engine, "update_email of a missing user")
    assert_raised(
        error,
        UserNotFound,
        f"update_email of id {MISSING}, which no user has,",
        "session.get(User, user_id) returns None when there is no such row; an update() "
        "that matches no row has a rowcount of 0",
    )
    assert stored(engine) == USERS, "a failed update_email must change nothing"


def test_an_email_taken_by_another_user_raises_email_taken(engine) -> None:
    error = raised_by(update_email, engine, 1, "grace@example.com")
    assert_no_session_left_open(engine, "update_email, refused,")
    assert_raised(
        error,
        EmailTaken,
        "update_email(1, 'grace@example.com'), Grace's email,",
        "the UNIQUE constraint refuses it when the session flushes",
    )
    assert stored(engine) == USERS, (
        "after a refused update_email a new session should still read every old email"
    )


def test_an_email_taken_at_the_last_moment_raises_email_taken(engine, sqlite_path) -> None:
    other_request_ran = False

    def another_request_takes_the_email(conn, cursor, statement, *_) -> None:
        nonlocal other_request_ran
        if other_request_ran or not statement.lstrip().upper().startswith("UPDATE USERS"):
            return
        other_request_ran = True
        # Another request, on its own connection, takes the email just before this UPDATE.
        with sqlite3.connect(sqlite_path, timeout=1) as other:
            other.execute(
                "INSERT INTO users (id, name, email) VALUES (5, 'Eve', 'new@example.com')"
            )
        other.close()

    event.listen(engine, "before_cursor_execute", another_request_takes_the_email)
    try:
        error = raised_by(update_email, engine, 1, "new@example.com")
    finally:
        event.remove(engine, "before_cursor_execute", another_request_takes_the_email)
    assert other_request_ran, "update_email(1, 'new@example.com') sent no UPDATE to users"
    assert_no_session_left_open(engine, "update_email, refused,")
    assert_raised(
        error,
        EmailTaken,
        "update_email(1, 'new@example.com') when another request took that email after "
        "the check and before the UPDATE",
        "a check in Python cannot see a request that runs in between; the UNIQUE constraint "
        "does, and refuses the UPDATE with an IntegrityError",
    )
    assert stored(engine) == {**USERS, 5: ("Eve", "new@example.com")}, (
        "Ada must keep her old email when the new one was taken"
    )


def test_delete_user_deletes_exactly_that_user(engine) -> None:
    error = raised_by(delete_user, engine, 3)
    assert_no_error(error, "delete_user(3)")
    assert_no_session_left_open(engine, "delete_user")
    after = stored(engine)
    assert 3 not in after, "a new session still finds Alan (id 3): commit the delete"
    assert after == {id: user for id, user in USERS.items() if id != 3}, (
        f"delete_user(3) should delete Alan only, but {len(USERS) - len(after)} users are gone"
    )


def test_deleting_a_missing_user_raises_user_not_found(engine) -> None:
    error = raised_by(delete_user, engine, MISSING)
    assert_no_session_left_open(engine, "delete_user of a missing user")
    assert_raised(
        error,
        UserNotFound,
        f"delete_user of id {MISSING}, which no user has,",
        "session.get(User, user_id) returns None when there is no such row; a delete() "
        "that matches no row has a rowcount of 0",
    )
    assert stored(engine) == USERS, "a failed delete_user must change nothing"


def test_deleting_the_same_user_twice_raises_the_second_time(engine) -> None:
    assert_no_error(raised_by(delete_user, engine, 4), "delete_user(4), the first time,")
    error = raised_by(delete_user, engine, 4)
    assert_raised(error, UserNotFound, "deleting user 4 a second time", "it is gone")
    error = raised_by(update_email, engine, 4, "kj@example.com")
    assert_raised(error, UserNotFound, "update_email of the deleted user 4", "it is gone")


@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
def test_a_failing_disk_raises_its_own_error_and_leaves_no_session_open(engine, statement):
    def disk_fails(connection, cursor, sql, parameters, context, many) -> None:
        if sql.lstrip().upper().startswith(statement):
            raise OperationalError(sql, parameters, sqlite3.OperationalError("disk I/O error"))

    function, args = (update_email, (1, "ada@lovelace.example"))
    if statement == "DELETE":
        function, args = (delete_user, (1,))
    event.listen(engine, "before_cursor_execute", disk_fails)
    try:
        error = raised_by(function, engine, *args)  # kept, with any session it still holds
    finally:
        event.remove(engine, "before_cursor_execute", disk_fails)
    call = f"{function.__name__}{args}"
    assert_no_session_left_open(engine, f"{call}, when its {statement} failed,")
    if not isinstance(error, OperationalError):
        happened = "raised nothing" if error is None else f"raised {error!r}"
        raise AssertionError(
            f"the {statement} of {call} failed with OperationalError (disk I/O error), which "
            f"should reach the caller as it was raised, but {call} {happened}: catch "
            "IntegrityError alone"
        ) from error
    assert stored(engine) == USERS, f"{call} failed and must change nothing"


def test_every_call_works_after_every_kind_of_error(engine, sqlite_path) -> None:
    for function, args in [
        (update_email, (MISSING, "nobody@example.com")),
        (update_email, (1, "alan@example.com")),
        (delete_user, (MISSING,)),
    ]:
        error = raised_by(function, engine, *args)  # kept, with any session it still holds
        assert error is not None, f"{function.__name__}{args} should have raised"
        assert_no_session_left_open(engine, f"{function.__name__}{args}, refused,")
    other = sqlite3.connect(sqlite_path, timeout=0)
    try:
        with other:
            other.execute("UPDATE users SET name = 'Katherine G. Johnson' WHERE id = 4")
    except sqlite3.OperationalError as locked:
        raise AssertionError(
            "after the refused calls, another connection cannot write (the database is "
            "locked): a transaction of your code is still open. Roll back on every error"
        ) from locked
    finally:
        other.close()
    error = raised_by(update_email, engine, 1, "ada@lovelace.example")
    assert_no_error(error, "after the errors, update_email(1, 'ada@lovelace.example')")
    assert_no_error(raised_by(delete_user, engine, 2), "after the errors, delete_user(2)")
    assert stored(engine) == {
        1: ("Ada Lovelace", "ada@lovelace.example"),
        3: ("Alan Turing", "alan@example.com"),
        4: ("Katherine G. Johnson", "katherine@example.com"),
    }, "only the calls that succeeded should have changed anything"
