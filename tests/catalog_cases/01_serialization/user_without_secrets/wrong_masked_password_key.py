# mistake: keeps the password key in the JSON but masks its value with "***"
# expect: the JSON file contains the word 'password'
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
        data = {"username": self.username, "email": self.email, "password": "***"}
        path.write_text(json.dumps(data))

    @classmethod
    def load_json(cls, path: Path) -> User:
        data = json.loads(path.read_text())
        return cls(data["username"], data["email"], None)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in vars(self).items() if key != "password"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self.password = None

