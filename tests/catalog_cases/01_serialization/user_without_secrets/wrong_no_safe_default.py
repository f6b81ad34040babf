# mistake: __getstate__ drops the password but there is no __setstate__, so the loaded user has no password attribute at all
# expect: set that safe default in __setstate__
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
        state = self.__dict__.copy()
        del state["password"]
        return state
