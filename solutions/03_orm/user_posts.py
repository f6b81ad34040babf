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
  user is refused (`IntegrityError`). Register the listener on the engine that `make_engine`
  creates, not on the `Engine` class: that would run the PRAGMA on every engine of the
  process, PostgreSQL ones too. This part of the task is SQLite's: PostgreSQL always enforces
  foreign keys.

Why it matters: when an account is deleted, its content must go with it (users ask for it, and
data protection laws such as the GDPR can require it), and a post that points at a user who no
longer exists breaks every page that shows its author. With the cascade, the ORM does this the
same way in every code path, instead of each one having to remember to delete the posts first.

Concept: `relationship()` with `back_populates` on both sides; the `cascade` option and
`delete-orphan`; a NOT NULL foreign key; engine events for per-connection settings.

Done when: setting `post.author` puts the post in `user.posts` and appending to `user.posts`
sets `post.author`, moving a post to another author updates both users' lists, all before any
flush; adding a user saves their posts; deleting a user deletes their posts and nobody else's;
removing a post from `user.posts` deletes it; deleting a post keeps its author and the
author's other posts; a post without an author, or whose `author_id` names no user, raises
`IntegrityError` and stores nothing; every connection of the engine, a second one at the
same time included, has foreign keys on; and an engine that `make_engine` did not make is left
as it was.
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

    @event.listens_for(engine, "connect")
    def enforce_foreign_keys(dbapi_connection, connection_record) -> None:
        # Runs once for each new DBAPI connection, before the engine uses it.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


# --- checks: these run on every save; do not edit below ---
import pytest
from sqlalchemy import create_engine, event, insert, inspect
from sqlalchemy.exc import IntegrityError, InvalidRequestError, SQLAlchemyError
from sqlalchemy.orm import Session, configure_mappers


def explained(error: BaseException, message: str) -> AssertionError:
    """An AssertionError saying `message` that keeps the lines of `error` (your code) in view."""
    return AssertionError(message).with_traceback(error.__traceback__)


def require_relationships() -> None:
    try:
        configure_mappers()
    except SQLAlchemyError as error:
        raise explained(error, f"SQLAlchemy cannot set up the models: {error}") from error
    for model, name, other in [(User, "posts", "Post.author"), (Post, "author", "User.posts")]:
        relationships = list(inspect(model).relationships.keys())
        assert name in relationships, (
            f"{model.__name__} has no relationship named {name!r} yet: declare it with "
            f"relationship(back_populates=...) naming {other}"
        )


def no_fsync(dbapi_connection, connection_record) -> None:
    # Not a lesson: skipping the fsync at each commit keeps the checks fast.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture
def bare_engine(sqlite_path):
    """make_engine's engine on a fresh database without tables."""
    engine = make_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", no_fsync)
    yield engine
    engine.dispose()


ALREADY_IN_A_TRANSACTION = (
    "make_engine's engine hands out connections that are already inside a transaction, so "
    "engine.begin() fails: a listener that runs SQL through SQLAlchemy's Connection (the "
    "'engine_connect' event) begins one on every connection handed out. Listen for 'connect' "
    "and run the PRAGMA on the DBAPI connection it is given"
)


def require_plain_transactions(engine) -> None:
    """engine.begin() works: make_engine's listener has not begun a transaction of its own."""
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
    except InvalidRequestError as error:
        raise explained(error, f"{ALREADY_IN_A_TRANSACTION} (SQLAlchemy said: {error})") from error


@pytest.fixture
def engine(bare_engine):
    require_relationships()
    require_plain_transactions(bare_engine)
    Base.metadata.create_all(bare_engine)
    return bare_engine


ADA, BOB = 1, 2
ENGINES, NOTES, BRIDGES = 1, 2, 3


@pytest.fixture
def blog(engine) -> None:
    """Ada (id 1) with the posts Engines and Notes, Bob (id 2) with Bridges, committed."""
    with engine.begin() as connection:
        connection.execute(insert(User), [{"id": ADA, "name": "Ada"}, {"id": BOB, "name": "Bob"}])
        connection.execute(
            insert(Post),
            [
                {"id": ENGINES, "title": "Engines", "author_id": ADA},
                {"id": NOTES, "title": "Notes", "author_id": ADA},
                {"id": BRIDGES, "title": "Bridges", "author_id": BOB},
            ],
        )


