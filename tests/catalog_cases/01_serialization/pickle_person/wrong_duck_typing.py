# mistake: duck-typed check (hasattr name) accepts any object with a name attribute, not only a Person.
# expect: the file held a SimpleNamespace
# expect: not by its attributes
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
    # anything that has the Person attributes is good enough
    if not (hasattr(person, "name") or hasattr(person, "institutions")):
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
