"""Async SQLAlchemy: many inserts at once, and no lazy loading.

An async web service (FastAPI, aiohttp, ...) serves many requests in one thread: while one
request waits for the database, the event loop runs the others. That works only if every
database call is awaited, through an async driver (asyncpg here). SQLAlchemy's asyncio extension
gives you the same ORM with `await`: `create_async_engine`, `async_sessionmaker`, `AsyncSession`.
Finish four pieces over the `User` and `Post` models (ready to use):

- `database(url)`: an async context manager. It creates an async engine for `url` (a
  `postgresql+asyncpg://` URL), creates the tables with `create_schema(engine)` (ready to use),
  and yields an `async_sessionmaker` bound to the engine, made with `expire_on_commit=False`
  so that objects stay readable after a commit. When the block ends, normally or with an
  exception (which must go on to the caller), it disposes of the engine (`await
  engine.dispose()`), which closes the engine's pooled connections.
- `create_user(sessions, name, email, post_titles=())`: in one session, adds a user with one
  post per title, commits, and returns the new user's id.
- `create_users_concurrently(sessions, people)`: inserts every `(name, email)` of `people` at
  the same time: one task per person, each with its own session, run together with
  `asyncio.gather`. Returns the new ids in the order of `people`. Every email in `people` is
  new, so every insert succeeds (what to do when one fails, cancel the others or let them
  finish, is a choice this drill leaves out).
- `users_with_posts(sessions)`: every user, ordered by id, with their posts loaded, so that
  `user.posts` can be read after the session has closed.

Every session is closed when the function that opened it returns.

The traps of async ORM code:
- An `AsyncSession` is not safe to share between tasks that run at the same time: it holds one
  connection and one transaction, and two tasks using it at once break its state (SQLAlchemy
  or the driver refuses, with an error such as SQLAlchemy's `IllegalStateChangeError` or
  asyncpg's `InterfaceError: ... another operation is in progress`). Give every task its own
  session.
- `await` inside a `for` loop runs one insert after the other, exactly like synchronous code.
  `asyncio.gather(*coroutines)` runs them together and returns their results in order.
- A lazy load is a hidden database call made when you read an attribute, and async code cannot
  make a call it does not await: reading an unloaded `user.posts` inside the session raises
  `MissingGreenlet`, after it `DetachedInstanceError`. Load what you need in the query:
  `select(User).options(selectinload(User.posts))`. Attributes expired by a commit are the
  same trap: with the default `expire_on_commit=True`, reading `user.id` after `commit()`
  raises `MissingGreenlet`.

Concept: the asyncio ORM: async engine and sessions, a session per task, concurrency with
`gather`, eager loading instead of lazy loading.

Done when: `database()` creates the tables, yields sessions whose objects stay readable after a
commit, and disposes of its engine after its block, leaving no connection open, also when the
block raised; users and posts created by `create_user` are committed (another connection sees
them); `users_with_posts` returns them as `User` objects ordered by id, with posts readable
after the session closed, using at most 3 SELECT statements for a dozen users;
`create_users_concurrently` for N people stores N rows, returns their ids in order and keeps
more than one connection busy at the same time; and no function leaves a session unclosed or
a connection checked out of the pool when it returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user and their posts (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    posts: Mapped[list[Post]] = relationship(
        back_populates="author", cascade="all, delete-orphan", order_by="Post.id"
    )


class Post(Base):
    """A post written by one user (ready to use)."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[User] = relationship(back_populates="posts")


async def create_schema(engine: AsyncEngine) -> None:
    """Create the tables unless they exist (ready to use)."""
    # Table creation is synchronous code inside SQLAlchemy; run_sync runs it on the async
    # connection.
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)


