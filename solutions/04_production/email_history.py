"""Email history: every address a user ever had, and which one was valid when.

The situation: a customer says the password-reset email that let someone into her account
went to an address she had removed weeks before. Support wants to know which address was on
file on 3 March at 14:05, and nobody can tell: `users.email` is overwritten on every change, so
the database only knows today's address. Compliance now requires an audit trail: each change of
an email is kept as a new row, numbered, with the moment it took effect, and no row of that
history is ever changed or deleted.

The table is `email_history(id, user_id, version, email, valid_from)` (the `EmailVersion`
model, given, with `add_user` to create users). All times are timezone-aware datetimes, passed
in by the caller in any time zone (the checks use UTC and UTC+2); `valid_from` is a `timestamp
with time zone`, so store `at` as given and PostgreSQL keeps the instant it names. Write three
functions:

- `change_email(engine, user_id, email, at) -> int` records that the user's email became
  `email` at the moment `at`, and returns the new version number: 1 for the user's first
  email, then 2, 3, ..., counted per user. It adds a row and commits; it never updates or
  deletes a row of the history. The email is a value like any other: pass it as a parameter
  (addresses may hold a quote, as Bob O'Neil's does). Two cases are not new versions:
  - `email` is the user's current email: nothing changes, nothing is written, and the current
    version number is returned (saving a profile form without touching it is not a change).
    This is decided first, whatever `at` says: the same request delivered twice, with the
    same moment, is harmless. Going back to an older address is a change, a new version.
  - `at` is not later than the moment of the user's latest version: `ValueError`, and nothing
    is written. History only grows forward; a mistake is corrected by a new version.
- `current_email(engine, user_id) -> str | None`: the email of the user's latest version, or
  None if the user has none.
- `email_as_of(engine, user_id, at) -> str | None`: the email that was valid at the moment
  `at`: that of the latest version whose `valid_from` is at or before `at`. A change counts
  from its exact moment on. Before the user's first version, and for a user without one, it is
  None. The same moment written in another time zone gives the same answer.

Concept: versioned rows. Instead of one value that each change overwrites, every value is a row
with the time from which it is valid, and rows are only ever added. The current value is the
latest row; the value at any moment is the latest row at or before it. Because nothing is
rewritten, the history can be trusted as evidence, can be replayed, and answers questions
nobody thought of when the data was written. (In production you would also take away UPDATE
and DELETE on the table from the application's database user, so that the rule does not
depend on every line of code obeying it.)

The user's latest version is the one with the highest number: ask the database for it
(ORDER BY, or max()). A SELECT without ORDER BY returns rows in whatever order PostgreSQL finds
them on disk, which is the order they were written in only until maintenance (VACUUM FULL,
CLUSTER) rewrites the table: one check has PostgreSQL store Ada's rows newest first.

How the checks see that history is never rewritten: PostgreSQL gives every row version a
hidden `xmin` column, the transaction that wrote it. An UPDATE, even one that sets a value
to what it already was, writes a new row version with a new `xmin`. The checks note every
row's id, values and `xmin` before each change and compare them afterwards.

Done when: versions are numbered 1, 2, 3 for each user separately and are committed, each with
the instant it was given; `current_email` gives the latest address; `email_as_of` gives the
address valid at a moment, exactly at a change included, and None before the first one; both
find the latest version however the rows are stored; setting the current email again writes
nothing, at any moment; a change dated before the latest version is refused; and no history
row is ever updated or deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Engine, ForeignKey, UniqueConstraint, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    """A customer (ready to use)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class EmailVersion(Base):
    """One email of one user, valid from `valid_from` to their next version (ready to use)."""

    __tablename__ = "email_history"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int]
    email: Mapped[str]
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_schema(engine: Engine) -> None:
    """Create both tables (ready to use)."""
    Base.metadata.create_all(engine)


def add_user(engine: Engine, name: str) -> int:
    """Insert a user without any email and return its id (ready to use)."""
    with Session(engine) as session, session.begin():
        user = User(name=name)
        session.add(user)
        session.flush()
        return user.id


