# mistake: save_json writes only the employees, each with their manager's id and name, and load_json
# finds the managers through them, so a manager with an empty team (Margaret) is lost.
# expect: the name 'Grace' appears 3 times in the JSON file, but one person has it
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
    ids = {m: n for n, m in enumerate(managers)}
    records = [
        {"name": e.name, "manager_id": ids[m], "manager_name": m.name}
        for m in managers
        for e in m.team
    ]
    path.write_text(json.dumps(records), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    managers: dict[int, Manager] = {}
    for record in json.loads(path.read_text(encoding="utf-8")):
        boss = managers.setdefault(record["manager_id"], Manager(record["manager_name"]))
        boss.hire(Employee(record["name"]))
    return list(managers.values())
