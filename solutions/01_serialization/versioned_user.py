"""Reading files written by an older version of your program.

Version 1 of this program saved users as JSON objects with two keys and no version number:

    {"username": "ada", "full_name": "Ada Lovelace"}

Version 2 (this file) added an optional `email` to `User`, and from now on every file says which
format version it is in:

    {"version": 2, "username": "ada", "full_name": "Ada Lovelace", "email": "ada@example.com"}

(`email` may be null: a user without an email.) Write:

- `save_user(user, path)`: writes the user in the version 2 format above, "version" included.
- `upgrade_v1_to_v2(data)`: takes the dict read from a version 1 file and returns the same user
  as version 2 data: "version" set to 2, "email" set to None (version 1 knew no emails),
  every other field kept.
- `load_user(path)`: reads a file of any version this program knows. A file without a "version"
  key is version 1 (as is one that says `"version": 1`). Bring old data up to date one step at
  a time: `UPGRADES` maps each version to the function that lifts data out of it, and while the
  data's version is below `CURRENT_VERSION`, the step `UPGRADES[version]` is applied; then build
  the `User` from what the last step returned. A file from a version newer than
  `CURRENT_VERSION` raises `ValueError` whose message names that version: this program cannot
  know what a newer one meant. Versions are whole numbers from 1 up; the checks try no other.

Files outlive the code that wrote them: users keep old saves, servers read old messages,
backups get restored years later. If each class change silently changes the file format, old
files crash the new program (a KeyError for the field they lack) or, worse, load with wrong
values. A version number in every file, plus a chain of small upgrade steps, lets today's code
read every file ever written; when version 3 comes, you add `upgrade_v2_to_v3` to `UPGRADES`,
raise `CURRENT_VERSION`, and the chain does the rest. The checks play that next release: they
set `CURRENT_VERSION` to 3 and add a step `UPGRADES[2]`, and `load_user`, unchanged, must then
lift a version 1 file through both steps, a version 2 file through the new one, and load a
version 3 file as it is. So take every step from `UPGRADES` and compare with
`CURRENT_VERSION`, never with a fixed number. A file from the future is refused loudly,
because guessing would lose the new fields the next time this program saves over it.

Concept: schema evolution; versioned file formats; migrating old data step by step on load;
refusing data you cannot understand.

Done when: a version 1 file loads as a User with `email` None after going through
`UPGRADES[1]` exactly once, a saved user's file records "version": 2, saving and loading keeps
the email, a file with a higher version raises `ValueError` naming that version, and with the
checks' version 3 added, every file goes through exactly the steps it needs, in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The format version that save_user writes and that User matches.
CURRENT_VERSION = 2


@dataclass
class User:
    username: str
    full_name: str
    email: str | None = None  # new in version 2


def upgrade_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Turn version 1 data (no email, no version key) into version 2 data."""
    # A new dict: the caller's data stays as it was read.
    return {**data, "version": 2, "email": None}


# UPGRADES[n] turns data of version n into data of version n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_v1_to_v2,
}


