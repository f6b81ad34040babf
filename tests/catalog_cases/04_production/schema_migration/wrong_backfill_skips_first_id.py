# mistake: backfills in batches of ids whose lower bound is exclusive, so the first batch starts past the lowest id and user 1 is never backfilled.
# expect: the backfill missed 1 of the 307 users: id 1 (the lowest id)

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)

BATCH = 100


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    users = sa.table(
        "users", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True))
    )
    top = op.get_bind().execute(sa.select(sa.func.max(users.c.id))).scalar_one()
    for low in range(1, top + 1, BATCH):
        op.execute(
            users.update()
            .where(users.c.id > low, users.c.id <= low + BATCH)
            .values(created_at=LEGACY_CREATED_AT)
        )
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    op.drop_column("users", "created_at")
