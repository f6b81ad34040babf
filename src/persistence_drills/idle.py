"""How long the runner's background helpers stay up once nobody needs them.

The warm service and the embedded PostgreSQL server both stay up for an idle period after a
one-shot command (`drills run`, `verify`, a `pytest` run), so that the next one finds them
ready; then they stop by themselves.
"""

from __future__ import annotations

import os

LINGER_VARIABLE = "DRILLS_PG_LINGER"  # seconds; the name says PostgreSQL, the main thing kept
DEFAULT_LINGER = 60.0


def linger_seconds() -> float:
    """DRILLS_PG_LINGER as seconds (0 = stop at once); the default for anything unreadable."""
    try:
        return max(0.0, float(os.environ.get(LINGER_VARIABLE, DEFAULT_LINGER)))
    except ValueError:
        return DEFAULT_LINGER
