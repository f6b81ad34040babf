# mistake: fearing that pickle loops on the cycle, leaves the manager out of each pickled employee
# expect: after load_pickle, Ada's manager is None
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
    mentor: Employee | None = field(default=None, repr=False)  # an employee of any team

    def __getstate__(self) -> dict[str, Any]:
        # Break the cycle so that pickle does not go round in circles.
        return {"name": self.name}


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
        employees[record["id"]].manager = managers[record["manager"]]
    for record in data["managers"]:
        managers[record["id"]].team = [employees[number] for number in record["team"]]
    return [managers[record["id"]] for record in data["managers"]]
