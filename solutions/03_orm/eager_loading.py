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
- `UserWithPosts` has the fields `id`, `name` and `posts`, a list of `PostRead` (given), and
  reads ORM objects: `UserWithPosts.model_validate(user)` works on a `User` and its posts
  (`from_attributes`).
- `list_users_with_posts(engine)` returns a `list[UserWithPosts]`, one per user, ordered by
  name; each user's posts come oldest first (the relationship's `order_by` does that), and a
  user without posts has `posts == []`.
- The number of SELECT statements it runs does not grow with the number of users: it is the
  same for 2 users as for 10. The eager loading belongs in this query: the models are ready to
  use as they are, and a plain `select(User)` elsewhere in the application still loads the
  users only.
- It opens its own session and closes it before returning, also when a query fails. What it
  returns is plain data: no ORM object leaves the function, and `model_dump_json()` works after
  the session is gone.

Concept: lazy versus eager loading (`selectinload`, `joinedload`); the N+1 query problem;
building nested Pydantic schemas from ORM objects while the session is open.

Done when: `UserWithPosts.model_validate(user)` reads a `User`; the result is a list of
`UserWithPosts` holding `PostRead` objects, with exactly the users and posts of the database,
users ordered by name, posts oldest first, `[]` for a user without posts; the number of SELECTs
is the same for 2 users as for 10, and a plain `select(User)` still runs one SELECT of users;
no session is left open, after a failed query either; and the result serialises to the same
data with `model_dump_json()`.
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
    posts: list[PostRead]


def list_users_with_posts(engine: Engine) -> list[UserWithPosts]:
    """Every user with their posts, ordered by name, in a fixed number of queries."""
    query = select(User).options(selectinload(User.posts)).order_by(User.name)
    with Session(engine) as session:
        # Built while the session is open; the posts are loaded already, so no query runs here.
        return [UserWithPosts.model_validate(user) for user in session.scalars(query)]


# --- checks: these run on every save; do not edit below ---
import json

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError

# A user's id is their place in NAMES, a post's id its place in POSTS (from 1): ids follow
# neither the names nor the titles.
NAMES = ["Mia", "Ada", "Zoe", "Ben", "Kim", "Eve", "Ola", "Cai", "Ivy", "Tom"]
POSTS = [
    ("Ada", "Notes on engines"),
    ("Mia", "Weekend ride"),
    ("Zoe", "Tide pools"),
    ("Ada", "Bernoulli numbers"),
    ("Ben", "Sourdough"),
    ("Mia", "Climbing"),
    ("Kim", "Kimchi"),
    ("Ola", "Fjords"),
    ("Cai", "Chess openings"),
    ("Ada", "A letter"),
    ("Ivy", "Ivy League"),
    ("Zoe", "Anemones"),
    ("Kim", "Hiking"),
]  # Eve and Tom have no posts.


def explained(error: BaseException, message: str) -> AssertionError:
    """An AssertionError saying `message` that keeps the lines of `error` (your code) in view."""
    return AssertionError(message).with_traceback(error.__traceback__)


def no_fsync(dbapi_connection, connection_record) -> None:
    # Not a lesson: skipping the fsync at each commit keeps the checks fast.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture
def engine(sqlite_path):
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", no_fsync)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def user_id(name: str) -> int:
    return NAMES.index(name) + 1


def add_users(engine, names: list[str]) -> dict[str, dict]:
    """Insert these users and their posts; return each one as the API should show it."""
    posts = [(number, name, title) for number, (name, title) in enumerate(POSTS, start=1)]
    with engine.begin() as connection:
        connection.execute(insert(User), [{"id": user_id(name), "name": name} for name in names])
        rows = [
            {"id": number, "title": title, "author_id": user_id(name)}
            for number, name, title in posts
            if name in names
        ]
        if rows:
            connection.execute(insert(Post), rows)
    return {
        name: {
            "id": user_id(name),
            "name": name,
            "posts": [
                {"id": number, "title": title} for number, author, title in posts if author == name
            ],
        }
        for name in names
    }


def expected_list(users: dict[str, dict]) -> list[dict]:
    return [users[name] for name in sorted(users)]


DETACHED = (
    "an attribute of a User was read after its session had closed, and it had not been loaded "
    "(or a commit had expired it): build the schemas inside the session, from users whose "
    "posts were loaded with them (selectinload)"
)


