"""Schema migration: a new column on a table that is already full.

Scenario: the `users(id, name)` table has been in production for years and holds every
customer the company has. The product team now wants to know when each user signed up. The
table was created by the first version of the app, before the team used migrations; this is
its first Alembic migration, and it will run against the live database during a deploy, while
the old version of the app is still inserting users that know nothing of the new column.

Write the migration's two functions with Alembic's operations API (`from alembic import op`):

- `upgrade()` adds `created_at` in three steps:
  1. add `created_at`, a `TIMESTAMP WITH TIME ZONE` column (`sa.DateTime(timezone=True)`),
     nullable for now;
  2. backfill it: every existing user gets `LEGACY_CREATED_AT`, 2019-01-01 00:00 UTC, the day
     the service opened (nobody knows the real dates, and the team chose this one);
  3. make it NOT NULL, with a server default of `now()`: from then on, a user inserted without
     `created_at` (by the old app, say) gets the time of the insert.
  The column ends as `created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`.
- `downgrade()` puts the table back exactly as it was: the same columns with the same types,
  nullability and defaults, and every row still there, users who signed up after the upgrade
  included.

Why in that order: PostgreSQL refuses NOT NULL on a column while any row holds NULL in it, so a
column added with `nullable=False` and no default fails on a populated table, and so does
`SET NOT NULL` before the backfill. A `server_default=now()` given while adding the column
fills every existing user with the migration's own time: a date that looks real and is not.
The default must be the function now(), not the string 'now' (`server_default="now"`), which
PostgreSQL reads once, at the ALTER, and keeps as a constant: every later user would get the
migration's moment. And a migration must change the table in place: copying the rows into a
new table and swapping it in renumbers the ids (every reference to a user breaks) and loses
the rows written during the copy. (PostgreSQL 11+ offers a shortcut, which the checks accept
too since they look at the result: add the column NOT NULL with the constant default
'2019-01-01 00:00+00', which fills every row without rewriting the table, then change the
default to now().)

How the checks run your functions: through Alembic itself, as a deploy would. In a temporary
folder they write a script directory (an `env.py` that runs migrations on a connection they
pass in, and a revision file whose `upgrade()` and `downgrade()` call yours), fill `users` with
a few hundred rows whose ids have gaps, and run `alembic upgrade head` and `alembic downgrade
base` (`command.upgrade` and `command.downgrade`) on a fresh PostgreSQL database. The
migration's connection uses the time zone Asia/Tokyo, as a server abroad might: write the
backfill moment unambiguously (pass `LEGACY_CREATED_AT` as a bound parameter; the text
'2019-01-01' would mean midnight in Tokyo).

Concept: expand-then-tighten migrations (add nullable, backfill, add the constraint);
reversible migrations; Alembic's `op.add_column`, `op.alter_column`, `op.execute`,
`op.drop_column`; PostgreSQL runs DDL inside transactions, so a migration that fails halfway
leaves nothing behind.

Done when: after the upgrade every user keeps its id and name, every existing user has
`created_at` = 2019-01-01 00:00 UTC, the column is `TIMESTAMP WITH TIME ZONE NOT NULL`, a user
inserted without `created_at` gets the time of the insert (and a new id), and `alembic_version`
holds the revision; after the downgrade the table has exactly its old columns, types,
nullability, defaults, keys and rows (those inserted since the upgrade too), and
`alembic_version` is empty; and upgrading again after a downgrade works.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    """Add users.created_at: nullable, backfilled with LEGACY_CREATED_AT, then NOT NULL."""
    # TODO: add the column: op.add_column("users", sa.Column(...)), a DateTime with a time
    #       zone, nullable for now.
    # TODO: backfill every existing row with LEGACY_CREATED_AT, passed as a parameter (an
    #       UPDATE through op.execute; sa.table("users", sa.column(...)) describes the table).
    # TODO: only then, op.alter_column: NOT NULL, and a server default of now() for new rows.
    raise NotImplementedError


def downgrade() -> None:
    """Put users back exactly as it was before upgrade()."""
    # TODO: undo the upgrade, and nothing more.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import re
import sys
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.exc import IntegrityError, ProgrammingError

REVISION = "3f2a9c1d7b6e"
TOKYO = "Asia/Tokyo"
LEGACY = datetime(2019, 1, 1, tzinfo=UTC)  # the docstring's value, whatever the constant says

ENV_PY = '''\
"""env.py, online only: run the migrations on the connection the checks pass in."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
'''

REVISION_PY = f'''\
"""Add users.created_at: the drill's own upgrade() and downgrade()."""
from alembic import context

