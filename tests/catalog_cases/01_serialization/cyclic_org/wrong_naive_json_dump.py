# mistake: dumps the objects directly with default=vars, which follows manager -> team -> employee
# -> manager forever.
# expect: json refused a structure that contains itself (Circular reference detected)
from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path


# eq=False: two people are the same only if they are the same object, and each hashes by
# identity, so people can be dict keys. (A generated == would compare manager -> team ->
# employee -> manager ... forever.)
@dataclass(eq=False)
class Employee:
    name: str
    # repr=False keeps print(employee) from walking the cycle back up to the manager.
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
    with open(path, "wb") as f:
        pickle.dump(managers, f)


def load_pickle(path: Path) -> list[Manager]:
    with open(path, "rb") as f:
        return pickle.load(f)


def save_json(managers: list[Manager], path: Path) -> None:
    path.write_text(json.dumps(managers, default=vars), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    managers = {record["id"]: Manager(record["name"]) for record in data["managers"]}
    employees = {record["id"]: Employee(record["name"]) for record in data["employees"]}
    for record in data["employees"]:
        if record["manager"] is not None:
            employees[record["id"]].manager = managers[record["manager"]]
    for record in data["managers"]:
        managers[record["id"]].team = [employees[i] for i in record["team"]]
    return [managers[record["id"]] for record in data["managers"]]
