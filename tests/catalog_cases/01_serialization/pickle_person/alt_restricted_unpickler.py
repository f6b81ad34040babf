# alternative: a restricted Unpickler whose find_class allows only the Person class, so a file naming any other class or function is refused with TypeError before anything is built.
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Person:
    name: str
    institutions: list[str] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)



class _PersonUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == Person.__module__ and name == Person.__qualname__:
            return Person
        raise TypeError(f"refusing to load {module}.{name}: only a Person may be in the file")


def save_person(person: Person, path: Path) -> None:
    with open(path, "wb") as f:
        pickle.dump(person, f)


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = _PersonUnpickler(f).load()
    if not isinstance(person, Person):
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
