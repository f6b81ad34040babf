# mistake: save_json opens the file in append mode, so saving over an existing file leaves two JSON objects in it and the file no longer loads.
# expect: after saving alice and then bob to the same file, it no longer loads
# expect: open it with 'w', which starts it afresh, not 'a'
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
        with open(path, "a", encoding="utf-8") as f:
            json.dump(data, f)

    @classmethod
    def load_json(cls, path: Path) -> User:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["username"], data["email"], None)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "password"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.password = None
