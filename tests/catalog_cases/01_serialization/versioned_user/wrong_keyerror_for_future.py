# mistake: loops until the version equals CURRENT_VERSION and looks up UPGRADES for anything else,
# so a newer file crashes with KeyError instead of ValueError.
# expect: load_user let a KeyError (3) escape for a version 3 file
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
        "version": CURRENT_VERSION,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_user(path: Path) -> User:
    data = json.loads(path.read_text(encoding="utf-8"))
    version = data.get("version", 1)
    while version != CURRENT_VERSION:
        data = UPGRADES[version](data)
        version = data["version"]
    return User(data["username"], data["full_name"], data["email"])
