# alternative: saves atomically (temporary file in the same folder, then os.replace), so a crash never leaves a half-written file.
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
import tempfile


def save_person(person: Person, path: Path) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(person, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_person(path: Path) -> Person:
    with open(path, "rb") as f:
        person = pickle.load(f)
    if type(person) is not Person:
        raise TypeError(f"expected a Person, got {type(person).__name__}")
    return person
