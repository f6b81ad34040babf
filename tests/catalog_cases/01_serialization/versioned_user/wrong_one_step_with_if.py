# mistake: applies UPGRADES[version] once with an if instead of looping, so once a version 3
# exists a version 1 file gets only its first step
# expect: a version 1 file went through the steps [1] of UPGRADES instead of [1, 2]
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The format version that save_user writes and that User matches.
CURRENT_VERSION = 2


@dataclass
class User:
    username: str
    full_name: str
    email: str | None = None  # new in version 2


def upgrade_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Turn version 1 data (no email, no version key) into version 2 data."""
    # A new dict: the caller's data stays as it was read.
    return {**data, "version": 2, "email": None}


# UPGRADES[n] turns data of version n into data of version n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_v1_to_v2,
}


def save_user(user: User, path: Path) -> None:
    """Write `user` to `path` in the current format, with its version number."""
    data = {
        "version": CURRENT_VERSION,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def load_user(path: Path) -> User:
    """Read a user file of any known version; ValueError for a version newer than ours."""
    data = json.loads(path.read_text(encoding="utf-8"))
    # Version 1 wrote no version number: its absence is how we recognise it.
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(
            f"{path.name} is in format version {version}, written by a newer program; "
            f"this one reads versions up to {CURRENT_VERSION}"
        )
    if version < CURRENT_VERSION:
        data = UPGRADES[version](data)
    return User(username=data["username"], full_name=data["full_name"], email=data["email"])
