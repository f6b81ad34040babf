# alternative: save_user uses dataclasses.asdict plus the version, load_user walks the chain with a
# for loop over range(version, CURRENT_VERSION) and picks the fields via dataclasses.fields.
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
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
    upgraded = dict(data)
    upgraded["version"] = 2
    upgraded["email"] = None
    return upgraded


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_v1_to_v2,
}


def save_user(user: User, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"version": CURRENT_VERSION, **asdict(user)}, f, indent=2)


def load_user(path: Path) -> User:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(
            f"{path} is in format version {version}; "
            f"this program only reads up to {CURRENT_VERSION}"
        )
    for step in range(version, CURRENT_VERSION):
        data = UPGRADES[step](data)
    return User(**{f.name: data[f.name] for f in fields(User)})
