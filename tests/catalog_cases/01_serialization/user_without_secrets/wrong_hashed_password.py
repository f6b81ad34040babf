# mistake: pickles a hash of the password in place of the password
# expect: the pickle stores 'secret_digest'
from __future__ import annotations

import hashlib
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
        state = {"username": self.username, "email": self.email}
        if self.password is not None:
            state["secret_digest"] = hashlib.sha256(self.password.encode()).hexdigest()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.username = state["username"]
        self.email = state["email"]
        self.password = None
