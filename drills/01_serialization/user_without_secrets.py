"""A User whose password never reaches a file.

`User` has a username, an email and a password. The password is a secret the program keeps in
memory only (say, just long enough to check a login); no file it writes may contain it.

- `save_json(path)` writes the user as a JSON object with exactly the keys "username" and
  "email" (saving again replaces the file); the classmethod `User.load_json(path)` reads it
  back.
- Pickling a User drops the password as well, whoever does the pickling (your code, a cache
  library, multiprocessing). Write the two hooks pickle calls: `__getstate__` returns what to
  store (a new dict without the password), and `__setstate__` rebuilds a user from it.
- A user loaded from either file has `password = None`, the safe default: no password known,
  so the user has to log in again. Even a file that does hold a password (a hand-edited JSON
  file, or a pickle written before User had these hooks, which stored every attribute) never
  gives it back: it loads with password None (or is refused with an error).
- "Never" means no trace at all: no "password" key, not even with an empty, masked ("***") or
  hashed value, and not the value itself; the pickle stores the username and the email and
  nothing else, so no hash or encoding of the password under another name either. Saving must
  not change the user in memory.

Data you persist gets copied into backups, caches, exports and bug reports, and lives for
years; a secret written once is nearly impossible to take back. So secrets are left out, not
masked: a masked key still tells readers there is a secret, and a plain hash of a password can
be cracked offline (password hashes belong in the login database, salted). Pickle saves every
attribute unless the class says otherwise, and `__getstate__`/`__setstate__` are how a class
says so. (copy.copy and copy.deepcopy call the same hooks, so copies lose the password too.)

Concept: selective serialization; pickle's __getstate__/__setstate__ hooks; restoring a safe
default; never changing the live object while saving it.

Done when: neither file holds the word "password" or the password, the JSON object and the
pickle hold the username and the email and nothing else, both files load back into a User with
the same username and email and `password` None (files that do hold a password too), copies
have `password` None, and the User you saved or copied still has its password afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class User:
    username: str
    email: str
    password: str | None  # the secret: kept in memory, never written anywhere

    def save_json(self, path: Path) -> None:
        """Write this user to `path` as a JSON object of username and email only."""
        # TODO: build a dict of the fields that may be shared and write it as JSON.
        raise NotImplementedError

    @classmethod
    def load_json(cls, path: Path) -> User:
        """Read a user written by save_json; the loaded user's password is None."""
        # TODO: read the JSON object and build a User with password None.
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        """Return what pickle stores for this user: every attribute except the password."""
        # TODO: return a new dict without the password; leave self.__dict__ untouched.
        raise NotImplementedError

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild a user from the dict __getstate__ returned, with password None."""
        # TODO: restore the stored attributes, then give password its safe default.
        raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import copy
import copyreg
import io
import json
import pickle
from typing import Any

SECRET = "correct horse battery staple"
PUBLIC = {"username", "email", "alice", "alice@example.com", None}


def alice() -> User:
    return User("alice", "alice@example.com", SECRET)


def traces_of_the_password(content: bytes) -> list[str]:
    """What a file gives away about the password in plain sight: the word or the value."""
    found = []
    if b"password" in content.lower():
        found.append("the word 'password' (a key, even one with a blank, masked or hashed value)")
    if SECRET.encode() in content:
        found.append("the password itself")
    return found


class Stored:
    """Stands in for User while a pickle is read, and keeps whatever the pickle hands to the
    class (arguments, state): that is exactly what the file stores about the user."""

    def __new__(cls, *args: object, **kwargs: object) -> Stored:
        stored = super().__new__(cls)
        stored.parts = [args, kwargs]
        return stored

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __setstate__(self, state: object) -> None:
        self.__dict__.setdefault("parts", []).append(state)


class ReadingWhatIsStored(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (User.__module__, User.__qualname__):
            return Stored
        return super().find_class(module, name)


def values_in(part: object) -> list[object]:
    """Every key and value in `part`, through nested dicts, lists and tuples."""
    if isinstance(part, dict):
        return [leaf for key, value in part.items() for leaf in values_in(key) + values_in(value)]
    if isinstance(part, list | tuple):
        return [leaf for item in part for leaf in values_in(item)]
    return [part]


def old_pickle(user: User) -> bytes:
    """The pickle that User wrote before it had __getstate__: every attribute, password too."""

    class WithoutHooks(pickle.Pickler):
        def reducer_override(self, obj: object) -> Any:
            if type(obj) is User:
                return copyreg.__newobj__, (User,), dict(vars(obj))
            return NotImplemented

    stream = io.BytesIO()
    WithoutHooks(stream).dump(user)
    return stream.getvalue()


def test_the_json_file_has_no_trace_of_the_password(tmp_path: Path) -> None:
    path = tmp_path / "alice.json"
    alice().save_json(path)
    found = traces_of_the_password(path.read_bytes())
    assert not found, f"the JSON file contains {' and '.join(found)}: leave the password out"


def test_the_json_file_holds_username_and_email_only(tmp_path: Path) -> None:
    path = tmp_path / "alice.json"
    alice().save_json(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"username": "alice", "email": "alice@example.com"}, (
        f"the JSON object should be exactly {{'username': ..., 'email': ...}}, found {data}"
    )


def test_a_user_loaded_from_json_has_no_password(tmp_path: Path) -> None:
    path = tmp_path / "alice.json"
    alice().save_json(path)
    loaded = User.load_json(path)
    assert isinstance(loaded, User), f"load_json returned a {type(loaded).__name__}, not a User"
    assert loaded == User("alice", "alice@example.com", None), (
        f"load_json should give the same username and email and password None, got {loaded}"
    )


def test_a_json_file_holding_a_password_still_loads_with_none(tmp_path: Path) -> None:
    path = tmp_path / "edited.json"
    path.write_text(
        '{"username": "alice", "email": "alice@example.com", "password": "hunter2"}',
        encoding="utf-8",
    )
    try:
        loaded = User.load_json(path)
    except NotImplementedError:
        raise
    except Exception:
        return  # refusing the file gives the password back to nobody either
    assert loaded == User("alice", "alice@example.com", None), (
        f"a hand-edited file with a password gave {loaded}: load_json should read the username "
        "and the email only, and always give password None"
    )


def test_saving_json_again_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "user.json"
    alice().save_json(path)
    User("bob", "bob@example.com", "hunter2").save_json(path)
    text = path.read_text(encoding="utf-8")
    try:
        loaded = User.load_json(path)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"after saving alice and then bob to the same file, it no longer loads ({error}); "
            f"it holds {text!r}: open it with 'w', which starts it afresh, not 'a'"
        ) from error
    assert loaded == User("bob", "bob@example.com", None), (
        f"after saving alice and then bob to the same file, loading gave {loaded}"
    )


def test_saving_json_leaves_the_user_in_memory_unchanged(tmp_path: Path) -> None:
    user = alice()
    user.save_json(tmp_path / "alice.json")
    assert getattr(user, "password", "<missing>") == SECRET, (
        "save_json changed the user in memory: its password is now "
        f"{getattr(user, 'password', '<missing>')!r}. Build a new dict; do not touch the user"
    )


def test_the_pickle_file_has_no_trace_of_the_password(tmp_path: Path) -> None:
    path = tmp_path / "alice.pickle"
    path.write_bytes(pickle.dumps(alice()))
    found = traces_of_the_password(path.read_bytes())
    assert not found, (
        f"the pickle file contains {' and '.join(found)}: __getstate__ must return the state "
        "without the password key"
    )


def test_the_pickle_stores_the_username_and_email_only() -> None:
    stored = ReadingWhatIsStored(io.BytesIO(pickle.dumps(alice()))).load()
    parts = stored.parts if isinstance(stored, Stored) else [vars(stored)]
    extra = [value for value in values_in(parts) if value not in PUBLIC]
    assert not extra, (
        f"the pickle stores {', '.join(map(repr, extra))}, besides the username and the "
        "email: a hash or an encoding of the password can be cracked or turned back into it, "
        "so __getstate__ returns the username and the email and nothing else"
    )


def test_an_unpickled_user_keeps_its_name_and_has_password_none() -> None:
    loaded = pickle.loads(pickle.dumps(alice()))
    assert (loaded.username, loaded.email) == ("alice", "alice@example.com"), (
        f"the unpickled user lost its username or email: {vars(loaded)}"
    )
    password = getattr(loaded, "password", "<missing>")
    assert password is None, (
        f"the unpickled user's password is {password!r}, it should be None: "
        "set that safe default in __setstate__"
    )


def test_an_old_pickle_holding_a_password_loads_with_none() -> None:
    try:
        loaded = pickle.loads(old_pickle(alice()))
    except NotImplementedError:
        raise
    except Exception:
        return  # refusing the file gives the password back to nobody either
    password = getattr(loaded, "password", "<missing>")
    assert password is None, (
        f"a pickle written before User had its hooks stores the password, and loading it gave "
        f"password {password!r}: __setstate__ should set password None whatever the state "
        "holds (not only when it lacks one)"
    )
    assert (loaded.username, loaded.email) == ("alice", "alice@example.com"), (
        f"loading a pickle written before User had its hooks lost the username or email: "
        f"{vars(loaded)}"
    )


def test_pickling_leaves_the_user_in_memory_unchanged() -> None:
    user = alice()
    pickle.dumps(user)
    password = getattr(user, "password", "<missing>")
    assert password == SECRET, (
        f"pickling changed the user in memory: its password is now {password!r}. "
        "__getstate__ must return a new dict (self.__dict__ is the live object's own)"
    )


def test_copies_have_no_password_either() -> None:
    user = alice()
    for make_copy in (copy.copy, copy.deepcopy):
        duplicate = make_copy(user)
        password = getattr(duplicate, "password", "<missing>")
        assert password is None, (
            f"{make_copy.__name__}(user) gave password {password!r}: copies go through the "
            "same hooks as pickle, so they should have password None"
        )
        assert user.password == SECRET, f"{make_copy.__name__}(user) changed the user itself"