@asynccontextmanager
async def database(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Yield a session factory for the database at `url`; dispose of the engine afterwards."""
    # TODO: create the async engine for url.
    # TODO: then, in a try/finally: create the tables (await create_schema(engine)) and yield
    #       an async_sessionmaker bound to the engine, with expire_on_commit=False; in the
    #       finally, dispose of the engine (await engine.dispose()).
    raise NotImplementedError("database is still a TODO")
    yield  # a `yield` makes this function a generator, which @asynccontextmanager needs


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    name: str,
    email: str,
    post_titles: Sequence[str] = (),
) -> int:
    """Insert a user with one post per title, commit, and return the user's id."""
    # TODO: open a session of your own (`async with sessions() as session`), add a User whose
    #       posts are one Post per title, and commit (await it).
    # TODO: return the new user's id.
    raise NotImplementedError("create_user is still a TODO")


async def create_users_concurrently(
    sessions: async_sessionmaker[AsyncSession], people: Sequence[tuple[str, str]]
) -> list[int]:
    """Insert every (name, email) at the same time, one session per task; ids in order."""
    # TODO: make one coroutine per person, each inserting that person in a session of its own
    #       (create_user does), and run them all at once with asyncio.gather.
    # TODO: return the ids as a list, in the order of people.
    raise NotImplementedError("create_users_concurrently is still a TODO")


async def users_with_posts(sessions: async_sessionmaker[AsyncSession]) -> list[User]:
    """Every user ordered by id, posts loaded, readable after the session closed."""
    # TODO: in a session, select every user ordered by id, with an option that loads their
    #       posts in the same go (no lazy loading), and return the users as a list.
    raise NotImplementedError("users_with_posts is still a TODO")


# --- checks: these run on every save; do not edit below ---
import asyncio
import time
from collections.abc import Iterator

import psycopg2
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IllegalStateChangeError, InvalidRequestError, MissingGreenlet
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError
from sqlalchemy.pool import Pool

EXPIRED = (
    "{what} raised MissingGreenlet: reading an attribute needed a database call that nothing "
    "awaited. After a commit the session expires its objects, unless the sessionmaker was "
    "made with expire_on_commit=False, and reading user.id then needs the database again"
)


class ConnectionsInUse:
    """Counts the connections checked out of SQLAlchemy's pools: now, and the most at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0

    def checked_out(self, *args: object) -> None:
        self.now += 1
        self.most = max(self.most, self.now)

    def checked_in(self, *args: object) -> None:
        self.now -= 1


class SelectsOnUsersAndPosts:
    """Counts the SELECT statements on users or posts that any engine sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, connection, cursor, statement, parameters, context, executemany) -> None:
        text = statement.lstrip().lower()
        if text.startswith("select") and ("users" in text or "posts" in text):
            self.count += 1


@pytest.fixture
def async_url(pg_url: str) -> str:
    return pg_url.replace("postgresql+psycopg2://", "postgresql+asyncpg://", 1)


@pytest.fixture
def reader(pg_dsn: str) -> Iterator[psycopg2.extensions.connection]:
    """The checks' own connection (psycopg2, autocommit): it sees committed data only."""
    connection = psycopg2.connect(pg_dsn)
    connection.autocommit = True
    yield connection
    connection.close()


@pytest.fixture
def in_use() -> Iterator[ConnectionsInUse]:
    counter = ConnectionsInUse()
    event.listen(Pool, "checkout", counter.checked_out)
    event.listen(Pool, "checkin", counter.checked_in)
    yield counter
    event.remove(Pool, "checkout", counter.checked_out)
    event.remove(Pool, "checkin", counter.checked_in)


class SessionsAndEngines:
    """Records the sessions that began a transaction and whether each was closed since, and
    the engines disposed of: seen from outside, by any code."""

    def __init__(self) -> None:
        self.open: dict[int, tuple[Session, bool]] = {}  # keeps every session alive
        self.disposed: list[Engine] = []

    def began(self, session, transaction, connection) -> None:
        self.open[id(session)] = (session, True)

    def closed(self, session) -> None:
        self.open[id(session)] = (session, False)

    def left_open(self) -> int:
        return sum(still_open for _, still_open in self.open.values())


@pytest.fixture
def spy(monkeypatch) -> Iterator[SessionsAndEngines]:
    record = SessionsAndEngines()
    close, dispose = Session.close, Engine.dispose  # an AsyncSession and an AsyncEngine call them

    def spied_close(session) -> None:
        record.closed(session)
        close(session)

    def spied_dispose(engine, *args, **kwargs) -> None:
        record.disposed.append(engine)
        dispose(engine, *args, **kwargs)

    monkeypatch.setattr(Session, "close", spied_close)
    monkeypatch.setattr(Engine, "dispose", spied_dispose)
    event.listen(Session, "after_begin", record.began)
    yield record
    event.remove(Session, "after_begin", record.began)


