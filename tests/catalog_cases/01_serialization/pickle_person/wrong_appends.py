# mistake: opens the file with "ab", so a second save is appended and loading reads the first
# expect: open the file with 'wb'
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
    with open(path, "ab") as file:
        pickle.dump(person, file)


def load_person(path: Path) -> Person:
    with open(path, "rb") as file:
        person = pickle.load(file)
    if not isinstance(person, Person):
        raise TypeError("not a Person")
    return person
