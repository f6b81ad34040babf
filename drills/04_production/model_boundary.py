"""Model boundary: the service speaks schemas, never ORM objects.

Scenario: the team's profile API used to hand its ORM `User` objects straight to the web layer,
which turned whatever it found on them into JSON. Two incidents later the team drew a line.
First, logins moved into this service, a migration added `password_hash` to `users`, and from
the next deploy on every profile response carried it. Then a client sent `{"bio": "hi",
"password_hash": "..."}` to the update endpoint, and the code that copied the request's fields
onto the row copied that one too. Now the service's inputs and outputs are Pydantic models,
and ORM objects never leave it.

The tables and their ORM models (`User`, `Link`, `create_schema`) are written for you. Write:

- `LinkRead` and `ProfileRead`, what a client sees: a profile is `id`, `username`, `email`,
  `display_name`, `bio` and `links`, a list of `LinkRead` (each `label` and `url`, in the order
  of `User.links`), and nothing else. Both are built from the ORM objects
  (`from_attributes=True`). The password hash is not part of `ProfileRead` at all: not a
  field, not a field hidden from dumps with `exclude=True`, not a masked `SecretStr`.
- `ProfileUpdate`, what a client may change: `display_name` and `bio`, both optional
  (`str | None`, default None). Any other field (`password_hash`, `username`, `id`, or a typo)
  makes `ProfileUpdate.model_validate_json(body)` raise a `ValidationError`.
- `get_profile(engine, user_id) -> ProfileRead`.
- `update_profile(engine, user_id, changes) -> ProfileRead` changes only the fields the client
  sent, and only on that user: a field left out of the request stays as it is, a field sent as
  null is cleared (`{"bio": null}` removes the bio), and the empty request `{}` is valid and
  changes nothing. It commits, and returns the updated profile.
- Both raise `ProfileNotFound` for an unknown id, changing nothing. Each opens its own session
  and closes it before returning, and what it returns holds no ORM object, not even nested.

Why: an ORM object is a live view of a row, with every column and relationship the table has
today or will have tomorrow; serializing it exposes whatever someone adds later. A response
schema names what leaves, and a request schema with `extra="forbid"` names what may come in, so
a client cannot write a column it was never offered (mass assignment), and a typo such as
`"display_nmae"` is an error the client sees instead of a change silently dropped. Pydantic
also remembers which fields a request set: `changes.model_dump(exclude_unset=True)` holds only
those, so "not sent" and "sent as null" stay different. And build the response inside the
session: after `commit()` the ORM object's attributes are expired and reloading them needs the
session (`DetachedInstanceError` once it is closed).

Concept: data transfer objects at the boundary of a service; `from_attributes`; nested
schemas; `extra="forbid"` against mass assignment; partial updates with
`model_dump(exclude_unset=True)`; expire on commit.

Done when: both functions return a `ProfileRead` whose links are `LinkRead` objects and whose
dump is exactly the six fields; the password hash appears nowhere in a response (dump, JSON, or
attribute); a request with an unknown field raises `ValidationError` and changes nothing; an
update changes the fields sent (null clears one) and only those, on that user only, committed
(a new connection sees it); `{}` returns the profile unchanged; an unknown id raises
`ProfileNotFound`; and every session is closed, even one that holds no connection any more.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class ProfileNotFound(LookupError):
    """No user has the given id."""


class Base(DeclarativeBase):
    pass


class User(Base):
    """A user row (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    email: Mapped[str] = mapped_column(String(120))
    display_name: Mapped[str | None] = mapped_column(String(50))
    bio: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    links: Mapped[list[Link]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Link.id"
    )


class Link(Base):
    """A link shown on a profile (ready to use)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(String(200))
    user: Mapped[User] = relationship(back_populates="links")


def create_schema(engine: Engine) -> None:
    """Create the tables (ready to use)."""
    Base.metadata.create_all(engine)


class LinkRead(BaseModel):
    """One link of a profile, as clients see it."""

    # TODO: let Pydantic build it from a Link object (model_config), and declare the two
    #       fields a client sees: label and url.


class ProfileRead(BaseModel):
    """A profile as clients see it. Never the password hash."""

    # TODO: built from a User object too; the fields are id, username, email, display_name,
    #       bio (both of these may be None) and links, a list of LinkRead.


class ProfileUpdate(BaseModel):
    """What a client may change. Each field is optional; any other field is refused."""

    # TODO: refuse unknown fields (model_config), and declare display_name and bio, each
    #       `str | None` with a default of None.


def get_profile(engine: Engine, user_id: int) -> ProfileRead:
    """The profile of user `user_id`; ProfileNotFound if there is none."""
    # TODO: in a `with Session(engine) as session:` block, load the user (none: raise
    #       ProfileNotFound) and return ProfileRead.model_validate(user) before the block ends.
    raise NotImplementedError


def update_profile(engine: Engine, user_id: int, changes: ProfileUpdate) -> ProfileRead:
    """Apply the fields the client sent, commit, and return the updated profile."""
    # TODO: load the user as in get_profile, then copy onto it only the fields the client
    #       set: changes.model_dump(...) has an option for that. Commit, and convert the user
    #       to a ProfileRead while the session is still open.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import json
import sqlite3
from contextlib import closing, contextmanager

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import create_engine, event
from sqlalchemy import inspect as inspect_object
from sqlalchemy.orm import InstanceState, Session
from sqlalchemy.orm.exc import DetachedInstanceError

HASH = "pbkdf2_sha256$600000$q8Vb$ZXhhbXBsZWhhc2g="
UNKNOWN_ID = 999
FIELDS = ["id", "username", "email", "display_name", "bio", "links"]
PROTECTED = ["username", "email", "password_hash"]  # what no update may change


@pytest.fixture
def engine(sqlite_path):
    engine = create_engine(f"sqlite:///{sqlite_path}")
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    event.listen(
        engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous = OFF")
    )
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def ada(engine) -> int:
    """A user with three links (inserted by the checks); returns the user's id."""
    with Session(engine) as session:
        session.add(User(username="grace", email="grace@example.com", password_hash=HASH))
        user = User(
            username="ada",
            email="ada@example.com",
            display_name="Ada L.",
            bio="Analyst",
            password_hash=HASH,
            links=[
                Link(label="site", url="https://ada.example.com"),
                Link(label="code", url="https://git.example.com/ada"),
                Link(label="blog", url="https://ada.example.com/blog"),
            ],
        )
        session.add(user)
        session.commit()
        return user.id


ADA = {
    "username": "ada",
    "email": "ada@example.com",
    "display_name": "Ada L.",
    "bio": "Analyst",
    "links": [
        {"label": "site", "url": "https://ada.example.com"},
        {"label": "code", "url": "https://git.example.com/ada"},
        {"label": "blog", "url": "https://ada.example.com/blog"},
    ],
}


def stored_users(path) -> dict[int, dict[str, object]]:
    """Every user's row as a new connection sees it: committed data only."""
    with closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            "SELECT id, username, email, display_name, bio, password_hash FROM users"
        ).fetchall()
    return {row["id"]: dict(row) for row in rows}