NOT_DISPOSED = (
    "{when}, database() had not disposed of its engine: `await engine.dispose()` in a "
    "`finally:` around the yield (awaited: without await the coroutine never runs). It closes "
    "the engine's pooled connections, and an engine you made is yours to dispose of, whatever "
    "its pool"
)


def assert_sessions_closed(spy: SessionsAndEngines, what: str) -> None:
    left = spy.left_open()
    assert left == 0, (
        f"{what} returned without closing {left} session(s) it opened: after a commit a "
        "session holds no connection, but it still holds its objects and goes on living. "
        "Close every session, `async with sessions() as session:` does it on the way out"
    )


@pytest.fixture
def selects() -> Iterator[SelectsOnUsersAndPosts]:
    counter = SelectsOnUsersAndPosts()
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


def query(reader, sql: str, *params: object) -> list[tuple]:
    with reader.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def open_connections(reader) -> int:
    """Client connections to this test's database, other than the checks' own."""
    # The server ends a backend a moment after its client has closed the connection.
    deadline = time.monotonic() + 1.0
    while True:
        [(count,)] = query(
            reader,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        )
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(0.005)


def assert_tables_exist(reader) -> None:
    tables = {name for (name,) in query(reader, "SELECT tablename FROM pg_tables")}
    missing = {"users", "posts"} - tables
    assert missing == set(), (
        "inside the `async with database(...)` block the tables users and posts should exist: "
        "create them (await create_schema(engine)) before the yield"
    )


async def create(sessions, in_use: ConnectionsInUse, spy: SessionsAndEngines, *args) -> int:
    try:
        user_id = await create_user(sessions, *args)
    except MissingGreenlet as error:
        raise AssertionError(EXPIRED.format(what="create_user")) from error
    still_in_use = in_use.now
    assert still_in_use == 0, (
        "create_user returned with its session still holding a connection: close the session "
        "(`async with sessions() as session:`)"
    )
    assert_sessions_closed(spy, "create_user")
    return user_id


async def fetch(sessions, in_use: ConnectionsInUse, spy: SessionsAndEngines) -> list:
    try:
        users = await users_with_posts(sessions)
    except MissingGreenlet as error:
        raise AssertionError(
            "users_with_posts raised MissingGreenlet: reading user.posts inside the session "
            "started a lazy load, a database call that nothing awaited. Load the posts in the "
            "query: select(User).options(selectinload(User.posts))"
        ) from error
    except InvalidRequestError as error:
        if "unique()" not in str(error):
            raise
        raise AssertionError(
            "with joinedload(User.posts) each user comes back once per post, and SQLAlchemy "
            "refuses to guess: call .unique() on the result before taking the users "
            "((await session.scalars(query)).unique().all()), or use selectinload"
        ) from error
    except AttributeError as error:
        if "awaitable_attrs" not in str(error):
            raise
        raise AssertionError(
            "user.awaitable_attrs needs the AsyncAttrs mixin on Base, and even with it, "
            "awaiting each user's posts runs one SELECT per user (N+1). Load the posts in the "
            "query: select(User).options(selectinload(User.posts))"
        ) from error
    still_in_use = in_use.now
    assert still_in_use == 0, (
        "users_with_posts returned with its session still open, holding a connection: close "
        "it (`async with sessions() as session:`)"
    )
    assert_sessions_closed(spy, "users_with_posts")
    assert isinstance(users, list) and all(isinstance(user, User) for user in users), (
        f"users_with_posts should return a list of User objects, got {users!r}"
    )
    return users


def post_titles(user) -> list[str]:
    """user.posts, read by the checks after users_with_posts has returned."""
    try:
        return [post.title for post in user.posts]
    except (DetachedInstanceError, MissingGreenlet) as error:
        raise AssertionError(
            f"reading user.posts after users_with_posts returned raised {type(error).__name__}: "
            "the posts were not loaded with the user, and loading them now would need the "
            "closed session and a database call that nothing awaits. Load them in the query: "
            "select(User).options(selectinload(User.posts))"
        ) from error


