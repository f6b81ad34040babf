# mistake: pickles the fields as a dict, so loading hands back a dict instead of a Person
# expect: the file holds a pickled dict, not the Person
from __future__ import annotations

import pickle
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Person:
    name: str
    institutions: list[str] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)


def save_person(person: Person, path: Path) -> None:
    with open(path, "wb") as file:
        pickle.dump(asdict(person), file)


def load_person(path: Path) -> Person:
    with open(path, "rb") as file:
        return pickle.load(file)
