# mistake: opens the file in text mode ("w", "r"); pickle writes and reads bytes
# expect: pickle writes bytes, so open the file in binary mode, 'wb'
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
    with path.open("w") as file:
        pickle.dump(person, file)


def load_person(path: Path) -> Person:
    with path.open("r") as file:
        loaded = pickle.load(file)
    if not isinstance(loaded, Person):
        raise TypeError("not a Person")
    return loaded
