# mistake: __reduce__ instead of the two hooks: new pickles leave the password out, but a pickle
# written before the hooks (every attribute stored) is rebuilt by pickle's default, password and all
# expect: a pickle written before User had its hooks stores the password, and loading it gave password 'correct horse battery staple'
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
        public = asdict(self)
        del public["password"]
        with path.open("w", encoding="utf-8") as file:
            json.dump(public, file, indent=2)

    @classmethod
    def load_json(cls, path: Path) -> User:
        with path.open(encoding="utf-8") as file:
            data = json.load(file)
        return cls(**data, password=None)

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickling calls User(username, email, None): the password is never stored.
        return (type(self), (self.username, self.email, None))