def change_email(engine: Engine, user_id: int, email: str, at: datetime) -> int:
    """Record that the user's email became `email` at `at`; return the version number."""
    with Session(engine) as session, session.begin():
        latest = session.scalars(
            select(EmailVersion)
            .where(EmailVersion.user_id == user_id)
            .order_by(EmailVersion.version.desc())
            .limit(1)
        ).first()
        if latest is None:
            version = 1
        elif latest.email == email:
            return latest.version  # not a change: nothing to record
        elif at <= latest.valid_from:
            raise ValueError(
                f"user {user_id}'s version {latest.version} is valid from {latest.valid_from}; "
                f"a change at {at} would rewrite the past"
            )
        else:
            version = latest.version + 1
        # A new row, always: the rows already there are never touched.
        session.add(EmailVersion(user_id=user_id, version=version, email=email, valid_from=at))
        return version


def current_email(engine: Engine, user_id: int) -> str | None:
    """The user's email now (their latest version), or None."""
    with Session(engine) as session:
        return session.scalars(
            select(EmailVersion.email)
            .where(EmailVersion.user_id == user_id)
            .order_by(EmailVersion.version.desc())
            .limit(1)
        ).first()


def email_as_of(engine: Engine, user_id: int, at: datetime) -> str | None:
    """The user's email at the moment `at`, or None if they had none yet."""
    with Session(engine) as session:
        return session.scalars(
            select(EmailVersion.email)
            .where(EmailVersion.user_id == user_id, EmailVersion.valid_from <= at)
            .order_by(EmailVersion.valid_from.desc())
            .limit(1)
        ).first()


# --- checks: these run on every save; do not edit below ---
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

PARIS_SUMMER = timezone(timedelta(hours=2))
MICROSECOND = timedelta(microseconds=1)

# Ada's three addresses and the moments they took effect.
ADA_1 = ("ada@home.example", datetime(2024, 1, 10, 9, 0, tzinfo=UTC))
ADA_2 = ("ada@work.example", datetime(2024, 3, 1, 12, 0, tzinfo=UTC))
ADA_3 = ("ada@new.example", datetime(2024, 6, 15, 8, 30, tzinfo=UTC))
BOB_1 = ("bob.o'neil@home.example", datetime(2024, 2, 1, 10, 0, tzinfo=UTC))
BOB_2 = ("bob.o'neil@work.example", datetime(2024, 4, 1, 10, 0, tzinfo=UTC))
LATER = datetime(2024, 9, 1, 9, 0, tzinfo=UTC)
SUPPORT_ASKS = datetime(2024, 3, 3, 14, 5, tzinfo=UTC)  # "which address on 3 March at 14:05?"


@pytest.fixture
def engine(pg_url):
    # The sessions' own time zone is UTC whatever the machine's: a moment stored without its
    # zone is then read as UTC, the same on every computer.
    engine = create_engine(pg_url, connect_args={"options": "-c timezone=UTC"})
    create_schema(engine)
    yield engine
    engine.dispose()


def history(engine) -> list[tuple[int, int, str, datetime]]:
    """Every history row as (user_id, version, email, valid_from), read on a new connection."""
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT user_id, version, email, valid_from FROM email_history "
                    "ORDER BY user_id, version"
                )
            )
        ]


def row_versions(engine) -> dict[int, tuple]:
    """Every history row by id: (xmin, user_id, version, email, valid_from).

    xmin is the transaction that wrote this version of the row: any UPDATE changes it.
    """
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, xmin::text, user_id, version, email, valid_from FROM email_history")
        )
        return {id_: tuple(rest) for id_, *rest in rows}


