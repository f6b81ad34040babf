# mistake: numbers managers and employees with two separate counters but keeps them in one lookup
# table on load, so employee 0 and manager 0 collide.
# expect: load_json should return Manager objects, found a Employee ('Ada') in the list
# expect: Do a manager and an employee share an id?
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
    employee_ids = {}
    for m in managers:
        for e in m.team:
            employee_ids[e] = len(employee_ids)
    data = {
        "managers": [
            {"id": n, "name": m.name, "team": [employee_ids[e] for e in m.team]}
            for n, m in enumerate(managers)
        ],
        "employees": [
            {"id": employee_ids[e], "name": e.name, "manager": n}
            for n, m in enumerate(managers)
            for e in m.team
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    by_id: dict[int, Any] = {}
    for record in data["managers"]:
        by_id[record["id"]] = Manager(record["name"])
    for record in data["employees"]:
        by_id[record["id"]] = Employee(record["name"])
    for record in data["employees"]:
        by_id[record["id"]].manager = by_id[record["manager"]]
    for record in data["managers"]:
        by_id[record["id"]].team = [by_id[i] for i in record["team"]]
    return [by_id[record["id"]] for record in data["managers"]]
