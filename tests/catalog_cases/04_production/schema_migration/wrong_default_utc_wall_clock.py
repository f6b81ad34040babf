# mistake: the default is now() AT TIME ZONE 'utc', a timestamp without a time zone, which the timestamptz column then reads in the session's zone (Tokyo): every new user is dated 9 hours early.
# expect: 9 hours before its insert
# expect: The default dropped the time zone

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
    op.alter_column(
        "users",
        "created_at",
        nullable=False,
        server_default=sa.text("(now() AT TIME ZONE 'utc')"),
    )


def downgrade() -> None:
    op.drop_column("users", "created_at")
