"""Creating users: validate at the door, let the database have the last word.

A client sends the data for a new user as a dict (parsed JSON). Finish two things.

`UserCreate` validates and normalises what the client sent:
- `name`: surrounding whitespace removed; then 1 to 100 characters.
- `email`: surrounding whitespace removed and lowercased (`" Ada@Example.COM"` becomes
  `"ada@example.com"`); then at most 255 characters, no whitespace of any kind inside (a
  space, a tab, a non-breaking space), exactly one `@` with at least one character before
  it, and after it a domain of two or more parts separated by dots, none of them empty
  (`example.com` and `mail.example.org` are domains; `example`, `.com`, `example.` and
  `example..com` are not).
- Nothing else a client sends (an `id`, a `created_at`) reaches the database: the database
  chooses those. Ignoring such keys (Pydantic's default) or refusing them are both fine.

`create_user(session, data)` stores one user:
- It validates `data` with `UserCreate` before it touches the session. Invalid data raises
  Pydantic's `ValidationError` and leaves the session as it was: no object added, no
  transaction begun or ended, no row written, and a change the caller made but did not
  flush yet still pending.
- It adds the user and commits: the user is in the database when `create_user` returns.
- If another user already has the email (after normalising), it raises `EmailTaken` carrying
  that normalised email, and leaves the session rolled back, so that the caller can go on
  using it: the next `create_user` on the same session works. Any other database error (a
  full disk, a lost connection) is no `EmailTaken`: it goes on to the caller as it was raised.
- The session belongs to the caller, who may hold other users in it: `create_user` commits or
  rolls it back but never closes it (no `with session:` inside).
- It returns the stored user as a `UserRead` (with the id and created_at the database gave
  it), never the ORM object.

    with Session(engine) as session:
        create_user(session, {"name": " Ada Lovelace ", "email": "Ada@Example.com"})
        # UserRead(id=1, name='Ada Lovelace', email='ada@example.com', created_at=datetime(...))

Why it matters: this is the write path of every sign-up form. Validating first means bad input
never half-reaches the database, and it is the only place some rules live at all: SQLite does
not enforce a VARCHAR(100) length. Normalising the email makes `Ada@Example.com` and
`ada@example.com` one address, so the UNIQUE constraint can see that they collide. And the
duplicate check belongs to the database: two sign-ups can both ask "is this email free?",
both hear yes, and both insert. Only the UNIQUE constraint sees every request, so a duplicate
shows up as `IntegrityError` when the INSERT reaches the database (the flush that `commit`
runs), even if your code looked first. The checks make exactly that happen: another connection
inserts the same email just before your INSERT.

Concept: validation at the boundary (`Field` constraints, `StringConstraints` or a
`field_validator`; Pydantic 1's deprecated `@validator` and `class Config` are refused);
`IntegrityError` and `session.rollback()`: after a failed flush the session refuses all work
(`PendingRollbackError`) until it is rolled back; returning schemas.

Done when: the example above gives that result and the row is committed; the normalising and
every rule above hold, with `ValidationError` and an untouched session for invalid data; a
duplicate email, also one inserted by another connection a moment before yours, raises
`EmailTaken` and the same session then creates the next user; a failing disk raises its own
`OperationalError`, not `EmailTaken`; and the users the caller holds stay in its open session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import String, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The declarative base (ready to use)."""


class User(Base):
    """The users table of orm_models (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class UserRead(BaseModel):
    """What the service sends back about a stored user (ready to use)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    created_at: datetime


class EmailTaken(Exception):
    """Another user already has this email (ready to use)."""

    def __init__(self, email: str) -> None:
        super().__init__(f"a user with the email {email!r} already exists")
        self.email = email


# No whitespace, one @ with something before it, then dot-separated parts, none empty.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"


class UserCreate(BaseModel):
    """What a client sends to create a user, validated and normalised."""

    # Strips every string field before the constraints below are checked.
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=255, pattern=EMAIL_PATTERN)

    @field_validator("email")
    @classmethod
    def lowercase(cls, email: str) -> str:
        return email.lower()


