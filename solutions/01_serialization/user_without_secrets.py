"""A User whose password never reaches a file.

`User` has a username, an email and a password. The password is a secret the program keeps in
memory only (say, just long enough to check a login); no file it writes may contain it.

- `save_json(path)` writes the user as a JSON object with exactly the keys "username" and
  "email"; the classmethod `User.load_json(path)` reads it back.
- Pickling a User drops the password as well, whoever does the pickling (your code, a cache
  library, multiprocessing). Write the two hooks pickle calls: `__getstate__` returns what to
  store (a new dict without the password), and `__setstate__` rebuilds a user from it.
- A user loaded from either file has `password = None`, the safe default: no password known,
  so the user has to log in again.
- "Never" means no trace at all: no "password" key, not even with an empty, masked ("***") or
  hashed value, and not the value itself. Saving must not change the user in memory.

Data you persist gets copied into backups, caches, exports and bug reports, and lives for
years; a secret written once is nearly impossible to take back. So secrets are left out, not
masked: a masked key still tells readers there is a secret, and a plain hash of a password can
be cracked offline (password hashes belong in the login database, salted). Pickle saves every
attribute unless the class says otherwise, and `__getstate__`/`__setstate__` are how a class
says so. (copy.copy and copy.deepcopy call the same hooks, so copies lose the password too.)

Concept: selective serialization; pickle's __getstate__/__setstate__ hooks; restoring a safe
default; never changing the live object while saving it.

Done when: neither file holds the word "password", the password or a hash of it, both files
load back into a User with the same username and email and `password` None, and the User you
saved still has its password afterwards.
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
        # Name the fields that may leave the program rather than removing the secret: a field
        # added to User later then stays private until someone decides to share it.
        public = {"username": self.username, "email": self.email}
        path.write_text(json.dumps(public), encoding="utf-8")

    @classmethod
    def load_json(cls, path: Path) -> User:
        """Read a user written by save_json; the loaded user's password is None."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(username=data["username"], email=data["email"], password=None)

    def __getstate__(self) -> dict[str, Any]:
        """Return what pickle stores for this user: every attribute except the password."""
        # A copy: self.__dict__ is the live object's storage, and deleting from it would take
        # the password away from the user still in use.
        state = self.__dict__.copy()
        del state["password"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild a user from the dict __getstate__ returned, with password None."""
        self.__dict__.update(state)
        self.password = None


# --- checks: these run on every save; do not edit below ---
import hashlib
import json
import pickle

SECRET = "correct horse battery staple"


def alice() -> User:
    return User("alice", "alice@example.com", SECRET)


def traces_of_the_password(content: bytes) -> list[str]:
    """What a file gives away about the password: the word, the value, or a plain hash of it."""
    found = []
    if b"password" in content.lower():
        found.append("the word 'password' (a key, even one with a blank, masked or hashed value)")
    if SECRET.encode() in content:
        found.append("the password itself")
    for algorithm in ("md5", "sha1", "sha256"):
        if hashlib.new(algorithm, SECRET.encode()).hexdigest().encode() in content:
            found.append(f"the {algorithm} hash of the password")
    return found


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


def test_pickling_leaves_the_user_in_memory_unchanged() -> None:
    user = alice()
    pickle.dumps(user)
    password = getattr(user, "password", "<missing>")
    assert password == SECRET, (
        f"pickling changed the user in memory: its password is now {password!r}. "
        "__getstate__ must return a new dict (self.__dict__ is the live object's own)"
    )
