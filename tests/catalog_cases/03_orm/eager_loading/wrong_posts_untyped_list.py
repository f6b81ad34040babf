# mistake: declares posts as a bare list, so the schema keeps the Post ORM objects instead of PostRead schemas.
# expect: UserWithPosts.posts should hold PostRead schemas, got a Post

"""Users with their posts, without one query per user.

An API endpoint lists every user with their posts, as JSON:

    [{"id": 2, "name": "Ada", "posts": [{"id": 1, "title": "Notes on engines"},
                                        {"id": 4, "title": "Bernoulli numbers"}, ...]},
     {"id": 4, "name": "Ben", "posts": [{"id": 5, "title": "Sourdough"}]},
     ...
     {"id": 6, "name": "Eve", "posts": []},
     ...]

Write the schema `UserWithPosts` and `list_users_with_posts(engine)`, which reads the users and
their posts from the database and returns them as those schemas.

The obvious code is slow in a way that a test with two users never shows: select the users,
then read `user.posts` for each one, and SQLAlchemy's default lazy loading runs one more SELECT
per user, at the moment `user.posts` is first read. That is 11 queries for 10 users, 501 for a
page of 500, each one a round trip to the database: the N+1 query problem, and one of the most
common reasons an ORM-backed endpoint gets slow as its data grows. The cure is eager loading: the
query says which relationships to load along with its rows.
- `select(User).options(selectinload(User.posts))` runs a second SELECT that fetches the posts
  of all the users at once (`WHERE posts.author_id IN (...)`): two queries, however many users.
- `select(User).options(joinedload(User.posts))` fetches users and posts in one SELECT with a
  LEFT OUTER JOIN. Each user then comes back once per post, so the result must be made unique:
  `session.scalars(...).unique()`.

Rules:
- `UserWithPosts` has the fields `id`, `name` and `posts`, a list of `PostRead` (given), and is
  built from ORM objects (`from_attributes`).
- `list_users_with_posts(engine)` returns a `list[UserWithPosts]`, one per user, ordered by
  name; each user's posts come oldest first (the relationship's `order_by` does that), and a
  user without posts has `posts == []`.
- The number of SELECT statements it runs does not grow with the number of users: it is the
  same for 2 users as for 10.
- It opens its own session and closes it before returning. What it returns is plain data: no
  ORM object leaves the function, and `model_dump_json()` works after the session is gone.

Concept: lazy versus eager loading (`selectinload`, `joinedload`); the N+1 query problem;
building nested Pydantic schemas from ORM objects while the session is open.

Done when: the result is a list of `UserWithPosts` holding `PostRead` objects, with exactly the
users and posts of the database, users ordered by name, posts oldest first, `[]` for a user
without posts; the number of SELECTs is the same for 2 users as for 10; no session is left
open; and the result serialises to the same data with `model_dump_json()`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, ForeignKey, select
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    selectinload,
)


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    # order_by: whenever a user's posts are loaded, lazily or eagerly, they come oldest first.
    posts: Mapped[list[Post]] = relationship(
        back_populates="author", cascade="all, delete-orphan", order_by="Post.id"
    )


class Post(Base):
    """A post (ready to use)."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")


class PostRead(BaseModel):
    """One post, as the API shows it (ready to use)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str


class UserWithPosts(BaseModel):
    """A user with all their posts, as the API shows them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    posts: list


def list_users_with_posts(engine: Engine) -> list[UserWithPosts]:
    """Every user with their posts, ordered by name, in a fixed number of queries."""
    with Session(engine) as session:
        query = select(User).options(selectinload(User.posts)).order_by(User.name)
        users = session.scalars(query).all()
        return [UserWithPosts.model_validate(user) for user in users]