def save_user(user: User, path: Path) -> None:
    """Write `user` to `path` in the current format, with its version number."""
    data = {
        "version": CURRENT_VERSION,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def load_user(path: Path) -> User:
    """Read a user file of any known version; ValueError for a version newer than ours."""
    data = json.loads(path.read_text(encoding="utf-8"))
    # Version 1 wrote no version number: its absence is how we recognise it.
    version = data.get("version", 1)
    if version > CURRENT_VERSION:
        raise ValueError(
            f"{path.name} is in format version {version}, written by a newer program; "
            f"this one reads versions up to {CURRENT_VERSION}"
        )
    while version < CURRENT_VERSION:
        data = UPGRADES[version](data)
        version += 1
    return User(username=data["username"], full_name=data["full_name"], email=data["email"])


# --- checks: these run on every save; do not edit below ---
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ADA_V1 = {"username": "ada", "full_name": "Ada Lovelace"}


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def loaded_or_fail(path: Path, what: str, advice: str = "") -> User:
    """load_user(path), failing with a message that names the escaped error if there is one."""
    try:
        user = load_user(path)
    except NotImplementedError:
        raise
    except Exception as error:
        if isinstance(error, TypeError) and "unexpected keyword argument" in str(error):
            advice = (
                "The data has keys that are not fields of User (its 'version'): build the "
                "User from username, full_name and email only"
            )
        verb = "refused" if isinstance(error, ValueError) else "crashed on"
        pytest.fail(f"load_user {verb} {what} with {type(error).__name__}: {error}. {advice}")
    assert isinstance(user, User), f"load_user returned a {type(user).__name__}, not a User"
    return user


def assert_refused(path: Path, version: int) -> None:
    """load_user(path) must raise ValueError naming `version`."""
    try:
        user = load_user(path)
    except ValueError as error:
        assert str(version) in str(error), (
            f"the error message {str(error)!r} should name the file's version, {version}"
        )
        return
    except NotImplementedError:
        raise
    except Exception as error:
        pytest.fail(
            f"load_user let a {type(error).__name__} ({error}) escape for a version {version} "
            "file: check the version before anything else and raise ValueError"
        )
    pytest.fail(
        f"load_user accepted a version {version} file and returned {user}: a newer program "
        "wrote it, and its fields may mean something this one does not know. Raise ValueError"
    )


def test_a_version_1_file_loads_with_no_email(tmp_path: Path) -> None:
    path = write_json(tmp_path / "ada.json", ADA_V1)
    user = loaded_or_fail(
        path,
        "a version 1 file (no 'version', no 'email' key)",
        "A file without a version is version 1: upgrade its data before building the User",
    )
    assert user == User("ada", "Ada Lovelace", None), (
        f"a version 1 file should load as User('ada', 'Ada Lovelace', email=None), got {user}"
    )


Step = Callable[[dict[str, Any]], dict[str, Any]]


def upgrade_steps() -> dict[int, Step]:
    upgrades = globals().get("UPGRADES")
    if not isinstance(upgrades, dict):
        pytest.fail(
            "UPGRADES is gone: keep the dict that maps each version to its upgrade step, and "
            "let load_user take the steps from it"
        )
    return upgrades


def recording(version: int, step: Step, calls: list[int]) -> Step:
    """A stand-in for UPGRADES[version] that notes each call, then runs the real step."""

    def recorded(data: dict[str, Any]) -> dict[str, Any]:
        calls.append(version)
        return step(data)

    return recorded


def lowercase_usernames(data: dict[str, Any]) -> dict[str, Any]:
    """The next release's step, version 2 -> 3: usernames are stored in lower case."""
    return {**data, "version": 3, "username": data["username"].lower()}


@pytest.fixture
def next_release(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Version 3, added the way the next release will add it: CURRENT_VERSION becomes 3 and
    UPGRADES gets a step 2 -> 3. Returns the versions whose steps load_user runs, in order."""
    calls: list[int] = []
    upgrades = upgrade_steps()
    monkeypatch.setitem(globals(), "CURRENT_VERSION", 3)
    monkeypatch.setitem(upgrades, 1, recording(1, upgrades[1], calls))
    monkeypatch.setitem(upgrades, 2, recording(2, lowercase_usernames, calls))
    return calls


def test_a_version_1_file_goes_through_upgrades_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    upgrades = upgrade_steps()
    monkeypatch.setitem(upgrades, 1, recording(1, upgrades[1], calls))
    for what, data in (
        ("without a 'version' key", ADA_V1),
        ("that says 'version': 1", {"version": 1, **ADA_V1}),
    ):
        calls.clear()
        user = loaded_or_fail(write_json(tmp_path / "ada.json", data), f"a file {what}")
        assert calls == [1], (
            f"a file {what} is version 1, and load_user should lift its data with "
            f"UPGRADES[1] exactly once before building the User; the steps of UPGRADES it ran "
            f"were {calls}"
        )
        assert user == User("ada", "Ada Lovelace", None), (
            f"a file {what} should load as User('ada', 'Ada Lovelace', email=None), got {user}"
        )


def test_a_new_version_needs_only_a_new_upgrade_step(
    tmp_path: Path, next_release: list[int]
) -> None:
    files = [
        (
            "a version 3 file",
            {"version": 3, "username": "grace", "full_name": "Grace Hopper", "email": None},
            [],
            User("grace", "Grace Hopper", None),
        ),
        (
            "a version 2 file",
            {
                "version": 2,
                "username": "Kat",
                "full_name": "Katherine Johnson",
                "email": "kj@nasa.gov",
            },
            [2],
            User("kat", "Katherine Johnson", "kj@nasa.gov"),
        ),
        (
            "a version 1 file",
            {"username": "Ada", "full_name": "Ada Lovelace"},
            [1, 2],
            User("ada", "Ada Lovelace", None),
        ),
    ]
    for what, data, steps, expected in files:
        next_release.clear()
        user = loaded_or_fail(
            write_json(tmp_path / "user.json", data),
            f"{what} once CURRENT_VERSION is 3",
            "Compare the version with CURRENT_VERSION, never with a fixed number",
        )
        assert next_release == steps, (
            "with version 3 added the way the next release will add it (CURRENT_VERSION = 3 "
            f"and a step UPGRADES[2]), {what} went through the steps {next_release} of "
            f"UPGRADES instead of {steps}: apply UPGRADES[version] to the data, one step after "
            "another, while its version is below CURRENT_VERSION"
        )
        assert user == expected, (
            f"once CURRENT_VERSION is 3, {what} should load as {expected}, built from the data "
            f"the last upgrade step returned; got {user}"
        )


def test_upgrade_v1_to_v2_adds_the_email_and_the_version() -> None:
    upgraded = upgrade_v1_to_v2(dict(ADA_V1))
    assert isinstance(upgraded, dict), (
        "upgrade_v1_to_v2 should return the upgraded data as a dict, "
        f"not a {type(upgraded).__name__}"
    )
    assert upgraded.get("version") == 2, (
        f"upgrade_v1_to_v2 should set 'version' to 2, got {upgraded}"
    )
    assert "email" in upgraded and upgraded["email"] is None, (
        f"upgrade_v1_to_v2 should add 'email' with the default None, got {upgraded}"
    )
    assert upgraded.get("username") == "ada" and upgraded.get("full_name") == "Ada Lovelace", (
        f"upgrade_v1_to_v2 should keep the version 1 fields, got {upgraded}"
    )


def test_a_saved_file_records_version_2(tmp_path: Path) -> None:
    path = tmp_path / "grace.json"
    save_user(User("grace", "Grace Hopper", "grace@example.com"), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"save_user should write a JSON object, found {data!r}"
    assert "version" in data, (
        f"the saved file has no 'version' key: {data}. Without it, a later program cannot "
        "tell this file from a version 1 file"
    )
    assert data["version"] == 2, (
        f"the saved file should say 'version': 2, found {data['version']!r}"
    )
    assert data == {
        "version": 2,
        "username": "grace",
        "full_name": "Grace Hopper",
        "email": "grace@example.com",
    }, f"the saved file should hold the version and the three fields, found {data}"


def test_save_then_load_keeps_the_email(tmp_path: Path) -> None:
    path = tmp_path / "grace.json"
    grace = User("grace", "Grace Hopper", "grace@example.com")
    save_user(grace, path)
    loaded = loaded_or_fail(path, "a file written by save_user")
    assert loaded.email == "grace@example.com", (
        f"the email was lost between save_user and load_user (got {loaded.email!r}): was the "
        "file read as version 1? Write the version into the file"
    )
    assert loaded == grace, f"load_user should give back the saved user {grace}, got {loaded}"


def test_save_then_load_keeps_a_missing_email(tmp_path: Path) -> None:
    path = tmp_path / "alan.json"
    save_user(User("alan", "Alan Turing", None), path)
    assert loaded_or_fail(path, "a file written by save_user") == User("alan", "Alan Turing", None)


def test_a_version_2_file_written_by_hand_loads(tmp_path: Path) -> None:
    data = {
        "version": 2,
        "username": "kat",
        "full_name": "Katherine Johnson",
        "email": "kj@nasa.gov",
    }
    path = write_json(tmp_path / "kat.json", data)
    user = loaded_or_fail(path, "a version 2 file")
    assert user == User("kat", "Katherine Johnson", "kj@nasa.gov"), (
        f"a version 2 file should load its fields as they are, got {user}"
    )


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    # Version 3 looks like version 2 here; a program that ignores the version would load it.
    data = {
        "version": 3,
        "username": "ada",
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
    }
    assert_refused(write_json(tmp_path / "future.json", data), 3)


def test_a_newer_file_with_unknown_fields_is_refused(tmp_path: Path) -> None:
    data = {
        "version": 5,
        "username": "ada",
        "full_name": "Ada Lovelace",
        "email": None,
        "phone": "+44 20 7946 0000",
    }
    assert_refused(write_json(tmp_path / "future.json", data), 5)
