"""One session per unit of work: commit, or roll back, and always close.

Every piece of work a service does (one web request, one background job, one command) should
run in a session of its own that ends in one of two ways: everything it changed is committed,
or none of it is. Writing that try/commit/except/rollback/finally/close by hand in every
function is how a forgotten `rollback()` or `close()` creeps in. Write it once, as a context
manager:

    with session_scope(engine) as session:
        session.add(User(name="Ada", email="ada@example.com"))
    # here the unit is over: committed, and the session closed

Rules for `session_scope(engine)`:
- Each `with session_scope(engine)` opens a new `Session` on that engine and hands it to the
  block. Two units never share a session, not even a unit opened inside another one: the
  inner unit commits on its own when its block ends, while the outer one is still running.
- When the block ends normally, the session commits.
- When an exception leaves the block, the session rolls back and that very exception goes on
  to the caller: the same object, not wrapped in another, not swallowed. That holds for every
  exception, `KeyboardInterrupt` (a `BaseException`, not an `Exception`) included. If the
  commit itself fails (a UNIQUE constraint refuses the data when it reaches the database),
  that error goes on to the caller too, and nothing of the unit is kept.
- However the unit ends, its session is closed: no connection stays checked out of the
  engine's pool, and the session holds no objects any more.
- Objects from a committed unit stay readable afterwards, with the values they had at commit:

      with session_scope(engine) as session:
          ada = User(name="Ada", email="ada@example.com")
          session.add(ada)
      print(ada.id, ada.name)  # 1 Ada

The model `User` is written for you; you write only `session_scope`.

Why it matters: a session left open keeps its connection, and a web service that leaks one per
failed request stops answering once its pool is empty. A unit that forgets to roll back, or
commits in `finally`, keeps half of a failed change. And a helper that swallows or re-wraps
the error hides the real traceback from whoever has to fix the bug.

Concept: the session is a unit of work: it collects your changes, sends them at flush and makes
them permanent at commit. By default a commit also expires every object it knows (the next read
reloads it from the database, which may have changed meanwhile), and a closed session cannot
reload anything: reading `ada.name` then raises `DetachedInstanceError`. A unit whose objects
are used after it ends opens its session with `expire_on_commit=False`. `with Session(engine)
as session, session.begin():` is SQLAlchemy's own unit of work: it commits at the end of the
block, rolls back on any exception, and closes the session.

Done when: a unit that ends normally is committed (another session sees it) and its objects are
still readable; a unit that raises, `KeyboardInterrupt` included, keeps nothing and lets the
same exception object through; a commit that fails raises its `IntegrityError` and keeps
nothing; after every unit its session is closed and no connection is checked out; and every
unit gets a session of its own, on the engine it was given, a unit inside a unit included.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The declarative base (ready to use)."""


class User(Base):
    """A user with a unique email (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255), unique=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work on `engine`: commit if the block succeeds, roll back if it raises.

    The session is closed at the end either way; the block's exception propagates unchanged.
    """
    # TODO: open a new session on `engine` whose objects stay readable after the commit.
    # TODO: yield it to the block; commit if the block ends normally.
    # TODO: on any exception (BaseException): roll back, then re-raise the same exception.
    # TODO: close the session however the unit ends.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError


class Boom(Exception):
    """An error raised inside a unit by the checks."""


def skip_fsync(dbapi_connection, _record) -> None:
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def make_engine(path):
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", skip_fsync)
    Base.metadata.create_all(engine)
    return engine


@pytest.fixture
def engine(sqlite_path):
    engine = make_engine(sqlite_path)
    yield engine
    engine.dispose()


@pytest.fixture
def ada_id(engine) -> int:
    """Ada, committed by the checks themselves before the unit under test runs."""
    with Session(engine) as session:
        ada = User(name="Ada", email="ada@example.com")
        session.add(ada)
        session.commit()
        return ada.id


def stored(engine) -> list[tuple[str, str]]:
    """(name, email) of every user, read in a new session: committed data only."""
    with Session(engine) as reader:
        return [(user.name, user.email) for user in reader.scalars(select(User).order_by(User.id))]


@contextmanager
def no_duplicate_error():
    """Around units on an empty database: a duplicate email there means the wrong database."""
    try:
        yield
    except IntegrityError as error:
        raise AssertionError(
            f"the unit's commit was refused ({error.orig}), but this unit wrote to an empty "
            "database: the session is talking to another engine (one kept from an earlier "
            "call?). Open a new session on the engine passed to session_scope, every time"
        ) from error


def assert_closed(engine, session, *objects) -> None:
    """The unit is over: no connection checked out, the session empty, its objects detached."""
    checked_out = engine.pool.checkedout()
    assert checked_out == 0, (
        f"{checked_out} connection(s) are still checked out of the pool after the unit: its "
        "transaction was never ended. Roll back on error, and close the session however the "
        "unit ends"
    )
    assert isinstance(session, Session), f"session_scope should yield a Session, got {session!r}"
    held = len(session.identity_map) + len(session.new)
    assert held == 0 and all(inspect(thing).detached for thing in objects), (
        f"after the unit its session still holds {held} object(s): it was never closed. Close "
        "it when the unit ends, whatever happened (`with Session(...)` or finally: close())"
    )


def raised_in_unit(engine, error: BaseException, work) -> tuple[BaseException | None, object]:
    """Run work(session) in a unit that then raises `error`; return what escaped and the session."""
    session = None
    try:
        with session_scope(engine) as session:
            work(session)
            raise error
    except NotImplementedError:
        raise
    except BaseException as escaped:  # KeyboardInterrupt must never escape the check itself
        return escaped, session
    return None, session