def stored(path, user_id) -> dict[str, object]:
    """The user's row as a new connection sees it (without its id), or {} if there is none."""
    row = stored_users(path).get(user_id, {})
    return {key: value for key, value in row.items() if key != "id"}


def orm_objects_in(value, where="the result"):
    """(where, object) for every ORM object found in value, looking inside models and lists."""
    if isinstance(inspect_object(value, raiseerr=False), InstanceState):
        yield where, value
    elif isinstance(value, BaseModel):
        for name, item in value.__dict__.items():
            yield from orm_objects_in(item, f"{where}.{name}")
    elif isinstance(value, list | tuple | set):
        for index, item in enumerate(value):
            yield from orm_objects_in(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from orm_objects_in(item, f"{where}[{key!r}]")


class SessionSpy:
    """The sessions that began a transaction during a call, and which of them were closed."""

    def __init__(self) -> None:
        self.began: list[Session] = []  # also keeps each session alive: a leak cannot hide
        self.closed: set[int] = set()

    def left_open(self) -> int:
        return len({id(session) for session in self.began} - self.closed)


@contextmanager
def spying_on_sessions():
    spy = SessionSpy()
    close = Session.close

    def spied_close(session) -> None:
        spy.closed.add(id(session))
        close(session)

    def began(session, transaction, connection) -> None:
        spy.began.append(session)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Session, "close", spied_close)
        event.listen(Session, "after_begin", began)
        try:
            yield spy
        finally:
            event.remove(Session, "after_begin", began)


