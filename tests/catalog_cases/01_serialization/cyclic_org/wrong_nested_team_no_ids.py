# mistake: writes each manager with their team nested inside and no ids at all, leaving the employee
# -> manager reference out of the file instead of writing the manager's id.
# expect: the mentor of Alan of manager 1's team (Grace) should be Ken of manager 3's team (Sam)
# expect: write the mentor as an id
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
    data = [{"name": m.name, "team": [{"name": e.name} for e in m.team]} for m in managers]
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    managers = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        manager = Manager(record["name"])
        for member in record["team"]:
            manager.hire(Employee(member["name"]))
        managers.append(manager)
    return managers
