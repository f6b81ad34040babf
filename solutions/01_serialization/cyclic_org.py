"""Objects that point at each other: pickle and JSON.

A `Manager` has a `team` of `Employee`s, and each employee points back at their manager through
`employee.manager`: a cycle (manager -> employee -> manager -> ...). An employee may also have
a `mentor`: another employee, from any team, or None. Save a list of managers, their teams
included, in two formats:

1. `save_pickle(managers, path)` and `load_pickle(path)`, with pickle.
2. `save_json(managers, path)` and `load_json(path)`, with JSON. Give every manager and every
   employee an id of your choosing and write each person exactly once; wherever an object
   refers to a person written elsewhere in the file (a team member, an employee's manager, a
   mentor), write that person's id instead. On load, first create all the people, then
   connect the references by looking the ids up. The layout of the file is up to you.

Both loaders return the managers in the order they were saved, each with its team in order,
and connected as before: for every loaded manager `m` and every `e` in `m.team`,
`e.manager is m`, the very same object, not a copy that looks the same; and every mentor is
the very Employee object found in the mentor's own team. Names are not unique (two managers
may both be called Sam, two employees Ada), so a name cannot serve as an id. A manager may
have an empty team. Saving leaves the objects it was given exactly as they were (no id stored
on them, no reference cut or replaced), since the program goes on using them; and every file
the four functions open is closed again.

Pickle remembers every object it has already written in one dump and writes a back-reference
the second time it meets it, so cycles and shared objects come back exactly as they were. JSON
has only trees: a walk that follows `manager -> team -> employee -> manager` never ends
(`json.dumps` stops with "Circular reference detected", `dataclasses.asdict` with a
RecursionError), and writing a copy of a person wherever they are referred to breaks the link,
since each copy loads as a separate object. Replacing references by ids turns the graph into
flat lists that JSON can hold, the way a database stores a foreign key. A mentor may sit in a
team further down the file, so on load an id can name someone not created yet: hence the two
passes.

Concept: object identity versus equality; serializing a graph with cycles; references as ids
and two-pass loading.

Done when: after each loader, every employee's `manager` is the very Manager object whose team
holds them and every `mentor` the very Employee it was, all names and team orders survive, the
JSON file holds each person once, saving leaves the objects unchanged, and no file is left
open.
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
    # repr=False keeps print(employee) from walking the references back up the graph.
    manager: Manager | None = field(default=None, repr=False)
    mentor: Employee | None = field(default=None, repr=False)  # an employee of any team


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
    # One dump for everything: pickle's memo, which keeps each object once, covers one dump.
    with path.open("wb") as file:
        pickle.dump(managers, file)


def load_pickle(path: Path) -> list[Manager]:
    """Read managers written by save_pickle."""
    with path.open("rb") as file:
        return pickle.load(file)


def save_json(managers: list[Manager], path: Path) -> None:
    """Write the managers and their teams to `path` as JSON, references as ids."""
    # Ids are positions in the two lists below; any unique labels would do. With eq=False a
    # person hashes by identity, so the objects themselves can be the dict keys.
    employees = [employee for manager in managers for employee in manager.team]
    manager_ids = {manager: number for number, manager in enumerate(managers)}
    employee_ids = {employee: number for number, employee in enumerate(employees)}
    data = {
        "managers": [
            {
                "id": manager_ids[manager],
                "name": manager.name,
                "team": [employee_ids[employee] for employee in manager.team],
            }
            for manager in managers
        ],
        "employees": [
            {
                "id": employee_ids[employee],
                "name": employee.name,
                "manager": manager_ids[employee.manager],
                "mentor": None if employee.mentor is None else employee_ids[employee.mentor],
            }
            for employee in employees
        ],
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    """Read managers written by save_json and reconnect the references."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    # Pass 1: one object per person, found by id.
    managers = {record["id"]: Manager(record["name"]) for record in data["managers"]}
    employees = {record["id"]: Employee(record["name"]) for record in data["employees"]}
    # Pass 2: every id becomes a reference to the one object made for it.
    for record in data["employees"]:
        employee = employees[record["id"]]
        employee.manager = managers[record["manager"]]
        if record["mentor"] is not None:
            employee.mentor = employees[record["mentor"]]
    for record in data["managers"]:
        managers[record["id"]].team = [employees[number] for number in record["team"]]
    return [managers[record["id"]] for record in data["managers"]]


