# mistake: opens the file without a with block and never closes it
# expect: save_person left the file open
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
    file = open(path, "wb")
    pickle.dump(person, file)


def load_person(path: Path) -> Person:
    with path.open("rb") as file:
        loaded = pickle.load(file)
    if not isinstance(loaded, Person):
        raise TypeError("not a Person")
    return loaded
