# alternative: pickle.dumps/loads with Path.write_bytes/read_bytes and the highest protocol
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Person:
    name: str
    institutions: list[str] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)


def save_person(person: Person, path: Path) -> None:
    path.write_bytes(pickle.dumps(person, protocol=pickle.HIGHEST_PROTOCOL))


def load_person(path: Path) -> Person:
    match pickle.loads(path.read_bytes()):
        case Person() as person:
            return person
        case other:
            raise TypeError(f"expected a Person, found {type(other).__name__}")
