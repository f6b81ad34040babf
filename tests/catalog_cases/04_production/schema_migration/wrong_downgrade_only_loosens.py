# mistake: the downgrade only drops the default and the NOT NULL, leaving the created_at column behind.
# expect: after the downgrade, users still has created_at: downgrade() must drop it
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
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    users = sa.table("users", sa.column("created_at", sa.DateTime(timezone=True)))
    op.execute(users.update().values(created_at=LEGACY_CREATED_AT))
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    op.alter_column("users", "created_at", nullable=True, server_default=None)