def assert_same_error(escaped, error) -> None:
    assert escaped is not None, (
        f"the {type(error).__name__} raised inside the unit was swallowed: session_scope must "
        "re-raise it after rolling back"
    )
    if type(escaped) is type(error) and escaped is not error:
        raise AssertionError(
            f"a new {type(error).__name__} reached the caller, not the one raised in the unit: "
            "re-raise the caught exception itself (a bare `raise`), which keeps its traceback"
        )
    assert escaped is error, (
        f"the unit raised {error!r}, but {escaped!r} reached the caller: re-raise the same "
        "exception (a bare `raise`), do not wrap it"
    )


def test_a_unit_that_ends_normally_is_committed(engine):
    # The docstring's first example.
    with no_duplicate_error(), session_scope(engine) as session:
        session.add(User(name="Ada", email="ada@example.com"))
    assert stored(engine) == [("Ada", "ada@example.com")], (
        "after the unit, a new session should see Ada: commit when the block ends normally"
    )
    assert_closed(engine, session)


def test_objects_stay_readable_after_the_unit(engine):
    # The docstring's second example.
    with no_duplicate_error(), session_scope(engine) as session:
        ada = User(name="Ada", email="ada@example.com")
        session.add(ada)
    try:
        seen = (ada.id, ada.name)
    except DetachedInstanceError as error:
        raise AssertionError(
            "ada.id was read after the unit and raised DetachedInstanceError: the commit expired "
            "the object and the closed session cannot reload it. Open the session with "
            "expire_on_commit=False"
        ) from error
    assert seen == (1, "Ada"), (
        f"after the unit, (ada.id, ada.name) should be (1, 'Ada'), got {seen}"
    )
    assert_closed(engine, session, ada)


def test_a_read_only_unit_returns_its_connection(engine, ada_id):
    with session_scope(engine) as session:
        ada = session.get(User, ada_id)
        names = [user.name for user in session.scalars(select(User))]
    assert names == ["Ada"]
    assert_closed(engine, session, ada)


@pytest.mark.parametrize("error", [Boom("step two failed"), KeyboardInterrupt()], ids=repr)
def test_an_error_keeps_nothing_and_reaches_the_caller_unchanged(engine, ada_id, error):
    loaded = []

    def half_done_work(session):
        ada = session.get(User, ada_id)
        ada.name = "Ada King"
        session.add(User(name="Grace", email="grace@example.com"))
        session.flush()  # both changes are in the database now, inside the transaction
        loaded.append(ada)

    escaped, session = raised_in_unit(engine, error, half_done_work)
    assert stored(engine) == [("Ada", "ada@example.com")], (
        f"after a unit that raised {error!r}, none of its changes may stay (Ada renamed, Grace "
        f"added); the database holds {stored(engine)}: roll back on every exception"
    )
    assert_same_error(escaped, error)
    assert_closed(engine, session, *loaded)


def test_a_failing_commit_raises_and_keeps_nothing(engine):
    session = None
    try:
        with session_scope(engine) as session:
            session.add(User(name="Ada", email="ada@example.com"))
            session.add(User(name="Bob", email="bob@example.com"))
            session.add(User(name="Bobby", email="bob@example.com"))  # the same email again
    except NotImplementedError:
        raise
    except IntegrityError:
        pass
    except Exception as error:
        raise AssertionError(
            f"the commit of a duplicate email should raise its IntegrityError to the caller, "
            f"{error!r} came out instead: re-raise the commit's error as it is"
        ) from error
    else:
        raise AssertionError(
            "the commit of a duplicate email failed, but no IntegrityError reached the caller: "
            "let an error of the commit propagate too"
        )
    assert stored(engine) == [], (
        f"a unit whose commit failed must keep nothing, the database holds {stored(engine)}"
    )
    assert_closed(engine, session)


def test_each_unit_gets_its_own_session(engine):
    with no_duplicate_error():
        with session_scope(engine) as first:
            first.add(User(name="Ada", email="ada@example.com"))
        with session_scope(engine) as second:
            second.add(User(name="Grace", email="grace@example.com"))
    assert first is not second, (
        "two units were given the same session object: open a new Session in every unit"
    )
    assert stored(engine) == [("Ada", "ada@example.com"), ("Grace", "grace@example.com")], (
        "each of the two units should have committed its own user"
    )


def test_a_unit_inside_another_gets_its_own_session(engine):
    with no_duplicate_error(), session_scope(engine) as outer:
        outer.add(User(name="Ada", email="ada@example.com"))
        with session_scope(engine) as inner:
            assert inner is not outer, (
                "a unit opened inside another was given the outer unit's session: every "
                "`with session_scope(engine)` opens a new Session, even inside another unit"
            )
            inner.add(User(name="Grace", email="grace@example.com"))
        during = stored(engine)
    assert during == [("Grace", "grace@example.com")], (
        "when the inner unit ended, a new session should see its Grace committed, and not yet "
        f"the outer unit's Ada; it saw {during}. The inner unit commits on its own session"
    )
    assert stored(engine) == [("Grace", "grace@example.com"), ("Ada", "ada@example.com")], (
        "when the outer unit ended, both users should be committed"
    )


def test_a_unit_works_on_the_engine_it_is_given(engine, tmp_path):
    other = make_engine(tmp_path / "other.db")
    try:
        with no_duplicate_error():
            with session_scope(engine) as session:
                session.add(User(name="Ada", email="ada@example.com"))
            with session_scope(other) as session:
                session.add(User(name="Grace", email="grace@example.com"))
        assert (stored(engine), stored(other)) == (
            [("Ada", "ada@example.com")],
            [("Grace", "grace@example.com")],
        ), "each unit must write through the engine passed to session_scope, and only there"
    finally:
        other.dispose()
