"""Objects that point at each other: pickle and JSON.

A `Manager` has a `team` of `Employee`s, and each employee points back at their manager through
`employee.manager`: a cycle (manager -> employee -> manager -> ...). Save a list of managers,
their teams included, in two formats:

1. `save_pickle(managers, path)` and `load_pickle(path)`, with pickle.
2. `save_json(managers, path)` and `load_json(path)`, with JSON. Give every manager and every
   employee an id of your choosing and write each person exactly once; wherever an object
   refers to a person written elsewhere in the file (a team member, an employee's manager),
   write that person's id instead. On load, first create all the people, then connect the
   references by looking the ids up. The layout of the file is up to you.

Both loaders return the managers in the order they were saved, each with its team in order,
and connected as before: for every loaded manager `m` and every `e` in `m.team`,
`e.manager is m`, the very same object, not a copy that looks the same. Names are not unique
(two managers may both be called Sam), so a name cannot serve as an id. A manager may have an
empty team.

Pickle remembers every object it has already written in one dump and writes a back-reference
the second time it meets it, so cycles and shared objects come back exactly as they were. JSON
has only trees: following `manager -> team -> employee -> manager` never ends (RecursionError),
and writing a copy of the manager inside every employee breaks the link, since each copy loads
as a separate Manager. Replacing references by ids turns the graph into flat lists that JSON
can hold, the way a database stores a foreign key.

Concept: object identity versus equality; serializing a graph with cycles; references as ids
and two-pass loading.

Done when: after each loader, every employee's `manager` is the very Manager object whose team
holds them, all names and team orders survive, and the JSON file holds each person once.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


# eq=False: two people are the same only if they are the same object, and each hashes by
# identity, so people can be dict keys. (A generated == would compare manager -> team ->
# employee -> manager ... forever.)
@dataclass(eq=False)
class Employee:
    name: str
    # repr=False keeps print(employee) from walking the cycle back up to the manager.
    manager: Manager | None = field(default=None, repr=False)


@dataclass(eq=False)
class Manager:
    name: str
    team: list[Employee] = field(default_factory=list)

    def hire(self, employee: Employee) -> None:
        """Add `employee` to this team and point them back at this manager."""
        employee.manager = self
        self.team.append(employee)


def save_pickle(managers: list[Manager], path: Path) -> None:
    """Write the managers and their teams to `path` with pickle."""
    # TODO: pickle the whole list in one go.
    raise NotImplementedError


def load_pickle(path: Path) -> list[Manager]:
    """Read managers written by save_pickle."""
    # TODO: unpickle the list.
    raise NotImplementedError


def save_json(managers: list[Manager], path: Path) -> None:
    """Write the managers and their teams to `path` as JSON, references as ids."""
    # TODO: give every manager and every employee an id (a dict from person to id lets you
    # look up the id of whoever a reference points at).
    # TODO: build plain data: each person once, with their name, and ids where the objects
    # hold references (a manager's team, an employee's manager).
    # TODO: write it as JSON.
    raise NotImplementedError


def load_json(path: Path) -> list[Manager]:
    """Read managers written by save_json and reconnect the references."""
    # TODO: read the JSON.
    # TODO: pass 1: create one Manager or Employee per record, in dicts keyed by id.
    # TODO: pass 2: turn every id back into a reference to the object made for it.
    # TODO: return the managers in their saved order.
    raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import json
import pickle
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def company() -> list[Manager]:
    """Two managers called Sam, two employees called Ada, and Margaret, who has no team yet."""
    grace = Manager("Grace")
    for name in ("Ada", "Alan", "Linus"):
        grace.hire(Employee(name))
    sam_of_operations = Manager("Sam")
    for name in ("Edsger", "Barbara"):
        sam_of_operations.hire(Employee(name))
    sam_of_the_lab = Manager("Sam")
    for name in ("Ken", "Ada"):
        sam_of_the_lab.hire(Employee(name))
    return [grace, sam_of_operations, sam_of_the_lab, Manager("Margaret")]


def people(managers: list[Manager]) -> Iterator[Manager | Employee]:
    for manager in managers:
        yield manager
        yield from manager.team


def shape(managers: list[Manager]) -> list[tuple[str, list[str]]]:
    return [(manager.name, [employee.name for employee in manager.team]) for manager in managers]


def strings_in(data: Any) -> Iterator[str]:
    """Every string in decoded JSON, dict keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings_in(item)


