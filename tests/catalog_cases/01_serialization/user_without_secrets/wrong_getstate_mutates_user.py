# mistake: __getstate__ deletes the password from self.__dict__ itself, so pickling wipes the live user
# expect: pickling changed the user in memory
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class User:
    username: str
    email: str
    password: str | None


    def save_json(self, path: Path) -> None:
        path.write_text(json.dumps({"username": self.username, "email": self.email}))

    @classmethod
    def load_json(cls, path: Path) -> User:
        data = json.loads(path.read_text())
        return cls(data["username"], data["email"], None)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__
        state.pop("password", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.password = None
