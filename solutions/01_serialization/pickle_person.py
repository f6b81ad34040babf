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
still lists, saving again replaces the earlier Person (no byte of the old file is left behind),
both functions close the file they open, and a file holding anything other than a Person (a
dict, or any other object, even one with the same attributes) makes `load_person` raise
`TypeError`.
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
    # "wb" starts the file afresh; pickle writes bytes, so the file must be binary.
    with path.open("wb") as file:
        pickle.dump(person, file)


def load_person(path: Path) -> Person:
    """Return the Person pickled in the file at `path`.

    Raises TypeError if the file holds some other kind of object.
    """
    with path.open("rb") as file:
        loaded = pickle.load(file)
    # pickle rebuilds whatever object was saved; make sure it is the one we expect.
    if not isinstance(loaded, Person):
        raise TypeError(f"{path} holds a {type(loaded).__name__}, not a Person")
    return loaded


# --- checks: these run on every save; do not edit below ---
import gc
import io
import pickle
import warnings
from collections.abc import Callable
from types import SimpleNamespace

import pytest

ADA = Person(
    "Ada Lovelace",
    institutions=["University of London"],
    colleagues=["Charles Babbage", "Mary Somerville"],
)
GRACE = Person("Grace Hopper", institutions=["Yale", "Harvard"], colleagues=["Howard Aiken"])


def saved(person: Person, path: Path) -> None:
    try:
        save_person(person, path)
    except TypeError as error:
        raise AssertionError(
            f"save_person raised TypeError ({error}): pickle writes bytes, so open the file "
            "in binary mode, 'wb'"
        ) from error


def loaded_from(path: Path) -> Person:
    try:
        return load_person(path)
    except UnicodeDecodeError as error:
        raise AssertionError(
            f"load_person read the pickle as text ({error}): pickle files are bytes, so open "
            "the file in binary mode, 'rb'"
        ) from error
    except TypeError as error:
        raise AssertionError(
            f"load_person raised TypeError ({error}) on a file that holds a Person: read the "
            "file in binary mode ('rb'), and raise TypeError only when the object is not a Person"
        ) from error


def differences(loaded: object, expected: Person) -> str:
    """The fields that came back different, in value or in type, in words."""
    wrong = []
    for name in ("name", "institutions", "colleagues"):
        got, want = getattr(loaded, name, None), getattr(expected, name)
        if got != want or type(got) is not type(want):
            wrong.append(
                f"{name} came back as {got!r} (a {type(got).__name__}), "
                f"saved as {want!r} (a {type(want).__name__})"
            )
    return "; ".join(wrong)


def unclosed_files(action: Callable[[], object]) -> list[str]:
    """The files `action` opened and left open (Python warns when it discards one)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        action()
        gc.collect()
    return [str(w.message) for w in caught if str(w.message).startswith("unclosed file")]


def test_the_file_holds_a_pickled_person(tmp_path: Path) -> None:
    path = tmp_path / "ada.pickle"
    saved(ADA, path)
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
    saved(ADA, path)
    loaded = loaded_from(path)
    assert isinstance(loaded, Person), (
        f"load_person returned a {type(loaded).__name__}, it should return a Person"
    )
    problems = differences(loaded, ADA)
    assert not problems, f"the loaded Person should equal the saved one: {problems}"


def test_empty_lists_and_accented_names_survive(tmp_path: Path) -> None:
    path = tmp_path / "emilie.pickle"
    emilie = Person("Émilie du Châtelet")
    saved(emilie, path)
    problems = differences(loaded_from(path), emilie)
    assert not problems, f"a Person with no institutions and no colleagues: {problems}"


def test_saving_again_replaces_the_earlier_person(tmp_path: Path) -> None:
    path = tmp_path / "person.pickle"
    saved(ADA, path)
    saved(GRACE, path)
    loaded = loaded_from(path)
    assert loaded != ADA, (
        "after saving Ada and then Grace to the same file, loading gave Ada back: "
        "open the file with 'wb', which starts it afresh, not 'ab', which appends"
    )
    problems = differences(loaded, GRACE)
    assert not problems, f"after saving Ada and then Grace, loading should give Grace: {problems}"
    stream = io.BytesIO(path.read_bytes())
    pickle.load(stream)
    left = stream.read()
    assert not left, (
        f"after saving Ada and then the shorter Grace, {len(left)} bytes of Ada's pickle are "
        "still in the file behind Grace's: saving must empty the file before it writes "
        "(open it with 'wb'; with os.open, add os.O_TRUNC)"
    )


def test_saving_and_loading_close_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ada.pickle"
    left_open = unclosed_files(lambda: saved(ADA, path))
    assert not left_open, (
        f"save_person left the file open ({left_open[0]}): open it in a `with` block, "
        "which closes it even when something fails"
    )
    left_open = unclosed_files(lambda: loaded_from(path))
    assert not left_open, (
        f"load_person left the file open ({left_open[0]}): open it in a `with` block, "
        "which closes it even when something fails"
    )


@pytest.mark.parametrize(
    "other",
    [
        {"name": "Ada Lovelace", "institutions": [], "colleagues": []},
        SimpleNamespace(name="Ada Lovelace", institutions=[], colleagues=[]),
        "Ada Lovelace",
    ],
    ids=["dict", "namespace", "str"],
)
def test_a_file_holding_something_else_raises_type_error(tmp_path: Path, other: object) -> None:
    path = tmp_path / "not_a_person.pickle"
    path.write_bytes(pickle.dumps(other))
    held = f"the file held a {type(other).__name__}, {other!r},"
    try:
        loaded = load_person(path)
    except TypeError:
        return
    except Exception as error:
        raise AssertionError(
            f"{held} and load_person raised {type(error).__name__}: it should raise TypeError "
            "when the unpickled object is not a Person (with if and raise, not assert)"
        ) from error
    returned = "it" if loaded is other or loaded == other else repr(loaded)
    pytest.fail(
        f"{held} and load_person returned {returned}: it should raise TypeError when the unpickled "
        "object is not a Person (check with isinstance(obj, Person), not by its attributes)"
    )
