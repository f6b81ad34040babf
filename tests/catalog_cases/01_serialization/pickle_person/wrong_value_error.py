# mistake: raises ValueError instead of the TypeError the docstring asks for when the file holds something else.
# expect: load_person raised ValueError: it should raise TypeError
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


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if not isinstance(person, Person):
        raise ValueError(f"expected a Person, got {type(person).__name__}")
    return person
