"""Names shared by the runner, the drill fixtures and the keeper: variables and database names.

Every database the runner creates is named `drills_<workspace>_...`, where <workspace> is a
short hash of the machine and the workspace's runtime folder: on a learner's own server
(DRILLS_POSTGRES_URL) nothing else is ever created or dropped, and two workspaces sharing one
server never touch each other's databases.

    drills_<ws>_pool_<token>     ready for a check, never connected to by anyone yet
    drills_<ws>_<run>_<n>        the n-th database handed out in run <run>
    drills_<ws>_new_<token>      being made for the pool by the keeper
"""

from __future__ import annotations

import hashlib
import platform
import secrets
from pathlib import Path

URL_VARIABLE = "DRILLS_POSTGRES_URL"  # the learner's own server

# The child's environment, set by the provider for each run (or by the pytest plugin itself).
ADMIN_SETTING = "DRILLS_PG_ADMIN"  # libpq URI of the maintenance database
PREFIX_SETTING = "DRILLS_PG_PREFIX"  # this run's database names start with it
POOL_SETTING = "DRILLS_PG_POOL"  # ready databases' names start with it
# Seconds a run's first connection may wait: the runner may still be starting the server.
WAIT_SETTING = "DRILLS_PG_WAIT"


def workspace_tag(state_dir: Path) -> str:
    where = f"{platform.node()}:{state_dir.resolve()}"
    return hashlib.sha1(where.encode()).hexdigest()[:6]


def ours(tag: str) -> str:
    return f"drills_{tag}_"


def pool_prefix(tag: str) -> str:
    return f"drills_{tag}_pool_"


def fresh_pool_name(tag: str) -> tuple[str, str]:
    """(the name while it is made, the name once it is ready)"""
    token = secrets.token_hex(4)
    return f"drills_{tag}_new_{token}", f"drills_{tag}_pool_{token}"


def new_run(tag: str) -> tuple[str, str]:
    """(run id, the prefix of its databases)"""
    run = secrets.token_hex(3)
    return run, f"drills_{tag}_{run}_"


def run_of(tag: str, database: str) -> str | None:
    """The run a database was handed out in, None for pool and keeper databases."""
    if not database.startswith(ours(tag)):
        return None
    run, _, number = database[len(ours(tag)) :].partition("_")
    return run if run not in ("pool", "new") and number.isdigit() else None
