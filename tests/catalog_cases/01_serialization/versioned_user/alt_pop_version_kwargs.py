# alternative: upgrade uses setdefault on a copy; load_user pops the version off and builds
# User(**rest), and refuses a newer file with a ValueError whose args carry the version.
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
    upgraded = data.copy()
    upgraded.setdefault("email", None)
    upgraded["version"] = 2
    return upgraded


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_v1_to_v2,
}


def save_user(user: User, path: Path) -> None:
    record = {"version": CURRENT_VERSION}
    record.update(username=user.username, full_name=user.full_name, email=user.email)
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


def load_user(path: Path) -> User:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(f"version {version} > {CURRENT_VERSION}: written by a newer program")
    while data.get("version", 1) < CURRENT_VERSION:
        data = UPGRADES[data.get("version", 1)](data)
    rest = dict(data)
    rest.pop("version")
    return User(**rest)
