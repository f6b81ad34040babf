# mistake: numbers everyone with one counter as string ids and returns the managers by sorted id, so
# "10" sorts before "4" and the manager order changes.
# expect: load_json should give the same managers in the same order
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
    ids: dict[Any, str] = {}
    for m in managers:
        ids[m] = str(len(ids))
        for e in m.team:
            ids[e] = str(len(ids))
    data = {
        "managers": {ids[m]: {"name": m.name, "team": [ids[e] for e in m.team]} for m in managers},
        "employees": {
            ids[e]: {"name": e.name, "manager": ids[m]} for m in managers for e in m.team
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    managers = {i: Manager(r["name"]) for i, r in data["managers"].items()}
    employees = {i: Employee(r["name"]) for i, r in data["employees"].items()}
    for i, r in data["employees"].items():
        employees[i].manager = managers[r["manager"]]
    for i, r in data["managers"].items():
        managers[i].team = [employees[j] for j in r["team"]]
    return [managers[i] for i in sorted(managers)]