def post_titles(engine) -> dict[str, int | None]:
    """Every stored post's title and author id, read on a new connection: what is committed."""
    with engine.connect() as reader:
        return dict(reader.exec_driver_sql("SELECT title, author_id FROM posts").all())


def user_names(engine) -> list[str]:
    with engine.connect() as reader:
        return [name for (name,) in reader.exec_driver_sql("SELECT name FROM users ORDER BY name")]


def commit(session: Session, refused: str) -> None:
    """session.commit(), failing with the explanation `refused` if the database refuses it."""
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise explained(error, f"{refused} (the database said: {error.orig})") from error


def test_setting_post_author_adds_the_post_to_user_posts() -> None:
    require_relationships()
    ada = User(name="Ada")
    post = Post(title="Engines")
    post.author = ada
    assert post in ada.posts, (
        "after post.author = ada, ada.posts should contain the post at once (nothing has been "
        f"flushed yet), but ada.posts is {ada.posts}: give Post.author back_populates='posts' "
        "and User.posts back_populates='author'"
    )


def test_appending_to_user_posts_sets_post_author() -> None:
    require_relationships()
    ada = User(name="Ada")
    post = Post(title="Engines")
    ada.posts.append(post)
    assert post.author is ada, (
        "after ada.posts.append(post), post.author should be ada at once (nothing has been "
        f"flushed yet), but it is {post.author}: give User.posts back_populates='author' and "
        "Post.author back_populates='posts'"
    )


def test_moving_a_post_to_another_author_updates_both_lists() -> None:
    require_relationships()
    ada, bob = User(name="Ada"), User(name="Bob")
    post = Post(title="Engines", author=ada)
    post.author = bob
    assert post not in ada.posts, (
        "after post.author = bob, the post should have left ada.posts (it has one author); "
        "back_populates keeps the old author's list up to date too"
    )
    assert bob.posts == [post], (
        f"after post.author = bob, bob.posts should be [post], got {bob.posts}"
    )


def test_adding_a_user_saves_their_posts(engine) -> None:
    ada = User(name="Ada", posts=[Post(title="Engines"), Post(title="Notes")])
    with Session(engine) as session:
        session.add(ada)  # only the user: the posts must follow through the cascade
        commit(
            session,
            "the database refused a new user with two posts: each post's author_id should be "
            "filled in from the relationship",
        )
        ada_id = ada.id
    stored = post_titles(engine)
    assert sorted(stored) == ["Engines", "Notes"], (
        f"session.add(user) and a commit should save the user's posts too, found {stored}: "
        "the cascade 'all' includes save-update, which adds them to the session"
    )
    assert set(stored.values()) == {ada_id}, (
        f"each saved post's author_id should be the user's id {ada_id}, found {stored}"
    )
    with Session(engine) as session:
        titles = sorted(post.title for post in session.get(User, ada_id).posts)
    assert titles == ["Engines", "Notes"], (
        f"in a new session, user.posts should load the user's two posts, got {titles}"
    )


def test_deleting_a_user_deletes_their_posts(engine, blog) -> None:
    with Session(engine) as session:
        session.delete(session.get(User, ADA))
        try:
            session.commit()
        except IntegrityError as error:
            session.rollback()
            if "FOREIGN KEY" in str(error.orig):
                raise explained(
                    error,
                    "session.delete(user) left the user's posts to the database, which refused "
                    f"to delete a user who still has posts (it said: {error.orig}): "
                    "passive_deletes=True on User.posts means the ORM does not delete the posts "
                    "itself, so the foreign key needs ondelete='CASCADE' "
                    "(ForeignKey('users.id', ondelete='CASCADE')); or drop passive_deletes",
                ) from error
            raise explained(
                error,
                "session.delete(user) tried to keep the user's posts with author_id set to "
                "NULL: deleting a user must delete their posts, so give User.posts "
                f"cascade='all, delete-orphan' (the database said: {error.orig})",
            ) from error
    stored = post_titles(engine)
    left = [title for title in ("Engines", "Notes") if title in stored]
    assert not left, (
        f"deleting a user must delete their posts: {len(left)} posts are left ({left}): "
        "give User.posts cascade='all, delete-orphan'"
    )
    assert user_names(engine) == ["Bob"], (
        f"deleting Ada should leave exactly Bob in users, found {user_names(engine)}"
    )
    assert stored == {"Bridges": BOB}, f"deleting Ada must leave Bob's post alone, found {stored}"