def fetch(engine) -> list:
    """list_users_with_posts(engine), with the ORM's errors explained."""
    try:
        result = list_users_with_posts(engine)
    except DetachedInstanceError as error:
        raise explained(error, DETACHED) from error
    except InvalidRequestError as error:
        if "unique()" not in str(error):
            raise
        raise explained(
            error,
            "with joinedload(User.posts) each user comes back once per post, and SQLAlchemy "
            "refuses to guess: call .unique() on the result, e.g. session.scalars(query).unique()",
        ) from error
    except ValidationError as error:
        first = error.errors()[0]
        if "DetachedInstanceError" in first["msg"]:  # pydantic met it while reading an attribute
            raise explained(error, DETACHED) from error
        raise explained(
            error,
            f"a schema could not be built from a User: {first['msg']} at {first['loc']}. To read "
            "ORM objects, UserWithPosts needs model_config = ConfigDict(from_attributes=True), "
            "and its posts field the type list[PostRead] (PostRead reads each Post)",
        ) from error
    assert isinstance(result, list), (
        f"list_users_with_posts should return a list, got {type(result).__name__}"
    )
    for item in result:
        assert isinstance(item, UserWithPosts), (
            f"list_users_with_posts should return UserWithPosts schemas, got a "
            f"{type(item).__name__}: turn each User into UserWithPosts.model_validate(user), so "
            "that no ORM object leaves the function"
        )
        for post in item.posts:
            assert isinstance(post, PostRead), (
                f"UserWithPosts.posts should hold PostRead schemas, got a {type(post).__name__}: "
                "declare the field as posts: list[PostRead]"
            )
    return result


def test_returns_every_user_with_their_posts_as_schemas(engine) -> None:
    users = add_users(engine, NAMES)
    result = fetch(engine)
    names = [user.name for user in result]
    missing = sorted(set(NAMES) - set(names))
    assert not missing, (
        f"users are missing from the result: {missing}. Every user must be listed, those "
        "without posts too (an inner join drops them; eager loading uses an outer join or a "
        "second query)"
    )
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"every user should appear once, but {twice} appear more than once"
    assert names == sorted(NAMES), (
        f"the users should be ordered by name, got {names}: add .order_by(User.name)"
    )
    eve = result[names.index("Eve")]
    assert eve.posts == [], f"Eve has no posts: her posts should be [], got {eve.posts}"
    for user in result:
        wanted = [post["id"] for post in users[user.name]["posts"]]
        got = [post.id for post in user.posts]
        assert sorted(got) == wanted, (
            f"{user.name}'s posts should be the posts with ids {wanted}, got {got}"
        )
        assert got == wanted, (
            f"{user.name}'s posts should come oldest first (ids {wanted}), got {got}: the "
            "relationship's order_by='Post.id' does that when the posts are loaded through it"
        )
    dumped = [user.model_dump() for user in result]
    assert dumped == expected_list(users), (
        "each UserWithPosts should hold the user's id and name and their posts (id and title), "
        "oldest first"
    )


