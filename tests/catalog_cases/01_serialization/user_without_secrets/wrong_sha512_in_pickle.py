# mistake: the pickled state keeps an unsalted sha512 hash of the password under the key "pw_hash" (a hash that can be cracked offline).
# expect: the pickle stores 'pw_hash'
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hashlib


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
        state = {"username": self.username, "email": self.email}
        if self.password is not None:
            # keep a hash so a reloaded user can still be checked against a login attempt
            state["pw_hash"] = hashlib.sha512(self.password.encode()).hexdigest()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.username = state["username"]
        self.email = state["email"]
        self.password = None
