# mistake: catches only Exception and closes outside a finally, so a KeyboardInterrupt leaves the session and its connection open.
# expect: 1 connection(s) are still checked out of the pool after the unit
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
  block. Two units never share a session.
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
unit gets a session of its own, on the engine it was given.
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
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    except Exception:
        session.rollback()
        session.close()
        raise
    session.commit()
    session.close()
