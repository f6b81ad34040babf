# mistake: the backfill writes now() instead of LEGACY_CREATED_AT, so every existing user looks as if they signed up during the deploy.
# expect: that is the migration's own time
# expect: a backfill that writes now()

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET created_at = now()")
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    op.drop_column("users", "created_at")
