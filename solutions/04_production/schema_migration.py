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
  nullability and defaults, and every row still there.

Why in that order: PostgreSQL refuses NOT NULL on a column while any row holds NULL in it, so a
column added with `nullable=False` and no default fails on a populated table, and so does
`SET NOT NULL` before the backfill. A `server_default=now()` given while adding the column
fills every existing user with the migration's own time: a date that looks real and is not.
And a migration must change the table in place: copying the rows into a new table and
swapping it in renumbers the ids (every reference to a user breaks) and loses the rows written
during the copy. (PostgreSQL 11+ offers a shortcut, which the checks accept too since they look
at the result: add the column NOT NULL with the constant default '2019-01-01 00:00+00', which
fills every row without rewriting the table, then change the default to now().)

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
nullability, defaults, keys and rows, and `alembic_version` is empty; and upgrading again after
a downgrade works.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    """Add users.created_at: nullable, backfilled with LEGACY_CREATED_AT, then NOT NULL."""
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))

    # A lightweight table description, enough to write the UPDATE in SQLAlchemy Core.
    users = sa.table("users", sa.column("created_at", sa.DateTime(timezone=True)))
    op.execute(users.update().values(created_at=LEGACY_CREATED_AT))

    # Every row has a value now, so PostgreSQL accepts NOT NULL; new rows get now().
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    """Put users back exactly as it was before upgrade()."""
    op.drop_column("users", "created_at")


# --- checks: these run on every save; do not edit below ---
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


def migrate(engine, config, direction):
    """Run `alembic upgrade head` or `alembic downgrade base` in one committed transaction."""
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        try:
            if direction == "upgrade":
                command.upgrade(config, "head")
            else:
                command.downgrade(config, "base")
        except IntegrityError as error:
            if getattr(error.orig, "pgcode", None) == "23502":  # not_null_violation
                raise AssertionError(
                    f"the {direction} failed: PostgreSQL refused NOT NULL on created_at because "
                    "some rows had no value in it yet. Add the column as nullable, backfill "
                    "every row, and only then make it NOT NULL"
                ) from error
            raise
        except ProgrammingError as error:
            if getattr(error.orig, "pgcode", None) == "42701":  # duplicate_column
                raise AssertionError(
                    f"the {direction} failed: users already has the column it adds. Did the "
                    "downgrade before it leave created_at behind?"
                ) from error
            raise


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
    assert after == before, (
        f"the upgrade must keep every user with its id and name: {differences(before, after)}. "
        "Copying the rows into a new table renumbers them: change the table in place "
        "(op.add_column)"
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
            "that is the migration's own time: a server default given while adding the column "
            "fills every existing row with now(). Backfill with LEGACY_CREATED_AT first, set "
            "the default afterwards"
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


def test_a_user_inserted_later_gets_the_time_of_the_insert(engine, alembic_config):
    migrate(engine, alembic_config, "upgrade")
    assert_created_at_exists(engine)
    old_ids = user_rows(engine).keys()
    try:
        with engine.begin() as connection:
            row = connection.execute(
                sa.text("INSERT INTO users (name) VALUES ('newcomer') RETURNING id, created_at")
            ).one()
            now = connection.execute(sa.text("SELECT now()")).scalar_one()
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
    assert row.id not in old_ids, f"the new user got id {row.id}, which an old user holds"
    inserted_at = row.created_at.astimezone(UTC) if row.created_at else None
    assert inserted_at is not None and inserted_at != LEGACY, (
        f"a user inserted after the migration got created_at = {inserted_at}: the server "
        "default must be now() (the time of the insert), not the backfill value"
    )
    assert abs(inserted_at - now) < timedelta(minutes=1), (
        f"a user inserted at {now.astimezone(UTC)} got created_at = {inserted_at}: the "
        "server default must be now(), the time of the insert"
    )


def test_the_downgrade_restores_the_old_table(engine, alembic_config):
    schema_before, users_before = users_schema(engine), user_rows(engine)
    migrate(engine, alembic_config, "upgrade")
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
    assert users_after == users_before, (
        f"the downgrade must keep every user with its id and name: "
        f"{differences(users_before, users_after)}"
    )
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
    assert user_rows(engine) == before, "upgrade, downgrade, upgrade must keep every user"
    assert set(created_at_by_id(engine).values()) == {LEGACY}, (
        "after upgrade, downgrade, upgrade, every user should again have created_at = "
        "2019-01-01 00:00 UTC"
    )
    assert stamped_revisions(engine) == [REVISION], (
        f"alembic_version should hold {REVISION!r} again, found {stamped_revisions(engine)}"
    )
