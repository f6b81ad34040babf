# mistake: forgets the backfill
# expect: PostgreSQL refused NOT NULL on created_at
# expect: backfill
# expect: SET NOT NULL ran while none of the 307 users had a created_at yet


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    op.drop_column("users", "created_at")
