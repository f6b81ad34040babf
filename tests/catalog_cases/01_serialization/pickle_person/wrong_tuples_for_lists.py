# mistake: stores the lists as tuples to keep them immutable, so the loaded Person has tuples instead of lists.
# expect: institutions came back as ('University of London',) (a tuple), saved as ['University of London'] (a list)
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
    frozen = Person(person.name, tuple(person.institutions), tuple(person.colleagues))
    with open(path, "wb") as f:
        pickle.dump(frozen, f)


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if not isinstance(person, Person):
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