def create_user(session: Session, data: dict[str, Any]) -> UserRead:
    """Validate `data`, store it as a new user, commit, and return the stored user.

    Raises ValidationError for invalid data (touching nothing) and EmailTaken for an email
    that is already taken (with the session rolled back).
    """
    payload = UserCreate.model_validate(data)  # raises ValidationError before any database work
    user = User(**payload.model_dump())
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        # Only the UNIQUE constraint can refuse this insert. The failed flush leaves the
        # session unusable until it is rolled back.
        session.rollback()
        raise EmailTaken(payload.email) from error
    return UserRead.model_validate(user)


# --- checks: these run on every save; do not edit below ---
import sqlite3
from datetime import datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, event, select
from sqlalchemy.exc import (
    IntegrityError,
    InvalidRequestError,
    OperationalError,
    PendingRollbackError,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import DetachedInstanceError

ADA = {"name": "Ada Lovelace", "email": "ada@example.com"}
GRACE = {"name": "Grace Hopper", "email": "grace@example.com"}

# (name, why it is refused)
BAD_NAMES = [
    ("", "an empty name"),
    ("   ", "a name of blanks only: stripped, it is empty"),
    ("x" * 101, "a name of 101 characters"),
]
# (email, why it is refused)
BAD_EMAILS = [
    ("ada", "no @"),
    ("ada@", "nothing after the @"),
    ("@example.com", "nothing before the @"),
    ("ada@@example.com", "two @"),
    ("ada@lovelace@example.com", "two @"),
    ("ada@example", "a domain of one part"),
    ("ada@.com", "an empty first part of the domain"),
    ("ada@example.", "an empty last part of the domain"),
    ("ada@example..com", "an empty part in the middle of the domain"),
    ("ada love@example.com", "a space before the @"),
    ("ada@exa mple.com", "a space in the domain"),
    ("ada\tlove@example.com", "a tab before the @"),
    ("ada@exa\u00a0mple.com", "a non-breaking space in the domain"),
    ("ada@example.co\nm", "a line break in the domain"),
    ("a" * 244 + "@example.com", "256 characters"),
]


def skip_fsync(dbapi_connection, _record) -> None:
    # These checks are not about surviving a power cut: skipping the fsync at each commit
    # keeps them fast and changes nothing else they look at.
    dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture
def engine(sqlite_path):
    engine = create_engine(f"sqlite:///{sqlite_path}")
    event.listen(engine, "connect", skip_fsync)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    session = Session(engine)
    yield session
    session.close()


def rows(engine) -> list[tuple[int, str, str]]:
    """(id, name, email) of every user, read in a new session: committed data only."""
    with Session(engine) as reader:
        users = reader.scalars(select(User).order_by(User.id))
        return [(user.id, user.name, user.email) for user in users]


def shown(data) -> str:
    """repr(data), with long strings cut short so that a message stays readable."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{key!r}: {shown(value)}" for key, value in data.items()) + "}"
    if isinstance(data, str) and len(data) > 30:
        return f"{data[:12]!r}... ({len(data)} characters)"
    return repr(data)


def explained(error: Exception) -> AssertionError | None:
    """A sentence for the session errors that a create_user can cause, or None."""
    if isinstance(error, PendingRollbackError):
        return AssertionError(
            "the session refuses all work after the earlier failed INSERT "
            "(PendingRollbackError): create_user must call session.rollback() when the "
            "commit raises IntegrityError, before it raises EmailTaken"
        )
    if isinstance(error, InvalidRequestError) and "already begun" in str(error):
        return AssertionError(
            "create_user cannot run twice on one session: session.begin() refuses to start "
            "while a transaction is open, and reading the user after the commit opened one "
            "(it reloads the expired attributes). Build the UserRead inside the `with "
            "session.begin():` block, after session.flush()"
        )
    if isinstance(error, DetachedInstanceError):
        return AssertionError(
            "the user was read after its session was closed, and the commit had expired its "
            "attributes: build the UserRead while the session is open, and leave the caller's "
            "session open"
        )
    return None


def create(session, data) -> UserRead:
    """create_user(session, data) for data that must be accepted, explaining what goes wrong."""
    try:
        result = create_user(session, data)
    except ValidationError as error:
        if error.title != "UserRead":
            raise AssertionError(
                f"create_user refused valid data {shown(data)}:\n{error}"
            ) from error
        if "DetachedInstanceError" in str(error):
            raise AssertionError(
                "UserRead could not read the user: its session was closed after the commit had "
                "expired its attributes (DetachedInstanceError). Build the UserRead while the "
                "session is open, and leave the caller's session open"
            ) from error
        raise AssertionError(
            f"UserRead.model_validate could not read the user:\n{error}"
        ) from error
    except (InvalidRequestError, DetachedInstanceError) as error:
        explanation = explained(error)
        if explanation is None:
            raise
        raise explanation from error
    assert not isinstance(result, User), (
        "create_user returned the ORM object (a User): return UserRead.model_validate(user), "
        "the schema, so that no session and no hidden column leave the function"
    )
    assert isinstance(result, UserRead), (
        f"create_user should return a UserRead, it returned {result!r}"
    )
    return result


def raised_by(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def validated(data) -> UserCreate:
    try:
        return UserCreate.model_validate(data)
    except ValidationError as error:
        padded = any(value != value.strip() for value in data.values())
        advice = (
            " once surrounding whitespace is removed (strip before checking lengths and pattern)"
            if padded
            else ""
        )
        raise AssertionError(
            f"UserCreate refused {shown(data)}, which the rules accept{advice}:\n{error}"
        ) from error


def assert_refused(data, why: str) -> None:
    try:
        accepted = UserCreate.model_validate(data)
    except ValidationError:
        return
    raise AssertionError(
        f"UserCreate accepted {why} ({shown(data)}) and gave {shown(accepted.model_dump())}"
    )


def assert_email_taken(error, email: str) -> None:
    explanation = explained(error) if error is not None else None
    if explanation is not None:
        raise explanation from error
    if isinstance(error, IntegrityError):
        raise AssertionError(
            f"a duplicate email let IntegrityError escape ({error.orig}): catch it, roll the "
            "session back and raise EmailTaken(email)"
        ) from error
    assert isinstance(error, EmailTaken), (
        f"a second user with the email {email} should raise EmailTaken, got {error!r}"
    )
    assert error.email == email, (
        f"EmailTaken should carry the email as stored, normalised: {email!r}, not {error.email!r}"
    )


def test_user_create_uses_pydantic_2_idioms():
    decorators = UserCreate.__pydantic_decorators__
    old = [*decorators.validators, *decorators.root_validators]
    if old:
        raise AssertionError(
            f"UserCreate uses Pydantic 1's @validator or @root_validator ({', '.join(old)}), "
            "deprecated in Pydantic 2: write @field_validator('email') (mode='before' to run "
            "first) over a @classmethod"
        )
    if "Config" in vars(UserCreate):
        raise AssertionError(
            "UserCreate uses `class Config`, Pydantic 1's way (deprecated in Pydantic 2): write "
            "model_config = ConfigDict(...) instead"
        )


def test_user_create_normalises_name_and_email():
    user = validated({"name": "  Grace Hopper\n", "email": "  GRACE@Navy.MIL "})
    assert user.name == "Grace Hopper", (
        f"the name should lose its surrounding whitespace and keep its capitals, got {user.name!r}"
    )
    assert user.email == "grace@navy.mil", (
        f"the email should be stripped and lowercased, got {user.email!r}"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"name": "X", "email": "x@y.z"},
        {"name": "x" * 100, "email": "a" * 243 + "@example.com"},
        {"name": "\t" + "x" * 100 + "  ", "email": "  " + "a" * 243 + "@example.com "},
        {"name": "Ada King", "email": "ada.king+news@mail.example.org"},
    ],
    ids=["shortest", "longest", "longest-with-blanks", "dots-and-plus"],
)
def test_user_create_accepts_data_at_the_limits(data):
    user = validated(data)
    normalised = user.name == data["name"].strip() and user.email == data["email"].strip().lower()
    assert normalised, (
        f"UserCreate should strip the name and the email, and lowercase the email: "
        f"{shown(data)} gave name={shown(user.name)}, email={shown(user.email)}"
    )


def test_user_create_refuses_bad_names():
    for name, why in BAD_NAMES:
        assert_refused({"name": name, "email": "ada@example.com"}, why)
    assert_refused({"email": "ada@example.com"}, "data without a name")


def test_user_create_refuses_bad_emails():
    for email, why in BAD_EMAILS:
        assert_refused({"name": "Ada", "email": email}, f"an email with {why}")
    assert_refused({"name": "Ada"}, "data without an email")


def test_the_docstring_example(engine):
    with Session(engine) as session:
        result = create(session, {"name": " Ada Lovelace ", "email": "Ada@Example.com"})
        raw = (result.name, result.email) == (" Ada Lovelace ", "Ada@Example.com")
        assert (result.name, result.email) == ("Ada Lovelace", "ada@example.com"), (
            "the example should give name 'Ada Lovelace' and email 'ada@example.com', "
            f"got {result!r}"
            + (
                ": the User holds the raw data: build it from UserCreate.model_validate(data)"
                if raw
                else ""
            )
        )
    assert isinstance(result.id, int) and isinstance(result.created_at, datetime)
    stored = rows(engine)
    assert stored == [(result.id, "Ada Lovelace", "ada@example.com")], (
        f"after create_user returned, a new session should see the user, it sees {stored}: "
        "commit the session (a flush alone is undone when the session closes)"
    )


def test_the_result_is_the_stored_user(engine, session):
    first = create(session, ADA)
    second = create(session, GRACE)
    with Session(engine) as reader:
        for result in (first, second):
            row = reader.get(User, result.id)
            assert row is not None, f"no user with id {result.id} is stored"
            assert result == UserRead.model_validate(row), (
                f"create_user returned {result!r}, but the database holds "
                f"{UserRead.model_validate(row)!r}: return what was stored"
            )
    assert first.id != second.id


def test_invalid_data_raises_validation_error_and_touches_nothing(engine, session):
    for data in [
        {"name": "Ada", "email": "ada@@example.com"},
        {"name": "x" * 101, "email": "ada@example.com"},
        {"email": "ada@example.com"},
    ]:
        error = raised_by(create_user, session, data)
        assert isinstance(error, ValidationError), (
            f"create_user({shown(data)}) should raise Pydantic's ValidationError, got {error!r}"
        )
        assert not session.new, (
            f"invalid data left {len(session.new)} object(s) added to the session: validate "
            "before you add anything, or the next commit stores them"
        )
        assert not session.in_transaction(), (
            f"create_user({shown(data)}) began a transaction before it knew the data was "
            "valid: validate first"
        )
        assert rows(engine) == [], f"invalid data {shown(data)} must not write a row"
    grace = create(session, GRACE)
    assert rows(engine) == [(grace.id, GRACE["name"], GRACE["email"])], (
        "after invalid data, the next create_user should store exactly its own user"
    )


def test_invalid_data_leaves_the_callers_work_in_the_session(engine, session):
    ada = create(session, ADA)
    held = session.get(User, ada.id)
    held.name = "Ada King"  # the caller's own change, not flushed yet
    began = session.in_transaction()
    for data in [{"name": "Ada", "email": "ada@example"}, {"name": "", "email": "x@y.z"}]:
        error = raised_by(create_user, session, data)
        assert isinstance(error, ValidationError), (
            f"create_user({shown(data)}) should raise Pydantic's ValidationError, got {error!r}"
        )
        assert held in session and held in session.dirty, (
            f"create_user({shown(data)}) must leave the caller's session as it was, but the "
            "caller's unflushed change (user.name = 'Ada King') is no longer pending: it was "
            "flushed, rolled back or thrown away. Validate before you call anything on the "
            "session (no query, rollback, flush or close)"
        )
        assert session.in_transaction() == began, (
            f"create_user({shown(data)}) {'ended' if began else 'began'} a transaction on the "
            "caller's session before it knew the data was valid: validate first"
        )
    assert rows(engine) == [(ada.id, "Ada Lovelace", "ada@example.com")], (
        "invalid data must write nothing, not even the caller's pending change"
    )


def assert_still_held(held, session, when: str) -> None:
    """The user the caller loaded is still in its session, which is still open."""
    if held not in session:
        raise AssertionError(
            f"{when}, a user the caller had loaded is no longer in its session: create_user "
            "closed the session (a `with session:` block, session.close()) or emptied it. The "
            "session is the caller's: commit or roll it back, never close it"
        )


def test_the_callers_session_stays_open(engine, session):
    ada = create(session, ADA)
    held = session.get(User, ada.id)  # a user the caller holds in its session
    session.commit()  # the caller ends its own transaction; held stays in the session
    create(session, GRACE)
    assert_still_held(held, session, "after create_user stored Grace")
    error = raised_by(create_user, session, {"name": "Ada King", "email": ADA["email"]})
    assert_email_taken(error, ADA["email"])
    assert_still_held(held, session, "after create_user raised EmailTaken")
    try:
        email = held.email  # expired by the rollback: reloads through the caller's session
    except (InvalidRequestError, DetachedInstanceError) as error:
        explanation = explained(error)
        if explanation is None:
            raise
        raise explanation from error
    assert email == ADA["email"], f"the user the caller holds changed its email to {email!r}"


def test_another_database_error_is_no_email_taken(engine, session):
    def disk_fails(connection, cursor, statement, parameters, context, many):
        if statement.split()[:1] == ["INSERT"]:
            raise OperationalError(
                statement, parameters, sqlite3.OperationalError("disk I/O error")
            )

    event.listen(engine, "before_cursor_execute", disk_fails)
    try:
        error = raised_by(create_user, session, ADA)
    finally:
        event.remove(engine, "before_cursor_execute", disk_fails)
    assert not isinstance(error, EmailTaken), (
        "the INSERT failed with OperationalError (disk I/O error) and create_user turned it into "
        "EmailTaken: only IntegrityError means the email is taken. Catch IntegrityError alone "
        "and let every other error go on"
    )
    assert isinstance(error, OperationalError), (
        "the INSERT failed with sqlalchemy.exc.OperationalError (disk I/O error), which should "
        f"reach the caller as it was raised; create_user raised {error!r}"
    )


def test_keys_a_client_must_not_send_never_reach_the_database(engine, session):
    data = {**ADA, "id": 999, "created_at": datetime(1999, 12, 31, 23, 59)}
    error = raised_by(create_user, session, data)
    if isinstance(error, ValidationError) and error.title != "UserRead":
        assert rows(engine) == [], "refused data must not write a row"
        return
    if error is not None:
        raise AssertionError(
            "an id or created_at from the client should be ignored, or refused with "
            f"UserCreate's ValidationError; create_user raised {error!r}"
        ) from error
    with Session(engine) as reader:
        users = reader.scalars(select(User)).all()
        assert len(users) == 1, (
            f"create_user should store one user, the database holds {len(users)}"
        )
        user = users[0]
        assert user.id != 999 and user.created_at.year != 1999, (
            "the client's id or created_at reached the database: build the User from the "
            "validated UserCreate, not from the raw data"
        )


def test_a_taken_email_raises_email_taken_and_the_session_goes_on(engine, session):
    ada = create(session, ADA)
    error = raised_by(create_user, session, {"name": "Ada King", "email": " ADA@example.com"})
    assert_email_taken(error, "ada@example.com")
    grace = create(session, GRACE)
    assert rows(engine) == [
        (ada.id, ADA["name"], ADA["email"]),
        (grace.id, GRACE["name"], GRACE["email"]),
    ], "after the refused duplicate, Ada should be unchanged and Grace stored"


def test_the_database_catches_a_duplicate_inserted_a_moment_before(engine, session, sqlite_path):
    # Another request stores Ada's email between your code's start and its INSERT: whatever
    # your code looked up before, only the UNIQUE constraint can notice.
    rival_inserted = False

    def rival_signs_up_first(connection, cursor, statement, parameters, context, many):
        nonlocal rival_inserted
        words = statement.split()
        if rival_inserted or words[:1] != ["INSERT"] or "users" not in words:
            return
        rival_inserted = True
        rival = sqlite3.connect(sqlite_path, timeout=2)
        try:
            rival.execute("INSERT INTO users (name, email) VALUES ('Ada King', 'ada@example.com')")
            rival.commit()
        finally:
            rival.close()

    event.listen(engine, "before_cursor_execute", rival_signs_up_first)
    try:
        error = raised_by(create_user, session, ADA)
    finally:
        event.remove(engine, "before_cursor_execute", rival_signs_up_first)
    assert rival_inserted, "create_user never sent an INSERT into users"
    assert_email_taken(error, "ada@example.com")
    grace = create(session, GRACE)
    assert [email for _, _, email in rows(engine)] == ["ada@example.com", GRACE["email"]], (
        f"the rival's Ada and then Grace (id {grace.id}) should be stored, nothing else"
    )
