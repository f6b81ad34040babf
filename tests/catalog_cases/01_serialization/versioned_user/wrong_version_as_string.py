# mistake: save_user writes the version as the string "2" instead of the number 2.
# expect: the saved file should say 'version': 2, found '2'
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
    return {**data, "version": 2, "email": None}


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_v1_to_v2,
}


def save_user(user: User, path: Path) -> None:
    data = {
        "version": str(CURRENT_VERSION),
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_user(path: Path) -> User:
    data = json.loads(path.read_text(encoding="utf-8"))
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(
            f"file format version {version} is newer than this program ({CURRENT_VERSION})"
        )
    while version < CURRENT_VERSION:
        data = UPGRADES[version](data)
        version = data["version"]
    return User(data["username"], data["full_name"], data["email"])
