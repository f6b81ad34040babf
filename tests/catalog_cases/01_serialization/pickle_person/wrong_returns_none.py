# mistake: on a file holding something else it returns None instead of raising TypeError.
# expect: load_person returned None: it should raise TypeError
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
    with open(path, "wb") as f:
        pickle.dump(person, f)


def load_person(path: Path) -> Person | None:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if isinstance(person, Person):
        return person
    return None
