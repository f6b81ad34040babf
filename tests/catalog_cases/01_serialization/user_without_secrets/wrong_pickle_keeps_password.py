# mistake: leaves the password out of the JSON but lets pickle store every attribute
# expect: the pickle file contains the word 'password'
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
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