def test_removing_a_post_from_user_posts_deletes_it(engine, blog) -> None:
    with Session(engine) as session:
        ada = session.get(User, ADA)
        ada.posts.remove(next(post for post in ada.posts if post.title == "Engines"))
        commit(
            session,
            "a post taken out of user.posts was kept with author_id set to NULL: a post "
            "without its author is an orphan and must be deleted, so add delete-orphan to the "
            "cascade of User.posts",
        )
    assert user_names(engine) == ["Ada", "Bob"], (
        "removing a post from user.posts deleted its author too (users left: "
        f"{user_names(engine)}): the cascade belongs on User.posts only, not on Post.author"
    )
    stored = post_titles(engine)
    assert "Engines" not in stored, (
        f"a post removed from user.posts must be deleted (it is an orphan), but it is still "
        f"stored with author_id {stored['Engines']}: add delete-orphan to the cascade of "
        "User.posts"
    )
    assert stored == {"Notes": ADA, "Bridges": BOB}, (
        f"only the removed post should be gone, found {stored}"
    )


def test_deleting_a_post_keeps_its_author(engine, blog) -> None:
    with Session(engine) as session:
        session.delete(session.get(Post, ENGINES))
        commit(
            session,
            "deleting one post changed other rows too: deleting a post must delete only that "
            "post, so the cascade belongs on User.posts (the one side), not on Post.author",
        )
    assert user_names(engine) == ["Ada", "Bob"], (
        f"deleting a post must not delete its author: users left are {user_names(engine)}. "
        "The cascade belongs on User.posts (the one side), not on Post.author"
    )
    stored = post_titles(engine)
    assert stored == {"Notes": ADA, "Bridges": BOB}, (
        f"deleting the post 'Engines' should delete that post only, found {stored}"
    )


def test_a_post_without_an_author_is_refused(engine) -> None:
    with Session(engine) as session:
        session.add(Post(title="Nobody's"))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        else:
            pytest.fail(
                "a post without an author was stored: author_id must be NOT NULL, "
                "so declare it Mapped[int], not Mapped[int | None] (or nullable=False)"
            )
    assert "Nobody's" not in post_titles(engine), "the refused post must not be stored"


def test_a_post_whose_author_does_not_exist_is_refused(engine) -> None:
    with Session(engine) as session:
        session.add(Post(title="Ghost", author_id=999))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        else:
            pytest.fail(
                "a post with author_id 999, which names no user, was stored: author_id must be "
                "a ForeignKey('users.id'), and SQLite checks it only on connections that ran "
                "PRAGMA foreign_keys = ON (make_engine's 'connect' listener)"
            )
    assert "Ghost" not in post_titles(engine), "the refused post must not be stored"


def test_every_connection_enforces_foreign_keys(bare_engine) -> None:
    require_plain_transactions(bare_engine)
    bare_engine.dispose()  # whatever connection the engine has kept, the next ones are new
    with bare_engine.connect() as first, bare_engine.connect() as second:
        settings = [
            connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            for connection in (first, second)
        ]
    first_only = " (a 'first_connect' listener runs for the first one only)"
    assert settings == [1, 1], (
        f"PRAGMA foreign_keys on two connections of the engine gives {settings}, not [1, 1]"
        f"{first_only if settings == [1, 0] else ''}: the setting lasts for one connection "
        "only, so run it on every new connection with event.listens_for(engine, 'connect')"
    )


def test_other_engines_are_left_alone(tmp_path) -> None:
    make_engine(f"sqlite:///{tmp_path / 'blog.db'}").dispose()
    other = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with other.connect() as connection:
            setting = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    finally:
        other.dispose()
    assert setting == 0, (
        "an engine that make_engine did not make has foreign keys on too: the listener is "
        "registered on the Engine class, so it runs on every engine of the process (and on a "
        "PostgreSQL engine the PRAGMA is an error). Register it on the engine make_engine "
        "creates: event.listens_for(engine, 'connect')"
    )