def assert_closed(engine, spy: SessionSpy, what: str) -> None:
    assert engine.pool.checkedout() == 0, (
        f"{what} left a session open (its connection was never given back): use "
        "`with Session(engine) as session:` so it closes, even on errors"
    )
    assert spy.left_open() == 0, (
        f"{what} returned without closing {spy.left_open()} session(s) it opened: after a "
        "commit (or with expire_on_commit=False) a session holds no connection, but it keeps "
        "its objects and lives on until closed. Use `with Session(engine) as session:`"
    )


def served(engine, what, function, *args):
    """Call the service; fail with a sentence on the mistakes that show up as exceptions."""
    try:
        with spying_on_sessions() as spy:
            result = function(*args)
    except DetachedInstanceError as error:
        raise AssertionError(
            f"{what} read an ORM object after its session had closed (after commit() its "
            "attributes are expired and reloading needs the session): build the ProfileRead "
            "inside the `with Session(...)` block"
        ) from error
    except ValidationError as error:
        problems = error.errors()
        typed = [p for p in problems if p["type"] in ("model_type", "model_attributes_type")]
        if typed:
            where = ".".join(map(str, typed[0]["loc"])) or "the User"
            why = (
                f"{where} was refused, because a model accepts dicts only unless told otherwise: "
                "give ProfileRead and LinkRead model_config = ConfigDict(from_attributes=True)"
            )
        elif any("DetachedInstanceError" in problem["msg"] for problem in problems):
            why = (
                "its attributes could not be read (DetachedInstanceError). After commit() an "
                "ORM object's attributes are expired and reload on first use, as unloaded "
                "relationships do; both need the session, which had closed. Build the "
                "ProfileRead inside the `with Session(...)` block"
            )
        else:
            first = problems[0]
            why = f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
        raise AssertionError(
            f"{what} could not build its ProfileRead from the ORM objects: {why}"
        ) from error
    assert_closed(engine, spy, what)
    assert isinstance(result, ProfileRead), (
        f"{what} returned a {type(result).__name__}, not a ProfileRead: convert before "
        "returning, ORM objects must not leave the service"
    )
    leaks = list(orm_objects_in(result))
    assert not leaks, (
        f"{what} returned ORM objects inside its ProfileRead: {leaks[0][0]} is a "
        f"{type(leaks[0][1]).__name__}. Declare links as list[LinkRead] so Pydantic converts "
        "each Link"
    )
    return result


def request(body: str) -> ProfileUpdate:
    """What the web layer does with a request body."""
    try:
        return ProfileUpdate.model_validate_json(body)
    except ValidationError as error:
        raise AssertionError(
            f"ProfileUpdate refused the valid request {body}: {error.errors()[0]['msg']}. Its "
            "fields are display_name and bio, each `str | None` with a default of None"
        ) from error


