# mistake: the pickled state keeps the password base64-encoded under the key "pw", which anyone can decode.
# expect: the pickle stores 'pw', 'Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ=='
# expect: a hash or an encoding of the password can be cracked or turned back into it
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import base64


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
            # not stored in clear text
            state["pw"] = base64.b64encode(self.password.encode()).decode()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.password = None
