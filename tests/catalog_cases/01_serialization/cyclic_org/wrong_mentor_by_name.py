# mistake: writes the mentor as a name and finds them by name on load: of the two Adas, the
# wrong one may come back
# expect: the name 'Ada' appears 4 times in the JSON file, but 2 people have it
# expect: the mentor of Linus of manager 1's team (Grace) should be Ada of manager 1's team
# expect: found Ada of manager 3's team (Sam)
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
                "mentor": None if employee.mentor is None else employee.mentor.name,
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
            by_name = {other.name: other for other in employees.values()}
            employee.mentor = by_name[record["mentor"]]
    for record in data["managers"]:
        managers[record["id"]].team = [employees[number] for number in record["team"]]
    return [managers[record["id"]] for record in data["managers"]]