revision = {REVISION!r}
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    context.config.attributes["drill"].upgrade()


def downgrade() -> None:
    context.config.attributes["drill"].downgrade()
'''

# users as the first version of the app made it, filled with 400 users of which some were
# deleted since (ids 120 to 160 and every seventh): the ids have gaps, as in any real table.
LEGACY_SCHEMA = [
    "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL)",
    "INSERT INTO users (name) SELECT 'user-' || n FROM generate_series(1, 400) AS n",
    "DELETE FROM users WHERE id % 7 = 0 OR id BETWEEN 120 AND 160",
]


@pytest.fixture
def engine(pg_url):
    # The migration's connections use Tokyo time, so a backfill written as a bare
    # '2019-01-01' lands nine hours early instead of passing by luck on a UTC server.
    engine = sa.create_engine(pg_url, connect_args={"options": f"-c timezone={TOKYO}"})
    with engine.begin() as connection:
        for statement in LEGACY_SCHEMA:
            connection.execute(sa.text(statement))
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config(tmp_path):
    """An Alembic project in tmp_path whose only revision calls this drill's functions."""
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text(ENV_PY, encoding="utf-8")
    (scripts / "versions" / f"{REVISION}_add_created_at.py").write_text(
        REVISION_PY, encoding="utf-8"
    )
    config = Config()
    config.set_main_option("script_location", str(scripts))
    config.attributes["drill"] = sys.modules[__name__]
    return config


# Alembic writes `ALTER TABLE users ALTER COLUMN created_at SET NOT NULL`; SQL by hand may
# quote the names or leave COLUMN out.
SET_NOT_NULL = re.compile(
    r'ALTER TABLE "?users"? ALTER (COLUMN )?"?created_at"? SET NOT NULL', re.IGNORECASE
)


def migrate(engine, config, direction):
    """Run `alembic upgrade head` or `alembic downgrade base` in one committed transaction."""
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        # What the table held just before each SET NOT NULL on created_at, for the message.
        before_not_null: list[tuple[list[int], int, int, int]] = []

        def note_nulls(conn, cursor, statement, parameters, context, executemany):
            if SET_NOT_NULL.search(" ".join(statement.split())):
                with cursor.connection.cursor() as look:
                    look.execute("SELECT id FROM users WHERE created_at IS NULL ORDER BY id")
                    nulls = [id_ for (id_,) in look.fetchall()]
                    look.execute("SELECT count(*), min(id), max(id) FROM users")
                    count, lowest, highest = look.fetchone()
                before_not_null.append((nulls, count, lowest, highest))

        sa.event.listen(connection, "before_cursor_execute", note_nulls)
        try:
            if direction == "upgrade":
                command.upgrade(config, "head")
            else:
                command.downgrade(config, "base")
        except IntegrityError as error:
            if getattr(error.orig, "pgcode", None) == "23502":  # not_null_violation
                raise AssertionError(
                    f"the {direction} failed: PostgreSQL refused NOT NULL on created_at because "
                    f"{why_nulls_were_left(error.statement, before_not_null)}"
                ) from error
            raise
        except ProgrammingError as error:
            if getattr(error.orig, "pgcode", None) == "42701":  # duplicate_column
                raise AssertionError(
                    f"the {direction} failed: users already has the column it adds. Did the "
                    "downgrade before it leave created_at behind?"
                ) from error
            raise
        finally:
            sa.event.remove(connection, "before_cursor_execute", note_nulls)


def why_nulls_were_left(statement: str, before_not_null: list) -> str:
    """Why rows still held NULL when NOT NULL was demanded, from what migrate() saw."""
    add = "Add the column as nullable, backfill every row, and only then make it NOT NULL"
    if not before_not_null:
        if "ADD" in statement.upper():
            return f"it was added NOT NULL to a table full of users with no value for it. {add}"
        return f"some users had no value in it yet. {add}"
    nulls, count, lowest, highest = before_not_null[-1]
    if len(nulls) == count:
        return f"SET NOT NULL ran while none of the {count} users had a created_at yet. {add}"
    shown = ", ".join(map(str, nulls[:5])) + (", ..." if len(nulls) > 5 else "")
    ends = [
        f"the {end} id" for end, key in (("lowest", lowest), ("highest", highest)) if key in nulls
    ]
    if len(nulls) == 1:
        which = f"id {shown}" + (f" ({ends[0]})" if ends else "")
    else:
        which = f"ids {shown}" + (f" ({' and '.join(ends)} among them)" if ends else "")
    return (
        f"the backfill missed {len(nulls)} of the {count} users: {which} still had no "
        "created_at when SET NOT NULL ran. Backfill every row: one UPDATE with no WHERE clause, "
        "or batches whose bounds take in the first and the last id"
    )


def user_rows(engine) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, name FROM users")).all())


def created_at_by_id(engine) -> dict[int, datetime | None]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, created_at FROM users"))
        return dict(rows.all())


def stamped_revisions(engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        )


def users_schema(engine) -> dict[str, object]:
    """What the inspector says about the users table: enough to tell any change."""
    inspector = sa.inspect(engine)
    columns = [
        (column["name"], str(column["type"]), column["nullable"], column["default"])
        for column in inspector.get_columns("users")
    ]
    return {
        "columns (name, type, nullable, default)": columns,
        "primary key": inspector.get_pk_constraint("users")["constrained_columns"],
        "indexes": sorted(str(index) for index in inspector.get_indexes("users")),
        "unique constraints": sorted(str(u) for u in inspector.get_unique_constraints("users")),
        "check constraints": sorted(str(c) for c in inspector.get_check_constraints("users")),
    }


def column_names(engine) -> list[str]:
    return [column["name"] for column in sa.inspect(engine).get_columns("users")]


def assert_created_at_exists(engine) -> None:
    assert "created_at" in column_names(engine), (
        "after the upgrade, users has no created_at column: upgrade() must add it"
    )


def differences(before: dict[int, str], after: dict[int, str]) -> str:
    gone = sorted(before.keys() - after.keys())
    new = sorted(after.keys() - before.keys())
    renamed = sorted(key for key in before.keys() & after.keys() if before[key] != after[key])
    parts = []
    if gone:
        parts.append(f"{len(gone)} ids are gone (e.g. {gone[:3]})")
    if new:
        parts.append(f"{len(new)} ids appeared (e.g. {new[:3]})")
    if renamed:
        key = renamed[0]
        parts.append(f"{len(renamed)} ids now hold another user (id {key}: {after[key]!r})")
    return "; ".join(parts)


def test_the_upgrade_keeps_every_user_and_id(engine, alembic_config):
    before = user_rows(engine)
    migrate(engine, alembic_config, "upgrade")
    after = user_rows(engine)
    changed = differences(before, after)  # a sentence, so that pytest shows no 400-row diff
    assert not changed, (
        f"the upgrade must keep every user with its id and name: {changed}. Copying the rows "
        "into a new table renumbers them: change the table in place (op.add_column)"
    )
    assert_created_at_exists(engine)
    assert stamped_revisions(engine) == [REVISION], (
        f"alembic_version should hold the revision {REVISION!r} after the upgrade, "
        f"found {stamped_revisions(engine)}"
    )


def test_every_existing_user_gets_the_legacy_created_at(engine, alembic_config):
    migrate(engine, alembic_config, "upgrade")
    assert_created_at_exists(engine)
    values = created_at_by_id(engine)
    wrong = {key: value for key, value in values.items() if value != LEGACY}
    if not wrong:
        return
    key, value = min(wrong.items())
    if value is None:
        why = "the backfill did not reach it: UPDATE every row, with no WHERE clause"
    elif value.tzinfo is None:
        why = "it came back without a time zone: the column must be sa.DateTime(timezone=True)"
    elif value - LEGACY == timedelta(hours=-9):
        why = (
            "that is midnight in Tokyo, the session's time zone: a timestamp written without a "
            "time zone is read in the session's. Pass LEGACY_CREATED_AT as a bound parameter"
        )
    elif value > datetime.now(UTC) - timedelta(hours=1):
        why = (
            "that is the migration's own time: existing rows got now(), from a server default "
            "given while adding the column (or a backfill that writes now()). Backfill with "
            "LEGACY_CREATED_AT first, set the default afterwards"
        )
    else:
        why = "every existing user must get LEGACY_CREATED_AT"
    shown = value.astimezone(UTC) if value is not None and value.tzinfo else value
    raise AssertionError(
        f"existing users should get created_at = 2019-01-01 00:00 UTC, but {len(wrong)} of "
        f"{len(values)} did not; user {key} got {shown}: {why}"
    )


def test_created_at_ends_not_null_with_a_time_zone(engine, alembic_config):
    migrate(engine, alembic_config, "upgrade")
    column = next(
        (c for c in sa.inspect(engine).get_columns("users") if c["name"] == "created_at"), None
    )
    assert column is not None, "after the upgrade, users has no created_at column"
    assert isinstance(column["type"], sa.DateTime) and column["type"].timezone, (
        f"created_at should be TIMESTAMP WITH TIME ZONE (sa.DateTime(timezone=True)), "
        f"found {column['type']}"
    )
    assert column["nullable"] is False, (
        "after the upgrade created_at must be NOT NULL: finish with "
        "op.alter_column(..., nullable=False)"
    )


def insert_user(engine, statement: str):
    """Insert one user after the upgrade, as the app would; returns the row it RETURNs."""
    try:
        with engine.begin() as connection:
            return connection.execute(sa.text(statement)).one()
    except IntegrityError as error:
        if getattr(error.orig, "pgcode", None) == "23505":  # unique_violation
            raise AssertionError(
                "after the upgrade, inserting a user fails: the id its sequence gave is taken "
                "by an old user. Was the table recreated? Change it in place (op.add_column)"
            ) from error
        raise AssertionError(
            "after the upgrade, inserting a user without created_at (what the old app does "
            f"during the deploy) fails: {type(error.orig).__name__}. Give the column a server "
            "default of now() (op.alter_column(..., server_default=sa.func.now()))"
        ) from error


def server_now(engine) -> datetime:
    """The server's now(), in a transaction of its own: the moment that transaction began."""
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT now()")).scalar_one().astimezone(UTC)


def test_a_user_inserted_later_gets_the_time_of_the_insert(engine, alembic_config):
    migrate(engine, alembic_config, "upgrade")
    assert_created_at_exists(engine)
    old_ids = user_rows(engine).keys()
    # Three transactions, one after the other, all after the migration's: whatever default
    # created_at has, a user inserted in the middle one must get a moment between the others.
    earliest = server_now(engine)
    row = insert_user(engine, "INSERT INTO users (name) VALUES ('newcomer') RETURNING *")
    latest = server_now(engine)
    assert row.id not in old_ids, f"the new user got id {row.id}, which an old user holds"
    assert row.created_at is not None and row.created_at.tzinfo is not None, (
        f"a user inserted after the migration got created_at = {row.created_at}, without a "
        "time zone: the column must be TIMESTAMP WITH TIME ZONE (sa.DateTime(timezone=True))"
    )
    inserted_at = row.created_at.astimezone(UTC)
    assert inserted_at != LEGACY, (
        f"a user inserted after the migration got created_at = {inserted_at}: the server "
        "default must be now() (the time of the insert), not the backfill value"
    )
    tokyo_offset = timedelta(hours=9)
    if abs(earliest - inserted_at - tokyo_offset) < timedelta(minutes=1):
        raise AssertionError(
            f"a user inserted at {earliest} got created_at = {inserted_at}, "
            "9 hours before its insert: Tokyo's offset, the session's time zone. The default "
            "dropped the time zone (now() AT TIME ZONE 'utc' gives a UTC wall-clock time, which "
            "the column then reads as Tokyo's): the default is now()"
        )
    if inserted_at < earliest:
        raise AssertionError(
            f"a user inserted at {earliest} got created_at = {inserted_at}, "
            f"{earliest - inserted_at} before its insert: the default is a moment fixed when "
            "the migration ran. The string 'now' as a default is read once, by the ALTER, and "
            "stored as that constant; give the function: server_default=sa.func.now()"
        )
    assert inserted_at <= latest, (
        f"a user inserted at {earliest} got created_at = {inserted_at}, "
        f"{inserted_at - earliest} after its insert: the server default must be now(), the "
        "time of the insert, in UTC or with its time zone"
    )


def test_the_downgrade_restores_the_old_table(engine, alembic_config):
    schema_before = users_schema(engine)
    migrate(engine, alembic_config, "upgrade")
    assert_created_at_exists(engine)
    # Someone signs up between the deploy and its rollback: the downgrade must keep them.
    newcomer = insert_user(
        engine, "INSERT INTO users (name, created_at) VALUES ('newcomer', now()) RETURNING id"
    )
    users_before = user_rows(engine)
    migrate(engine, alembic_config, "downgrade")
    assert "created_at" not in column_names(engine), (
        "after the downgrade, users still has created_at: downgrade() must drop it"
    )
    schema_after = users_schema(engine)
    changed = [
        f"{key}: {[x for x in schema_before[key] if x not in schema_after[key]]} became "
        f"{[x for x in schema_after[key] if x not in schema_before[key]]}"
        for key in schema_before
        if schema_before[key] != schema_after[key]
    ]
    assert not changed, "the downgrade must restore the exact old table; " + "; ".join(changed)
    users_after = user_rows(engine)
    newcomer_kept = newcomer.id in users_after
    assert newcomer_kept, (
        f"the downgrade deleted user {newcomer.id} ('newcomer'), who signed up after the "
        "upgrade: a rollback of the schema must keep every customer. Drop the column, and "
        "delete no rows"
    )
    changed = differences(users_before, users_after)
    assert not changed, f"the downgrade must keep every user with its id and name: {changed}"
    assert stamped_revisions(engine) == [], (
        f"after downgrading to base, alembic_version should be empty, found "
        f"{stamped_revisions(engine)}"
    )


def test_the_upgrade_runs_again_after_a_downgrade(engine, alembic_config):
    before = user_rows(engine)
    migrate(engine, alembic_config, "upgrade")
    migrate(engine, alembic_config, "downgrade")
    migrate(engine, alembic_config, "upgrade")
    assert_created_at_exists(engine)
    changed = differences(before, user_rows(engine))
    assert not changed, f"upgrade, downgrade, upgrade must keep every user: {changed}"
    assert set(created_at_by_id(engine).values()) == {LEGACY}, (
        "after upgrade, downgrade, upgrade, every user should again have created_at = "
        "2019-01-01 00:00 UTC"
    )
    assert stamped_revisions(engine) == [REVISION], (
        f"alembic_version should hold {REVISION!r} again, found {stamped_revisions(engine)}"
    )
