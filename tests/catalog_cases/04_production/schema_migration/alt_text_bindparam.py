# alternative: a text UPDATE with a bound parameter, then NOT NULL and the default in two alter_column calls.


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True)))
    op.execute(sa.text("UPDATE users SET created_at = :at").bindparams(at=LEGACY_CREATED_AT))
    op.alter_column("users", "created_at", nullable=False)
    op.alter_column("users", "created_at", server_default=sa.text("now()"))


def downgrade() -> None:
    op.drop_column("users", "created_at")