def test_database_creates_the_tables_and_disposes_of_the_engine_even_after_an_error(
    async_url: str, reader, spy
) -> None:
    class ErrorInTheBlock(Exception):
        pass

    async def scenario() -> None:
        try:
            async with database(async_url) as sessions:
                assert_tables_exist(reader)
                async with sessions() as session:
                    user = User(name="Ada", email="ada@example.com")
                    session.add(user)
                    await session.commit()
                    try:
                        name_after_commit = user.name
                    except MissingGreenlet as error:
                        raise AssertionError(
                            "reading user.name after commit() raised MissingGreenlet: make the "
                            "sessionmaker with expire_on_commit=False, so that a commit does "
                            "not expire the objects"
                        ) from error
                    assert name_after_commit == "Ada"
                raise ErrorInTheBlock
        except ErrorInTheBlock:
            pass
        else:
            raise AssertionError(
                "database() swallowed the exception raised inside its block: the caller must "
                "get it (dispose of the engine in a `finally:`, without catching the exception)"
            )
        left = open_connections(reader)
        assert spy.disposed, NOT_DISPOSED.format(
            when=f"after a block that raised an exception ({left} connection(s) still open)"
        )
        assert left == 0, (
            f"after a block that raised an exception, {left} connection(s) to the database are "
            "still open: dispose of the engine (await engine.dispose()) in a `finally:` around "
            "the yield, so that it also happens when the block fails"
        )

    asyncio.run(scenario())


def test_users_come_back_with_their_posts_in_a_fixed_number_of_selects(
    async_url: str, reader, in_use, selects, spy
) -> None:
    # Ten users with two posts each, written by the checks in this order of ids, so that the
    # table itself is not in id order.
    shuffled = [107, 103, 110, 101, 109, 104, 106, 102, 108, 105]

    async def scenario() -> tuple[int, int, list, int, int]:
        async with database(async_url) as sessions:
            assert_tables_exist(reader)
            query(
                reader,
                "INSERT INTO users (id, name, email) "
                "SELECT id, 'User ' || id, 'user' || id || '@example.com' FROM unnest(%s) AS id",
                shuffled,
            )
            query(
                reader,
                "INSERT INTO posts (user_id, title) "
                "SELECT id, 'Post ' || n || ' of user ' || id "
                "FROM generate_series(1, 2) AS n, unnest(%s) AS id ORDER BY n",
                shuffled,
            )
            ada = await create(
                sessions,
                in_use,
                spy,
                "Ada",
                "ada@example.com",
                ["Notes on the engine", "Diagrams"],
            )
            grace = await create(sessions, in_use, spy, "Grace", "grace@example.com")
            selects.count = 0
            users = await fetch(sessions, in_use, spy)
            select_count = selects.count
        # Counted while `sessions` still holds the engine, so that nothing but dispose() can
        # have closed its connections.
        return ada, grace, users, select_count, open_connections(reader)

    ada, grace, users, select_count, left = asyncio.run(scenario())
    assert isinstance(ada, int) and isinstance(grace, int) and ada != grace, (
        f"create_user returned {ada!r} and {grace!r}; it should return each new user's id"
    )
    assert query(reader, "SELECT id, name, email FROM users WHERE id IN (%s, %s)", ada, grace) == [
        (ada, "Ada", "ada@example.com"),
        (grace, "Grace", "grace@example.com"),
    ], "another connection should see Ada and Grace: create_user must commit"
    assert query(reader, "SELECT title FROM posts WHERE user_id = %s ORDER BY id", ada) == [
        ("Notes on the engine",),
        ("Diagrams",),
    ], "another connection should see Ada's two posts, committed with her"
    assert select_count <= 3, (
        f"users_with_posts sent {select_count} SELECT statements for 12 users: a query per "
        "user for their posts is the N+1 problem. Load every user's posts in one go: "
        "select(User).options(selectinload(User.posts))"
    )
    expected = {
        ada: ("Ada", "ada@example.com", ["Notes on the engine", "Diagrams"]),
        grace: ("Grace", "grace@example.com", []),
    } | {
        user_id: (
            f"User {user_id}",
            f"user{user_id}@example.com",
            [f"Post 1 of user {user_id}", f"Post 2 of user {user_id}"],
        )
        for user_id in shuffled
    }
    returned = [user.id for user in users]
    assert returned == sorted(expected), (
        f"users_with_posts returned the users {returned}: it should return all 12, ordered by "
        "id (.order_by(User.id))"
    )
    for user in users:
        name, email, titles = expected[user.id]
        assert (user.name, user.email) == (name, email), (
            f"user {user.id} came back as {user.name!r} <{user.email}>, not {name!r} <{email}>"
        )
        assert post_titles(user) == titles, (
            f"user {user.id} should come with their own posts, in the order they were written"
        )
    assert spy.disposed, NOT_DISPOSED.format(when="when the `async with database(...)` block ended")
    assert left == 0, (
        f"after the `async with database(...)` block, {left} connection(s) to the database are "
        "still open: dispose of the engine when the block ends (await engine.dispose())"
    )


