"""Save a Person to a pickle file and load it back.

Write `save_person(person, path)`, which stores a Person in the file at `path` with Python's
`pickle` module (replacing whatever the file held before), and `load_person(path)`, which reads
that file and returns the Person. `pickle.load` returns whatever object the file happens to
hold, so `load_person` checks what it got: if it is not a Person, it raises `TypeError`.

Pickle turns almost any Python object into bytes and back, nested lists and objects included,
with no file format to design. That makes it the quickest way to keep program state, caches or
intermediate results between runs. The price: the bytes are readable only by Python, and
loading a pickle can run code chosen by whoever wrote the file, so only ever load pickles that
your own program wrote.

Concept: serialization with pickle; binary files (mode "wb" to write, "rb" to read); checking
the type of what you loaded.

Done when: the file holds the pickled Person (a pickle made with any modern protocol starts
with the byte 0x80), `load_person` returns a `Person` equal to the saved one with its lists
still lists, saving again replaces the earlier Person, and a file holding anything other than
a Person makes `load_person` raise `TypeError`.
"""

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
    """Write `person` to the file at `path` as a pickle, replacing any earlier content."""
    # TODO: open the file for writing in binary mode and pickle the person into it.
    raise NotImplementedError


def load_person(path: Path) -> Person:
    """Return the Person pickled in the file at `path`.

    Raises TypeError if the file holds some other kind of object.
    """
    # TODO: open the file for reading in binary mode and unpickle its object.
    # TODO: raise TypeError unless that object is a Person; otherwise return it.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import pickle

import pytest

ADA = Person(
    "Ada Lovelace",
    institutions=["University of London"],
    colleagues=["Charles Babbage", "Mary Somerville"],
)
GRACE = Person("Grace Hopper", institutions=["Yale", "Harvard"], colleagues=["Howard Aiken"])


def test_the_file_holds_a_pickled_person(tmp_path: Path) -> None:
    path = tmp_path / "ada.pickle"
    save_person(ADA, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\x80"), (
        f"the file starts with {raw[:20]!r}, not with pickle's header byte 0x80: "
        "write it with pickle.dump into a file opened with 'wb' (not json, not str())"
    )
    stored = pickle.loads(raw)
    assert isinstance(stored, Person), (
        f"the file holds a pickled {type(stored).__name__}, not the Person: pickle the Person "
        "object itself, and pickle keeps its class"
    )


def test_loading_gives_back_an_equal_person(tmp_path: Path) -> None:
    path = tmp_path / "ada.pickle"
    save_person(ADA, path)
    loaded = load_person(path)
    assert isinstance(loaded, Person), (
        f"load_person returned a {type(loaded).__name__}, it should return a Person"
    )
    assert loaded == ADA, "the loaded Person should equal the saved one, field by field"


def test_list_fields_stay_lists(tmp_path: Path) -> None:
    path = tmp_path / "ada.pickle"
    save_person(ADA, path)
    loaded = load_person(path)
    assert type(loaded.institutions) is list, (
        f"institutions came back as a {type(loaded.institutions).__name__}, not a list"
    )
    assert type(loaded.colleagues) is list, (
        f"colleagues came back as a {type(loaded.colleagues).__name__}, not a list"
    )


def test_empty_lists_and_accented_names_survive(tmp_path: Path) -> None:
    path = tmp_path / "emilie.pickle"
    emilie = Person("Émilie du Châtelet")
    save_person(emilie, path)
    assert load_person(path) == emilie


def test_saving_again_replaces_the_earlier_person(tmp_path: Path) -> None:
    path = tmp_path / "person.pickle"
    save_person(ADA, path)
    save_person(GRACE, path)
    assert load_person(path) == GRACE, (
        "after saving Ada and then Grace to the same file, loading should give Grace: "
        "open the file with 'wb', which starts it afresh, not 'ab', which appends"
    )


def test_a_file_holding_something_else_raises_type_error(tmp_path: Path) -> None:
    path = tmp_path / "not_a_person.pickle"
    path.write_bytes(pickle.dumps({"name": "Ada Lovelace", "institutions": [], "colleagues": []}))
    try:
        loaded = load_person(path)
    except TypeError:
        return
    pytest.fail(
        f"the file held a dict and load_person returned a {type(loaded).__name__}: "
        "it should raise TypeError when the unpickled object is not a Person"
    )