# --- checks: these run on every save; do not edit below ---
import contextlib
import gc
import json
import operator
import os
import pickle
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def company() -> list[Manager]:
    """Two managers called Sam, two employees called Ada, and Margaret, who has no team yet.
    Mentors cross the teams, point down and up the list, and Alan and Ken mentor each other."""
    grace = Manager("Grace")
    ada, alan, linus = Employee("Ada"), Employee("Alan"), Employee("Linus")
    for employee in (ada, alan, linus):
        grace.hire(employee)
    sam_of_operations = Manager("Sam")
    edsger, barbara = Employee("Edsger"), Employee("Barbara")
    for employee in (edsger, barbara):
        sam_of_operations.hire(employee)
    sam_of_the_lab = Manager("Sam")
    ken, ada_of_the_lab = Employee("Ken"), Employee("Ada")
    for employee in (ken, ada_of_the_lab):
        sam_of_the_lab.hire(employee)
    alan.mentor = ken
    ken.mentor = alan
    barbara.mentor = ada_of_the_lab
    linus.mentor = ada
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


def save_company(
    save: Callable[[list[Manager], Path], None], path: Path, managers: list[Manager] | None = None
) -> None:
    """Save company() with `save`, failing clearly if it follows the cycle forever."""
    try:
        save(company() if managers is None else managers, path)
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
    try:
        loaded = load(path)
    except NotImplementedError:
        raise
    except KeyError as error:
        advice = "every id the file refers to must be the id of a person written in it"
        if isinstance(error.args[0], int):
            advice = (
                "JSON object keys are always strings: a dict keyed by the number 1 comes back "
                'keyed by "1", so look ids up the way they were read back'
            )
        raise AssertionError(
            f"{load.__name__} looked up the id {error.args[0]!r} and found no one: {advice}"
        ) from error
    assert isinstance(loaded, list), f"{load.__name__} should return a list of managers"
    for person in loaded:
        assert isinstance(person, Manager), (
            f"{load.__name__} should return Manager objects, found a {type(person).__name__} "
            f"({getattr(person, 'name', person)!r}) in the list. Do a manager and an employee "
            "share an id? Then one lookup table cannot tell them apart"
        )
        for member in person.team:
            assert isinstance(member, Employee), (
                f"{person.name}'s team should hold Employee objects, found a "
                f"{type(member).__name__} ({getattr(member, 'name', member)!r}). Do a manager "
                "and an employee share an id? Then one lookup table cannot tell them apart"
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


def place(managers: list[Manager], employee: Employee | None) -> str:
    """Who `employee` is, by their place in the teams: names alone are not unique."""
    if employee is None:
        return "nobody (None)"
    for number, manager in enumerate(managers, start=1):
        for member in manager.team:
            if member is employee:
                return f"{member.name} of manager {number}'s team ({manager.name})"
    return f"an Employee named {getattr(employee, 'name', employee)!r} who is in no team"


def assert_mentors_kept(managers: list[Manager], load_name: str) -> None:
    """Every loaded mentor must be the very Employee, in its team, that the mentor was."""
    original = company()
    for saved, loaded in zip(original, managers, strict=True):
        for before, after in zip(saved.team, loaded.team, strict=True):
            expected = place(original, getattr(before, "mentor", None))
            found = place(managers, getattr(after, "mentor", None))
            assert found == expected, (
                f"after {load_name}, the mentor of {place(managers, after)} should be "
                f"{expected}, found {found}: write the mentor as an id, and on load connect it "
                "to the one Employee made for that id (the mentor may come later in the file)"
            )


def test_pickle_keeps_names_and_teams(tmp_path: Path) -> None:
    loaded = loaded_company(save_pickle, load_pickle, tmp_path / "company.pickle")
    assert shape(loaded) == shape(company()), (
        f"load_pickle should give the same managers and teams, in order: {shape(loaded)}"
    )


def test_the_pickle_file_is_a_pickle(tmp_path: Path) -> None:
    path = tmp_path / "company.pickle"
    save_company(save_pickle, path)
    try:
        pickle.loads(path.read_bytes())
    except Exception as error:
        pytest.fail(f"the file written by save_pickle is not a pickle ({error}): use pickle.dump")


def test_pickle_keeps_each_employee_connected_to_their_manager(tmp_path: Path) -> None:
    loaded = loaded_company(save_pickle, load_pickle, tmp_path / "company.pickle")
    assert_connected(loaded, "load_pickle")
    assert_mentors_kept(loaded, "load_pickle")


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


def test_json_reconnects_each_mentor(tmp_path: Path) -> None:
    loaded = loaded_company(save_json, load_json, tmp_path / "company.json")
    assert_mentors_kept(loaded, "load_json")


def test_saving_leaves_the_objects_unchanged(tmp_path: Path) -> None:
    for save in (save_pickle, save_json):
        managers = company()
        before = [(person, dict(vars(person))) for person in people(managers)]
        teams = [list(manager.team) for manager in managers]
        save_company(save, tmp_path / f"company.{save.__name__}", managers)
        for person, attributes in before:
            added = sorted(vars(person).keys() - attributes.keys())
            assert not added, (
                f"{save.__name__} stored {', '.join(added)} on {person.name}, one of the "
                "objects it was saving: keep the ids in a dict of your own (person -> id) and "
                "leave the people as they were"
            )
            for key, value in attributes.items():
                now = getattr(person, key, None)
                if isinstance(value, list):
                    continue  # a team: compared member by member below
                assert now is value or (isinstance(value, str) and now == value), (
                    f"after {save.__name__}, {person.name}'s {key} is {now!r} instead of "
                    f"{value!r}: saving must leave the objects as they were (the program goes "
                    "on using them); build the file's data beside them, never by changing them"
                )
        for manager, team in zip(managers, teams, strict=True):
            members = list(getattr(manager, "team", []))
            assert len(members) == len(team) and all(map(operator.is_, members, team)), (
                f"after {save.__name__}, {manager.name}'s team holds "
                f"{[getattr(member, 'name', member) for member in members]} instead of "
                f"{[employee.name for employee in team]}: saving must leave the teams as they were"
            )


@contextlib.contextmanager
def no_file_left_open(what: str) -> Iterator[None]:
    """Fails if the block leaves a file object unclosed or a file descriptor open."""

    def open_descriptors() -> int | None:
        for folder in ("/proc/self/fd", "/dev/fd"):
            if os.path.isdir(folder):
                return len(os.listdir(folder))
        return None

    before = open_descriptors()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()  # an unclosed file object is only reported when it is destroyed
    unclosed = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not unclosed, (
        f"{what} left a file open ({unclosed[0]}): open files in a `with` block so that "
        "they are closed (and their last bytes written) whatever happens"
    )
    after = open_descriptors()
    if before is not None and after is not None:
        assert after == before, f"{what} left {after - before} file descriptor(s) open"


def test_every_file_opened_is_closed(tmp_path: Path) -> None:
    for save, load, name in (
        (save_pickle, load_pickle, "company.pickle"),
        (save_json, load_json, "company.json"),
    ):
        with no_file_left_open(save.__name__):
            save_company(save, tmp_path / name)
        with no_file_left_open(load.__name__):
            load(tmp_path / name)
