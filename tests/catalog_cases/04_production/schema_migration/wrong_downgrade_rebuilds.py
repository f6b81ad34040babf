# mistake: downgrade rebuilds the old table by copying, ids kept, sequence lost
# expect: the downgrade must restore the exact old table


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.add_column("users", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(sa.text("UPDATE users SET created_at = :at").bindparams(at=LEGACY_CREATED_AT))
    op.alter_column("users", "created_at", nullable=False, server_default=sa.func.now())


def downgrade() -> None:
    op.create_table(
        "users_old",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(100), nullable=False),
    )
    op.execute("INSERT INTO users_old (id, name) SELECT id, name FROM users")
    op.drop_table("users")
    op.rename_table("users_old", "users")
