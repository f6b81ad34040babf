# mistake: __setstate__ uses an empty string as the safe default instead of None.
# expect: the unpickled user's password is '', it should be None
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any




@dataclass
class User:
    username: str
    email: str
    password: str | None

    def save_json(self, path: Path) -> None:
        data = {"username": self.username, "email": self.email}
        path.write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load_json(cls, path: Path) -> User:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["username"], data["email"], None)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "password"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.password = ""