def selects_run(engine, call) -> tuple[list[str], object]:
    """The SELECT statements that call() runs on the engine, and what it returns."""
    selects: list[str] = []

    def count_select(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", count_select)
    try:
        returned = call()
    finally:
        event.remove(engine, "before_cursor_execute", count_select)
    return selects, returned


def test_the_number_of_selects_does_not_grow_with_the_users(engine) -> None:
    users = add_users(engine, NAMES[:2])
    selects, _ = selects_run(engine, lambda: fetch(engine))
    for_two = len(selects)

    users |= add_users(engine, NAMES[2:])
    commits: list[Session] = []

    def remember(session) -> None:
        commits.append(session)

    event.listen(Session, "after_commit", remember)
    try:
        selects, result = selects_run(engine, lambda: fetch(engine))
    finally:
        event.remove(Session, "after_commit", remember)
    for_ten = len(selects)

    if for_ten != for_two and commits:
        raise AssertionError(
            f"{for_ten} SELECT statements for 10 users, {for_two} for 2: "
            "list_users_with_posts committed its session before it had built the schemas, and "
            "a commit expires every object the session holds (expire_on_commit), so reading "
            "each user again ran a SELECT for it: N+1 despite the eager loading. A read has "
            "nothing to commit: build the schemas without committing first"
        )
    assert for_ten == for_two, (
        f"{for_ten} SELECT statements for 10 users, {for_two} for 2: each user's posts were "
        "loaded with a SELECT of their own (N+1): lazy loading runs it when user.posts is first "
        "read, immediateload as each user is loaded. Load the posts of all the users at once, "
        "along with them: select(User).options(selectinload(User.posts))"
    )
    assert [user.model_dump() for user in result] == expected_list(users), (
        "with 10 users, the result should still hold every user with their posts"
    )


def test_user_with_posts_reads_orm_objects() -> None:
    ada = User(id=2, name="Ada", posts=[Post(id=1, title="Notes"), Post(id=4, title="Numbers")])
    try:
        schema = UserWithPosts.model_validate(ada)
    except ValidationError as error:
        first = error.errors()[0]
        raise explained(
            error,
            "UserWithPosts.model_validate(user) should read a User object and its posts, but "
            f"pydantic refused it: {first['msg']} at {first['loc']}. Give UserWithPosts "
            "model_config = ConfigDict(from_attributes=True), and its posts field the type "
            "list[PostRead]",
        ) from error
    assert schema.model_dump() == {
        "id": 2,
        "name": "Ada",
        "posts": [{"id": 1, "title": "Notes"}, {"id": 4, "title": "Numbers"}],
    }, f"UserWithPosts.model_validate(user) should copy id, name and posts, got {schema!r}"
    assert all(isinstance(post, PostRead) for post in schema.posts), (
        "UserWithPosts.posts should hold PostRead schemas: declare it as posts: list[PostRead]"
    )


def test_other_queries_still_load_only_users(engine) -> None:
    add_users(engine, NAMES[:3])

    def plain_select() -> None:
        with Session(engine) as session:
            session.scalars(select(User)).all()

    selects, _ = selects_run(engine, plain_select)
    assert len(selects) == 1 and "posts" not in selects[0].lower(), (
        "a plain select(User) elsewhere in the application loaded the users' posts too "
        f"({len(selects)} SELECT statement(s)): the User model was changed to load its posts "
        "eagerly (lazy='selectin' or 'joined'), which every query of the application pays "
        "for. Leave the models as given and ask for the posts in this one query: "
        ".options(selectinload(User.posts))"
    )


def test_no_session_is_left_open(engine) -> None:
    add_users(engine, NAMES[:3])
    sessions: list[Session] = []

    def remember(session, transaction, connection) -> None:
        sessions.append(session)  # also keeps the session alive: a leak cannot hide

    event.listen(Session, "after_begin", remember)
    try:
        fetch(engine)
    finally:
        event.remove(Session, "after_begin", remember)
    assert sessions, "list_users_with_posts should read the database through a Session"
    open_sessions = [session for session in sessions if session.in_transaction()]
    assert not open_sessions, (
        f"{len(open_sessions)} session(s) were left open, holding a database connection: "
        "use `with Session(engine) as session:` so that the session closes on the way out"
    )
    assert engine.pool.checkedout() == 0, (
        f"{engine.pool.checkedout()} database connection(s) are still checked out of the pool "
        "after list_users_with_posts returned: close every session and connection you open"
    )


class DatabaseWentAway(Exception):
    """What the check raises in place of a real failure of the database."""


def test_the_session_is_closed_when_a_query_fails(engine) -> None:
    add_users(engine, NAMES[:3])
    sessions: list[Session] = []

    def remember(session, transaction, connection) -> None:
        sessions.append(session)  # also keeps the session alive: a leak cannot hide

    def fail(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            raise DatabaseWentAway("the database went away in the middle of the query")

    event.listen(Session, "after_begin", remember)
    event.listen(engine, "before_cursor_execute", fail)
    try:
        list_users_with_posts(engine)
    except DatabaseWentAway:
        pass  # the failure may go on to the caller; what matters is what is left open
    finally:
        event.remove(engine, "before_cursor_execute", fail)
        event.remove(Session, "after_begin", remember)
    open_sessions = [session for session in sessions if session.in_transaction()]
    assert not open_sessions and engine.pool.checkedout() == 0, (
        "when a query of list_users_with_posts failed, its session was left open, holding a "
        f"database connection ({engine.pool.checkedout()} still checked out): close it even "
        "when an exception passes through, with `with Session(engine) as session:` (or "
        "try/finally)"
    )


def test_the_result_serialises_after_the_session_closed(engine) -> None:
    users = add_users(engine, NAMES)
    result = fetch(engine)
    try:
        documents = [json.loads(user.model_dump_json()) for user in result]
    except DetachedInstanceError as error:
        raise explained(
            error,
            "model_dump_json() read the database after the session had closed: the schemas "
            "hold ORM objects. Build them (model_validate) inside the session",
        ) from error
    assert documents == expected_list(users), (
        "the JSON of each UserWithPosts should hold its id, name and posts (id and title)"
    )
