# mistake: checks the type with assert, which raises AssertionError (not TypeError) and vanishes entirely under python -O.
# expect: load_person raised AssertionError: it should raise TypeError
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
    assert isinstance(person, Person), "not a Person"
    return person
