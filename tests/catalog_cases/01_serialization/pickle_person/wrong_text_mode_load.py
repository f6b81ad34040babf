# mistake: saves in binary mode but loads in text mode ("r")
# expect: load_person read the pickle as text
# expect: open the file in binary mode, 'rb'
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
    with path.open("r") as file:
        loaded = pickle.load(file)
    if not isinstance(loaded, Person):
        raise TypeError("not a Person")
    return loaded
