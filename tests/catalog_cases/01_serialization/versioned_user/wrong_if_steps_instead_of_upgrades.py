# mistake: an if per old version that calls upgrade_v1_to_v2 itself instead of the UPGRADES
# chain: when version 3 comes, every if must be rewritten, and files of version 1 miss the new step
# expect: the steps of UPGRADES it ran were []
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
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
    data.setdefault("email", None)
    data["version"] = 2
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: upgrade_v1_to_v2}


def save_user(user: User, path: Path) -> None:
    with path.open("w", encoding="utf-8") as file:
        json.dump({"version": CURRENT_VERSION, **asdict(user)}, file)


def load_user(path: Path) -> User:
    with path.open(encoding="utf-8") as file:
        data = json.load(file)
    if "version" not in data:
        data = upgrade_v1_to_v2(data)
    if data["version"] != CURRENT_VERSION:
        raise ValueError(f"cannot read format version {data['version']}")
    del data["version"]
    return User(**data)
