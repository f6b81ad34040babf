# mistake: opens the file with os.open without O_TRUNC, so a shorter new pickle leaves the tail of the earlier one in the file instead of replacing it.
# expect: bytes of Ada's pickle are still in the file
# expect: os.O_TRUNC
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Person:
    name: str
    institutions: list[str] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)

import os


def save_person(person: Person, path: Path) -> None:
    data = pickle.dumps(person)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if not isinstance(person, Person):
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