def save_company(save: Callable[[list[Manager], Path], None], path: Path) -> None:
    """Save company() with `save`, failing clearly if it follows the cycle forever."""
    try:
        save(company(), path)
    except RecursionError:
        pytest.fail(
            f"{save.__name__} ran into a RecursionError: manager -> team -> employee -> "
            "manager -> ... never ends. Write each person once and references as ids"
        )
    except ValueError as error:
        if "ircular" not in str(error):
            raise
        pytest.fail(
            f"{save.__name__}: json refused a structure that contains itself ({error}). "
            "Write each person once and references as ids"
        )


def loaded_company(
    save: Callable[[list[Manager], Path], None],
    load: Callable[[Path], list[Manager]],
    path: Path,
) -> list[Manager]:
    """Save company() with `save`, load it with `load`, and check the types of what came back."""
    save_company(save, path)
    loaded = load(path)
    assert isinstance(loaded, list), f"{load.__name__} should return a list of managers"
    for person in loaded:
        assert isinstance(person, Manager), (
            f"{load.__name__} should return Manager objects, found a {type(person).__name__}"
        )
        for member in person.team:
            assert isinstance(member, Employee), (
                f"{person.name}'s team should hold Employee objects, found a "
                f"{type(member).__name__}"
            )
    return loaded


def assert_connected(managers: list[Manager], load_name: str) -> None:
    """Every employee's manager must be the very Manager whose team holds them."""
    for manager in managers:
        for employee in manager.team:
            boss = employee.manager
            assert boss is not None, (
                f"after {load_name}, {employee.name}'s manager is None: connect each employee "
                f"to the Manager object whose team holds them ({manager.name})"
            )
            assert boss is manager, (
                f"after {load_name}, {employee.name}'s manager is a different object (named "
                f"{getattr(boss, 'name', boss)!r}) from the Manager whose team holds "
                f"{employee.name} ({manager.name!r}): make one Manager per id and connect "
                "every reference to that same object (names are not unique)"
            )


def test_pickle_keeps_names_and_teams(tmp_path: Path) -> None:
    loaded = loaded_company(save_pickle, load_pickle, tmp_path / "company.pickle")
    assert shape(loaded) == shape(company()), (
        f"load_pickle should give the same managers and teams, in order: {shape(loaded)}"
    )


def test_the_pickle_file_is_a_pickle(tmp_path: Path) -> None:
    path = tmp_path / "company.pickle"
    save_pickle(company(), path)
    try:
        pickle.loads(path.read_bytes())
    except Exception as error:
        pytest.fail(f"the file written by save_pickle is not a pickle ({error}): use pickle.dump")


def test_pickle_keeps_each_employee_connected_to_their_manager(tmp_path: Path) -> None:
    loaded = loaded_company(save_pickle, load_pickle, tmp_path / "company.pickle")
    assert_connected(loaded, "load_pickle")


def test_the_json_file_writes_each_person_once(tmp_path: Path) -> None:
    path = tmp_path / "company.json"
    save_company(save_json, path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        pytest.fail(f"the file written by save_json is not JSON ({error})")
    expected = Counter(person.name for person in people(company()))
    found = Counter(text for text in strings_in(data) if text in expected)
    for name, count in expected.items():
        owners = "one person has" if count == 1 else f"{count} people have"
        assert found[name] <= count, (
            f"the name {name!r} appears {found[name]} times in the JSON file, but {owners} "
            "it: write each person once, and refer to people by an id, not by nesting a copy "
            "of them or by their name (names are not unique)"
        )


def test_json_keeps_names_and_teams(tmp_path: Path) -> None:
    loaded = loaded_company(save_json, load_json, tmp_path / "company.json")
    assert shape(loaded) == shape(company()), (
        "load_json should give the same managers in the same order, each with the same team "
        f"in the same order (Margaret with none); expected {shape(company())}, got {shape(loaded)}"
    )


def test_json_reconnects_each_employee_to_their_manager(tmp_path: Path) -> None:
    loaded = loaded_company(save_json, load_json, tmp_path / "company.json")
    assert_connected(loaded, "load_json")