def assert_history_kept(before: dict[int, tuple], after: dict[int, tuple], what: str) -> None:
    for id_, (xmin, user_id, version, email, valid_from) in before.items():
        described = f"the row of user {user_id}'s version {version} ({email})"
        assert id_ in after, (
            f"{what} deleted {described}: history rows are never deleted; add a new row instead"
        )
        assert after[id_][1:] == (user_id, version, email, valid_from), (
            f"{what} overwrote {described}: it now reads {after[id_][1:]}. History rows are "
            "never changed; add a new row instead"
        )
        assert after[id_][0] == xmin, (
            f"{what} updated {described}: its version, email and valid_from are unchanged, but "
            "PostgreSQL wrote a new version of the row (its xmin changed), so something UPDATEd "
            "it. History rows are never UPDATEd: not to close them, not even to the values they "
            "already hold"
        )


def change(engine, user_id: int, email: str, at: datetime) -> int:
    """change_email, with the database's refusals explained."""
    try:
        return change_email(engine, user_id, email, at)
    except DBAPIError as error:
        code = getattr(error.orig, "pgcode", None)
        reason = str(error.orig).strip().splitlines()[0]
        if code == "42601":
            raise AssertionError(
                f"PostgreSQL could not parse the SQL change_email sent ({reason}). The address "
                f"{email!r} holds a quote: pass values as parameters (the ORM, insert(...)"
                ".values(...), or :email placeholders in text()), never paste them into the SQL"
            ) from error
        if code == "23505":
            raise AssertionError(
                f"change_email wrote a version number the user already has ({reason}). The "
                "new version is the user's highest version plus one: ask for it with ORDER BY "
                "version DESC (or max(version)), never from the order rows happen to come in"
            ) from error
        raise


def answer(function, *args):
    """current_email or email_as_of; an exception becomes a failure that says which call."""
    try:
        return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        shown = ", ".join(a.isoformat() if isinstance(a, datetime) else repr(a) for a in args[1:])
        raise AssertionError(
            f"{function.__name__}(engine, {shown}) raised {type(error).__name__}: {error}. It "
            "should return the email, or None when there is none (.first() on a result gives "
            "None, .one() raises)"
        ) from error


def refusal(function, *args) -> Exception | None:
    """Call function(*args) and return the exception it raised, or None."""
    try:
        function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        return error
    return None


def test_versions_are_numbered_per_user_and_committed(engine):
    ada, bob, cyd = add_user(engine, "Ada"), add_user(engine, "Bob"), add_user(engine, "Cyd")
    in_paris = ADA_2[1].astimezone(PARIS_SUMMER)  # 14:00 in UTC+2, the same instant as ADA_2's
    returned = [
        change(engine, ada, *ADA_1),
        change(engine, bob, *BOB_1),
        change(engine, ada, ADA_2[0], in_paris),
        change(engine, bob, *BOB_2),
        change(engine, ada, *ADA_3),
    ]
    rows = history(engine)
    assert rows, (
        "after change_email returned, another connection sees no history rows: commit the new "
        "row (Session.begin() commits when its block ends)"
    )
    assert len(rows) == 5, (
        f"five changes (three of Ada's, two of Bob's) should leave five history rows, another "
        f"connection sees {len(rows)}: {rows}. Every change adds a new row; the rows already "
        "there stay as they are"
    )
    stored_2 = next((row[3] for row in rows if row[:3] == (ada, 2, ADA_2[0])), None)
    if stored_2 is not None and stored_2 != ADA_2[1]:
        dropped = stored_2 == in_paris.replace(tzinfo=UTC)
        raise AssertionError(
            f"Ada's second change was dated {in_paris.isoformat()} (that is 12:00 UTC), but "
            f"the history says it took effect at {stored_2.isoformat()}"
            + (
                ": the time zone was dropped on the way (at.replace(tzinfo=None)?), and "
                "PostgreSQL read the bare 14:00 in its own time zone. Store `at` as given"
                if dropped
                else ": store `at` as given, the moment the caller passed"
            )
        )
    assert rows == [
        (ada, 1, *ADA_1),
        (ada, 2, *ADA_2),
        (ada, 3, *ADA_3),
        (bob, 1, *BOB_1),
        (bob, 2, *BOB_2),
    ], (
        "Ada's changes and Bob's were interleaved: Ada's rows should be versions 1, 2, 3 and "
        "Bob's 1, 2, each with its email and the moment it took effect. Versions are counted "
        "per user: the user's latest version plus one"
    )
    assert returned == [1, 1, 2, 2, 3], (
        f"change_email returned {returned}; it should return each new version number: "
        "[1, 1, 2, 2, 3] for Ada, Bob, Ada, Bob, Ada"
    )
    found = answer(current_email, engine, ada)
    assert found == ADA_3[0], (
        f"Ada's current email should be her latest, {ADA_3[0]!r}, got {found!r}"
    )
    found = answer(current_email, engine, bob)
    assert found == BOB_2[0], f"Bob's current email should be {BOB_2[0]!r}, got {found!r}"
    found = answer(current_email, engine, cyd)
    assert found is None, f"Cyd has no email at all: current_email should be None, got {found!r}"


