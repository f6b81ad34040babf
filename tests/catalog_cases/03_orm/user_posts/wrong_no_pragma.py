# mistake: no foreign key pragma
# expect: which names no user, was stored
# expect: the setting lasts for one connection only

"""Users and their posts: a one-to-many relationship.

A blog has users, and every post is written by one user. In the database that is a foreign
key: `posts.author_id` holds the id of a row of `users`. In Python you want more than an id:
`user.posts`, the list of a user's posts, and `post.author`, the `User` who wrote it, kept in
step with each other and with the foreign key by SQLAlchemy.

Finish the two models and the engine factory below:

- `Post.author_id`: a foreign key to `users.id` that may not be NULL. Every post has an author:
  the database refuses a post without one (`IntegrityError`).
- `User.posts` and `Post.author`: the two sides of one relationship, each naming the other with
  `back_populates`. Then a change made on either side shows on the other at once, in memory,
  before anything is flushed to the database.
- `User.posts` cascades `"all, delete-orphan"`: adding a user to a session adds their posts,
  `session.delete(user)` deletes their posts too, and a post taken out of `user.posts` is
  deleted (a post without an author has no reason to exist). Deleting a post deletes only
  that post, never its author.
- `make_engine(url)`: SQLite enforces foreign keys only on a connection that has run
  `PRAGMA foreign_keys = ON`, and the setting lasts as long as that one connection. The
  engine opens connections as it needs them, so make it run the PRAGMA on every connection it
  opens: a listener for the engine's "connect" event. Then a post whose `author_id` names no
  user is refused (`IntegrityError`). This part of the task is SQLite's: PostgreSQL always
  enforces foreign keys.

Why it matters: when an account is deleted, its content must go with it (users ask for it, and
data protection laws such as the GDPR require it), and a post that points at a user who no
longer exists breaks every page that shows its author. With the cascade, the ORM does this the
same way in every code path, instead of each one having to remember to delete the posts first.

Concept: `relationship()` with `back_populates` on both sides; the `cascade` option and
`delete-orphan`; a NOT NULL foreign key; engine events for per-connection settings.

Done when: setting `post.author` puts the post in `user.posts` and appending to `user.posts`
sets `post.author`, moving a post to another author updates both users' lists, all before any
flush; adding a user saves their posts; deleting a user deletes their posts and nobody else's;
removing a post from `user.posts` deletes it; deleting a post keeps its author and the
author's other posts; a post without an author, or whose `author_id` names no user, raises
`IntegrityError` and stores nothing; and every connection of the engine, a second one at the
same time included, has foreign keys on.
"""

from __future__ import annotations

from sqlalchemy import Engine, ForeignKey, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    # "all" includes save-update and delete; "delete-orphan" also deletes a post that is taken
    # out of the list, since it would be left without an author.
    posts: Mapped[list[Post]] = relationship(back_populates="author", cascade="all, delete-orphan")


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    # Mapped[int], not Mapped[int | None]: the column is NOT NULL.
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")


def make_engine(url: str) -> Engine:
    """An engine whose SQLite connections all enforce foreign keys."""
    engine = create_engine(url)


    return engine
