# alternative: plain SQL throughout, the backfill moment written as an explicit TIMESTAMPTZ literal in UTC.


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.TIMESTAMP(timezone=True), nullable=True))
    op.execute("UPDATE users SET created_at = TIMESTAMPTZ '2019-01-01 00:00:00+00'")
    op.execute("ALTER TABLE users ALTER COLUMN created_at SET NOT NULL")
    op.execute("ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now()")


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN created_at")
