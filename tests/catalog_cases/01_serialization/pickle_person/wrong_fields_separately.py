# mistake: pickles the three fields one after another instead of the Person object, so the file does not hold a pickled Person.
# expect: the file holds a pickled str, not the Person
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
        pickle.dump(person.name, f)
        pickle.dump(person.institutions, f)
        pickle.dump(person.colleagues, f)


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        name = pickle.load(f)
        institutions = pickle.load(f)
        colleagues = pickle.load(f)
    if not isinstance(name, str) or not isinstance(institutions, list):
        raise TypeError("the file does not hold a Person")
    return Person(name, institutions, colleagues)
