# alternative: the backfill value as sa.literal() of a typed DateTime, and clock_timestamp() (the moment of the insert itself) as the default.

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.TIMESTAMP(timezone=True)))
    users = sa.table("users", sa.column("created_at"))
    op.execute(
        users.update().values(
            created_at=sa.literal(LEGACY_CREATED_AT, type_=sa.DateTime(timezone=True))
        )
    )
    op.alter_column(
        "users",
        "created_at",
        existing_type=sa.TIMESTAMP(timezone=True),
        nullable=False,
        server_default=sa.text("clock_timestamp()"),
    )


def downgrade() -> None:
    op.drop_column("users", "created_at")
