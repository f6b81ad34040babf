# mistake: __getstate__ deletes the password from what object.__getstate__ returns, which is the live __dict__, not a copy.
# expect: pickling changed the user in memory
# expect: __getstate__ must return a new dict
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
        state = super().__getstate__()
        del state["password"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.password = None
