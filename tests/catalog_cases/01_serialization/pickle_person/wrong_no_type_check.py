# mistake: trusts pickle.load to return a Person and never checks what the file held
# expect: it should raise TypeError when the unpickled object is not a Person
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
        pickle.dump(person, file)


def load_person(path: Path) -> Person:
    with open(path, "rb") as file:
        return pickle.load(file)