def raised_by(function, *args):
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def test_get_profile_returns_a_profile_read_with_link_reads(engine, ada):
    profile = served(engine, "get_profile", get_profile, engine, ada)
    assert all(isinstance(link, LinkRead) for link in profile.links), (
        "every item of ProfileRead.links should be a LinkRead, got "
        f"{[type(link).__name__ for link in profile.links]}"
    )
    dumped = profile.model_dump()
    assert "password_hash" not in dumped, (
        f"ProfileRead has a password_hash field, so every response holds the hash (as "
        f"{type(dumped['password_hash']).__name__}: a SecretStr only masks how it prints, and "
        "get_secret_value() gives it back). Leave the field out of ProfileRead"
    )
    assert set(dumped) == set(FIELDS), (
        f"a profile should hold exactly the fields {FIELDS}, got {list(dumped)}"
    )
    labels = [link["label"] for link in dumped["links"]]
    expected = [link["label"] for link in ADA["links"]]
    assert sorted(labels) != sorted(expected) or labels == expected, (
        f"Ada's links came as {labels}, but User.links gives {expected}: keep their order"
    )
    assert dumped == {"id": ada, **ADA}, f"get_profile should return Ada's profile, got {dumped}"


def test_the_password_hash_never_leaves_the_service(engine, ada):
    responses = {
        "get_profile": served(engine, "get_profile", get_profile, engine, ada),
        "update_profile": served(
            engine, "update_profile", update_profile, engine, ada, request('{"bio": "Poet"}')
        ),
    }
    for what, profile in responses.items():
        dumped = json.dumps(profile.model_dump(), default=str)
        assert "password_hash" not in dumped and HASH not in dumped, (
            f"the model_dump() of {what}'s ProfileRead contains the password hash: leave "
            "password_hash out of ProfileRead"
        )
        text = profile.model_dump_json()
        assert "password" not in text and HASH not in text, (
            f"the JSON of {what}'s response contains the password hash: {text}"
        )
        assert not hasattr(profile, "password_hash"), (
            f"{what}'s ProfileRead still carries password_hash as an attribute (exclude=True "
            "only hides it from dumps, and anything that reads the object sees it): leave the "
            "field out of ProfileRead"
        )


def test_an_unknown_id_raises_profile_not_found(engine, sqlite_path, ada):
    before = stored_users(sqlite_path)
    with spying_on_sessions() as spy:
        error = raised_by(get_profile, engine, UNKNOWN_ID)
    assert isinstance(error, ProfileNotFound), (
        f"get_profile of an unknown id should raise ProfileNotFound, got {error!r}"
    )
    assert_closed(engine, spy, "get_profile of an unknown id")
    changes = request('{"bio": "Ghost"}')
    with spying_on_sessions() as spy:
        error = raised_by(update_profile, engine, UNKNOWN_ID, changes)
    assert isinstance(error, ProfileNotFound), (
        f"update_profile of an unknown id should raise ProfileNotFound, got {error!r}"
    )
    assert stored_users(sqlite_path) == before, "a failed update must change nothing"
    assert_closed(engine, spy, "update_profile of an unknown id")


def test_an_update_changes_the_fields_sent_and_commits(engine, sqlite_path, ada):
    others = {key: row for key, row in stored_users(sqlite_path).items() if key != ada}
    changes = request('{"display_name": "Countess", "bio": "Poet"}')
    profile = served(engine, "update_profile", update_profile, engine, ada, changes)
    row = stored(sqlite_path, ada)
    assert (row["display_name"], row["bio"]) == ("Countess", "Poet"), (
        f"after update_profile, a new connection sees display_name={row['display_name']!r} "
        f"and bio={row['bio']!r}: the update must be committed"
    )
    changed = [
        other["username"]
        for key, other in stored_users(sqlite_path).items()
        if key != ada and other != others.get(key)
    ]
    assert not changed, (
        f"updating Ada's profile also changed the users {changed}: an UPDATE needs its "
        "WHERE users.id = user_id (or change the one User you loaded)"
    )
    assert (profile.display_name, profile.bio) == ("Countess", "Poet"), (
        "update_profile should return the updated profile"
    )
    assert profile.model_dump() == {
        "id": ada,
        **ADA,
        "display_name": "Countess",
        "bio": "Poet",
    }, "the returned profile should be Ada's, with the new display name and bio"


