# mistake: users_with_posts awaits user.awaitable_attrs.posts for each user: the given models have no AsyncAttrs, and it would be one SELECT per user anyway
# expect: user.awaitable_attrs needs the AsyncAttrs mixin

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
  `asyncio.gather`. Returns the new ids in the order of `people`.
- `users_with_posts(sessions)`: every user, ordered by id, with their posts loaded, so that
  `user.posts` can be read after the session has closed.

Every session is closed when the function that opened it returns.

The traps of async ORM code:
- An `AsyncSession` is not safe to share between tasks that run at the same time: it holds one
  connection and one transaction, and two tasks using it at once break its state (SQLAlchemy
  refuses with an error such as `IllegalStateChangeError`). Give every task its own session.
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
commit, and leaves no connection open after its block, also when the block raised; users and
posts created by `create_user` are committed (another connection sees them); `users_with_posts`
returns them as `User` objects ordered by id, with posts readable after the session closed,
using at most 3 SELECT statements for a dozen users; `create_users_concurrently` for N people stores
N rows, returns their ids in order and keeps more than one connection busy at the same time;
and no function leaves a connection checked out of the pool when it returns.
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
    engine = create_async_engine(url)
    try:
        await create_schema(engine)
        yield async_sessionmaker(engine, expire_on_commit=False)
    finally:
        await engine.dispose()


async def create_user(
    sessions: async_sessionmaker[AsyncSession],
    name: str,
    email: str,
    post_titles: Sequence[str] = (),
) -> int:
    """Insert a user with one post per title, commit, and return the user's id."""
    async with sessions() as session, session.begin():
        user = User(name=name, email=email, posts=[Post(title=title) for title in post_titles])
        session.add(user)
    # Committed when the begin() block ended; expire_on_commit=False keeps user.id readable.
    return user.id


async def create_users_concurrently(
    sessions: async_sessionmaker[AsyncSession], people: Sequence[tuple[str, str]]
) -> list[int]:
    """Insert every (name, email) at the same time, one session per task; ids in order."""
    # Each create_user call opens its own session; gather runs them together.
    ids = await asyncio.gather(*(create_user(sessions, name, email) for name, email in people))
    return list(ids)


async def users_with_posts(sessions):
    async with sessions() as session:
        users = list(await session.scalars(select(User).order_by(User.id)))
        for user in users:
            await user.awaitable_attrs.posts
        return users