def store_newest_first(engine) -> None:
    """Rewrite the table with each user's rows stored newest first, as CLUSTER can."""
    with engine.begin() as connection:
        connection.execute(
            text("CREATE INDEX newest_first ON email_history (user_id, version DESC)")
        )
        connection.execute(text("CLUSTER email_history USING newest_first"))
        connection.execute(text("DROP INDEX newest_first"))


def test_the_latest_version_is_found_however_the_rows_are_stored(engine):
    ada = add_user(engine, "Ada")
    for email, at in (ADA_1, ADA_2, ADA_3):
        change(engine, ada, email, at)
    store_newest_first(engine)
    stored_order = "PostgreSQL now stores Ada's rows newest first (the checks CLUSTERed the table)"

    found = answer(current_email, engine, ada)
    assert found == ADA_3[0], (
        f"Ada's current email should be her latest, {ADA_3[0]!r}, got {found!r}. "
        f"{stored_order}: without ORDER BY, rows come in the order the table holds them, not "
        "the order they were written in. Ask for the highest version: ORDER BY version DESC"
    )
    found = answer(email_as_of, engine, ada, LATER)
    assert found == ADA_3[0], (
        f"email_as_of after all of Ada's changes should be {ADA_3[0]!r}, got {found!r}. "
        f"{stored_order}: without ORDER BY, the rows come in the order the table holds them. "
        "Ask for the latest match: ORDER BY valid_from DESC (or version DESC) LIMIT 1"
    )
    again = change(engine, ada, ADA_3[0], LATER)
    assert again == 3, (
        f"setting Ada's current email, {ADA_3[0]!r}, again should return her latest version, "
        f"3, got {again!r}. {stored_order}: find the latest version with ORDER BY version DESC"
    )
    new = change(engine, ada, "ada@next.example", LATER)
    assert new == 4, f"Ada's fourth address should be version 4, got {new!r}"


def test_history_rows_are_never_updated_or_deleted(engine):
    ada = add_user(engine, "Ada")
    bob = add_user(engine, "Bob")
    change_email(engine, bob, *BOB_1)
    # Whether each step returns or raises is for the other checks; here only the rows count.
    steps = [
        ("the first change of Ada's email", ADA_1),
        ("the second change", ADA_2),
        ("setting the same email again", (ADA_2[0], ADA_3[1])),
        ("a refused change dated before the latest one", (ADA_3[0], ADA_1[1])),
        ("the third change", ADA_3),
    ]
    for what, (email, at) in steps:
        before = row_versions(engine)
        refusal(change_email, engine, ada, email, at)
        after = row_versions(engine)
        assert_history_kept(before, after, what)
    assert len(row_versions(engine)) == 4, (
        f"Bob's change and Ada's three real changes should leave 4 rows, found "
        f"{len(row_versions(engine))}"
    )


