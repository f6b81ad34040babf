# mistake: loads with pickle.load(open(path, "rb")) and never closes the file
# expect: load_person left the file open
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
    with path.open("wb") as file:
        pickle.dump(person, file)


def load_person(path: Path) -> Person:
    loaded = pickle.load(open(path, "rb"))
    if not isinstance(loaded, Person):
        raise TypeError("not a Person")
    return loaded
