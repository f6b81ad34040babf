# mistake: recreates the table, copying the ids, but the new sequence starts at 1
# expect: the id its sequence gave is taken by an old user


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.create_table(
        "users_new",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.execute(
        sa.text(
            "INSERT INTO users_new (id, name, created_at) SELECT id, name, :at FROM users"
        ).bindparams(at=LEGACY_CREATED_AT)
    )
    op.drop_table("users")
    op.rename_table("users_new", "users")


def downgrade() -> None:
    op.drop_column("users", "created_at")
