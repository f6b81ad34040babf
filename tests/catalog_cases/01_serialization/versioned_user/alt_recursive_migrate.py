# alternative: a recursive migrate() helper that applies one upgrade and recurses until the data is
# current; the version check lives in load_user before migrating.
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


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 1)
    if version == CURRENT_VERSION:
        return data
    return migrate(UPGRADES[version](data))


def load_user(path: Path) -> User:
    data = json.loads(path.read_bytes())
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(f"unsupported future format: version {version}")
    data = migrate(data)
    return User(username=data["username"], full_name=data["full_name"], email=data["email"])
