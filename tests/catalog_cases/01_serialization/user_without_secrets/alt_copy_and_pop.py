# alternative: __getstate__ copies __dict__ and pops the password; __setstate__ replaces __dict__ with the state; load_json reads via json.load on an open file.
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
        state = self.__getstate__()
        with open(path, "w", encoding="utf-8") as f:
            json.dump(state, f)

    @classmethod
    def load_json(cls, path: Path) -> User:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        user = cls.__new__(cls)
        user.__setstate__(data)
        return user

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("password", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__ = dict(state)
        self.password = None
