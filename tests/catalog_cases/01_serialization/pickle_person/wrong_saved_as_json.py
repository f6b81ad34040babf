# mistake: saves the Person as JSON (it round-trips, but the file is not a pickle)
# expect: not with pickle's header byte 0x80
from __future__ import annotations

import json
import pickle
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Person:
    name: str
    institutions: list[str] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)


def save_person(person: Person, path: Path) -> None:
    path.write_text(json.dumps(asdict(person)))


def load_person(path: Path) -> Person:
    data = json.loads(path.read_text())
    if not isinstance(data, dict):
        raise TypeError("not a person")
    return Person(**data)
