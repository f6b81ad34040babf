# alternative: an explicit whitelist of shareable fields, copied with getattr/setattr, and load_json routed through pickle-free **kwargs.
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

    SHARED = ("username", "email")

    def save_json(self, path: Path) -> None:
        data = {name: getattr(self, name) for name in self.SHARED}
        path.write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load_json(cls, path: Path) -> User:
        data = json.loads(path.read_bytes())
        return cls(**{name: data[name] for name in cls.SHARED}, password=None)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.SHARED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self.password = None
