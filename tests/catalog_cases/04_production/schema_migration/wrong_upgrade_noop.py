# mistake: upgrade left empty
# expect: after the upgrade, users has no created_at column


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# What every user who existed before this migration gets as created_at (ready to use).
LEGACY_CREATED_AT = datetime(2019, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
