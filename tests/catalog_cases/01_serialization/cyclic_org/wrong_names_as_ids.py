# mistake: refers to the manager by name, so the two managers called Sam become one
# expect: names are not unique
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
    """Write the managers and their teams to `path` with pickle."""
    # One dump for everything: pickle's memo, which keeps each object once, covers one dump.
    with path.open("wb") as file:
        pickle.dump(managers, file)


def load_pickle(path: Path) -> list[Manager]:
    """Read managers written by save_pickle."""
    with path.open("rb") as file:
        return pickle.load(file)


def save_json(managers: list[Manager], path: Path) -> None:
    data = {
        "managers": [manager.name for manager in managers],
        "employees": [
            {"name": employee.name, "manager": manager.name}
            for manager in managers
            for employee in manager.team
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    by_name = {name: Manager(name) for name in data["managers"]}
    for record in data["employees"]:
        by_name[record["manager"]].hire(Employee(record["name"]))
    return [by_name[name] for name in data["managers"]]