def test_a_field_left_out_is_kept(engine, sqlite_path, ada):
    changes = request('{"bio": "Poet"}')
    served(engine, "update_profile", update_profile, engine, ada, changes)
    row = stored(sqlite_path, ada)
    assert row["display_name"] == "Ada L.", (
        f"the request sent only bio, yet display_name became {row['display_name']!r}: change "
        "only the fields the client set (changes.model_dump(exclude_unset=True))"
    )
    assert row["bio"] == "Poet", f"bio should now be 'Poet', found {row['bio']!r} (committed)"
    assert row["email"] == "ada@example.com" and row["password_hash"] == HASH, (
        "an update of bio must leave email and password_hash as they were"
    )


@pytest.mark.parametrize("field", ["bio", "display_name"])
def test_a_field_sent_as_null_is_cleared(engine, sqlite_path, ada, field):
    other = "display_name" if field == "bio" else "bio"
    before = stored(sqlite_path, ada)
    changes = request(f'{{"{field}": null}}')
    profile = served(engine, "update_profile", update_profile, engine, ada, changes)
    row = stored(sqlite_path, ada)
    assert row[field] is None, (
        f"the request sent {field} as null, yet it is still {row[field]!r}: null is a value "
        "the client set, and clears the field. model_dump(exclude_none=True) drops it, and so "
        "does exclude_defaults=True (None is the default); exclude_unset=True keeps it"
    )
    assert getattr(profile, field) is None, (
        f"the returned profile still shows {field}={getattr(profile, field)!r}"
    )
    assert row[other] == before[other], (
        f"the request did not send {other}, yet it became {row[other]!r}: change only the "
        "fields the client set"
    )


def test_an_empty_request_changes_nothing(engine, sqlite_path, ada):
    before = stored_users(sqlite_path)
    changes = request("{}")
    try:
        profile = served(engine, "update_profile", update_profile, engine, ada, changes)
    except (AssertionError, NotImplementedError):
        raise
    except Exception as error:
        raise AssertionError(
            f"update_profile failed on the empty request {{}} with {type(error).__name__}: a "
            "request that sets no field is valid and changes nothing. Return the profile as "
            "it is (an UPDATE with nothing to SET cannot be built: skip it)"
        ) from error
    after = stored_users(sqlite_path)
    changed = [key for key in before[ada] if after[ada][key] != before[ada][key]]
    assert not changed, (
        f"the empty request {{}} changed {', '.join(changed)} to "
        f"{', '.join(repr(after[ada][key]) for key in changed)}: a field the request did not "
        "send stays as it is, so apply only changes.model_dump(exclude_unset=True)"
    )
    assert after == before, "the empty request {} must change nothing"
    assert profile.model_dump() == {"id": ada, **ADA}, (
        f"the empty request {{}} should return Ada's profile as it was, got {profile.model_dump()}"
    )


@pytest.mark.parametrize(
    "body",
    [
        '{"bio": "hi", "password_hash": "attacker-chosen"}',
        '{"username": "root"}',
        '{"id": 1, "display_name": "Grace"}',
        '{"display_nmae": "Typo"}',
    ],
)
def test_an_unknown_field_is_refused_and_changes_nothing(engine, sqlite_path, ada, body):
    before = stored(sqlite_path, ada)
    try:
        changes = ProfileUpdate.model_validate_json(body)
    except ValidationError:
        return  # refused at the boundary: the service never sees it, so nothing changes
    # Accepted: see what the service does with it, to say what went wrong.
    error = raised_by(update_profile, engine, ada, changes)
    after = stored(sqlite_path, ada)
    changed = [key for key in PROTECTED if before[key] != after.get(key)]
    if not after:
        consequence = ", and update_profile wrote it: the user's id changed"
    elif changed:
        consequence = f", and update_profile wrote it: {', '.join(changed)} changed"
    elif error is not None:
        consequence = f", and update_profile failed on it with {type(error).__name__}"
    else:
        consequence = ", dropping the field without a word"
    raise AssertionError(
        f"ProfileUpdate accepted the request {body}{consequence}. A field clients may not "
        "change must be refused: model_config = ConfigDict(extra='forbid')"
    )