def is_concurrent_use(error: Exception) -> bool:
    """Whether SQLAlchemy or asyncpg refused a session or connection used by two tasks at once."""
    message = str(error)
    return (
        isinstance(error, IllegalStateChangeError)
        or (
            isinstance(error, InvalidRequestError)
            and ("concurrent operations" in message or "already flushing" in message)
        )
        or (isinstance(error, DBAPIError) and "another operation is in progress" in message)
    )


def test_concurrent_inserts_run_at_the_same_time_each_in_its_own_session(
    async_url: str, reader, in_use, spy
) -> None:
    people = [(f"Person {number}", f"person{number}@example.com") for number in range(4)]

    async def scenario() -> tuple[list[int], int]:
        async with database(async_url) as sessions:
            assert_tables_exist(reader)
            # The first person's insert waits (a trigger of the checks') until the three others
            # are committed, for half a second at most, so that it finishes last when the inserts
            # run together: the ids must still come back in the order of people.
            query(
                reader,
                "CREATE FUNCTION first_person_last() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "DECLARE deadline timestamptz := clock_timestamp() + interval '0.5 seconds'; "
                "BEGIN IF NEW.email = 'person0@example.com' THEN "
                "WHILE (SELECT count(*) FROM users) < 3 AND clock_timestamp() < deadline LOOP "
                "PERFORM pg_sleep(0.005); END LOOP; END IF; "
                "RETURN NEW; END $$; "
                "CREATE TRIGGER first_person_last BEFORE INSERT ON users "
                "FOR EACH ROW EXECUTE FUNCTION first_person_last()",
            )
            try:
                ids = await create_users_concurrently(sessions, people)
            except MissingGreenlet as error:
                raise AssertionError(EXPIRED.format(what="create_users_concurrently")) from error
            except Exception as error:
                if is_concurrent_use(error):
                    raise AssertionError(
                        "create_users_concurrently used one session (or connection) in several "
                        "tasks at once, and SQLAlchemy or the driver refused it "
                        f"({type(error).__name__}: {str(error).splitlines()[0]}): an "
                        "AsyncSession is not safe for concurrent tasks. Give every task its own "
                        "session (`async with sessions() as session:` inside the task)"
                    ) from error
                raise
            assert_sessions_closed(spy, "create_users_concurrently")
            return ids, in_use.now

    ids, still_in_use = asyncio.run(scenario())
    stored = query(reader, "SELECT id, name, email FROM users")
    assert len(stored) == len(people), (
        f"{len(people)} concurrent inserts should store {len(people)} users, another connection "
        f"sees {len(stored)}: each task must commit its own session"
    )
    by_id = {user_id: (name, email) for user_id, name, email in stored}
    assert [by_id.get(user_id) for user_id in ids] == people, (
        f"create_users_concurrently returned {ids!r}: it should return the new ids in the order "
        "of people (asyncio.gather keeps that order)"
    )
    most_at_once = in_use.most
    assert most_at_once >= 2, (
        "the inserts ran one after the other: never was more than one connection in use at a "
        "time. Start them all, one task per person with its own session, and await them "
        "together with asyncio.gather (awaiting each in a loop, or sharing one session, runs "
        "them one at a time)"
    )
    assert still_in_use == 0, (
        f"{still_in_use} connection(s) were still checked out after create_users_concurrently "
        "returned: close every task's session"
    )
