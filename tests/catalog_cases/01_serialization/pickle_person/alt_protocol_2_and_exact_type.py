# alternative: protocol 2 (still starts with 0x80) and an exact type check
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
    with open(path, "wb") as file:
        pickle.dump(person, file, protocol=2)


def load_person(path: Path) -> Person:
    with open(path, "rb") as file:
        loaded = pickle.load(file)
    if type(loaded) is not Person:
        raise TypeError("not a Person")
    return loaded