def test_email_as_of_gives_the_address_valid_at_that_moment(engine):
    ada, bob = add_user(engine, "Ada"), add_user(engine, "Bob")
    for change in (ADA_1, ADA_2, ADA_3):
        change_email(engine, ada, *change)
    change_email(engine, bob, *BOB_1)

    first, second, third = ADA_1[1], ADA_2[1], ADA_3[1]
    cases = [
        ("just before her first email", ada, first - MICROSECOND, None),
        ("exactly when her first email took effect", ada, first, ADA_1[0]),
        ("between her first and second change", ada, datetime(2024, 2, 15, tzinfo=UTC), ADA_1[0]),
        ("one microsecond before her second change", ada, second - MICROSECOND, ADA_1[0]),
        ("exactly at her second change", ada, second, ADA_2[0]),
        ("on 3 March at 14:05, the moment support asks about", ada, SUPPORT_ASKS, ADA_2[0]),
        (
            "at her second change, written as 14:00 in UTC+2",
            ada,
            second.astimezone(PARIS_SUMMER),
            ADA_2[0],
        ),
        (
            "at 13:59 in UTC+2, a minute before her second change",
            ada,
            (second - timedelta(minutes=1)).astimezone(PARIS_SUMMER),
            ADA_1[0],
        ),
        ("exactly at her third change", ada, third, ADA_3[0]),
        ("long after her last change", ada, datetime(2030, 1, 1, tzinfo=UTC), ADA_3[0]),
        ("for Bob, before he had any email", bob, first, None),
        ("for Bob, after his first email", bob, third, BOB_1[0]),
        ("for a user id that does not exist", 999, third, None),
    ]
    for what, user, at, expected in cases:
        found = answer(email_as_of, engine, user, at)
        assert found == expected, (
            f"email_as_of {what} ({at.isoformat()}) should be {expected!r}, got {found!r}. "
            "The answer is the latest version whose valid_from is at or before that moment, for "
            "that user; None if there is none"
        )


def test_setting_the_current_email_again_writes_nothing(engine):
    ada = add_user(engine, "Ada")
    change_email(engine, ada, *ADA_1)
    moments = [
        ("a month later", ADA_2[1]),
        ("at the very same moment (the same request delivered twice)", ADA_1[1]),
        ("dated a day before her version 1", ADA_1[1] - timedelta(days=1)),
    ]
    for what, at in moments:
        try:
            again = change_email(engine, ada, ADA_1[0], at)
        except ValueError as error:
            raise AssertionError(
                f"setting Ada's current email again, {what}, raised ValueError: that is not "
                "an error, only not a change, whatever its moment. Compare the email first: "
                "write nothing and return her current version number"
            ) from error
        assert history(engine) == [(ada, 1, *ADA_1)], (
            f"setting Ada's current email again, {what}, wrote something: it is not a "
            "change, so the history must stay as it was"
        )
        assert again == 1, (
            f"setting Ada's current email again, {what}, should return her current version, "
            f"1, got {again!r}"
        )

    change_email(engine, ada, *ADA_2)
    back = change_email(engine, ada, ADA_1[0], ADA_3[1])
    assert back == 3 and history(engine)[-1] == (ada, 3, ADA_1[0], ADA_3[1]), (
        f"Ada went back from {ADA_2[0]!r} to her first address: that is a change, version 3 "
        f"(only her *current* email counts as unchanged); got {back!r} and rows {history(engine)}"
    )


def test_a_change_dated_before_the_latest_version_is_refused(engine):
    ada = add_user(engine, "Ada")
    change_email(engine, ada, *ADA_2)
    for what, at in [("earlier than", ADA_1[1]), ("at the same moment as", ADA_2[1])]:
        error = refusal(change_email, engine, ada, ADA_3[0], at)
        assert isinstance(error, ValueError), (
            f"a change dated {what} Ada's latest version must raise ValueError (history only "
            f"grows forward), got {error!r}"
        )
        assert history(engine) == [(ada, 1, *ADA_2)], (
            f"a refused change dated {what} the latest version must write nothing"
        )
    assert change_email(engine, ada, *ADA_3) == 2, (
        "after the refusals, a change dated later than the latest version should become version 2"
    )
