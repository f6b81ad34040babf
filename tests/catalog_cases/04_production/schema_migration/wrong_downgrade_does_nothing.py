# mistake: downgrade left as a no-op
# expect: after the downgrade, users still has created_at


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
    pass
