# mistake: pickles with protocol 0 (the old text protocol), which has no 0x80 header; the docstring asks for a modern protocol.
# expect: not with pickle's header byte 0x80
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
    # protocol 0 is human-readable, handy for debugging
    with open(path, "wb") as f:
        pickle.dump(person, f, protocol=0)


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if not isinstance(person, Person):
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
