# alternative: adds and tightens through batch_alter_table (which on PostgreSQL emits plain ALTERs, no copy), and backfills through op.get_bind() with a text UPDATE.


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(
        sa.text("UPDATE users SET created_at = :at WHERE created_at IS NULL"),
        {"at": LEGACY_CREATED_AT},
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "created_at", nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("created_at")
