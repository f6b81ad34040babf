# alternative: dataclasses.asdict minus the password for both formats, and __setstate__ re-runs __init__ with password None.
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dataclasses import asdict


@dataclass
class User:
    username: str
    email: str
    password: str | None

    def _shareable(self) -> dict[str, Any]:
        data = asdict(self)  # a new dict, deep-copied
        data.pop("password")
        return data

    def save_json(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            json.dump(self._shareable(), f, indent=2)

    @classmethod
    def load_json(cls, path: Path) -> User:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
        return cls(username=data["username"], email=data["email"], password=None)

    def __getstate__(self) -> dict[str, Any]:
        return self._shareable()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state, password=None)
