# alternative: ids are list positions: managers[i] and employees[j] in two flat lists, team as
# employee indices and manager as a manager index.
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
    employees = [e for m in managers for e in m.team]
    m_index = {m: i for i, m in enumerate(managers)}
    e_index = {e: j for j, e in enumerate(employees)}
    data = {
        "managers": [{"name": m.name, "team": [e_index[e] for e in m.team]} for m in managers],
        "employees": [
            {
                "name": e.name,
                "manager": None if e.manager is None else m_index[e.manager],
                "mentor": None if e.mentor is None else e_index[e.mentor],
            }
            for e in employees
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    managers = [Manager(r["name"]) for r in data["managers"]]
    employees = [Employee(r["name"]) for r in data["employees"]]
    for employee, r in zip(employees, data["employees"], strict=True):
        if r["manager"] is not None:
            employee.manager = managers[r["manager"]]
        if r["mentor"] is not None:
            employee.mentor = employees[r["mentor"]]
    for manager, r in zip(managers, data["managers"], strict=True):
        manager.team.extend(employees[j] for j in r["team"])
    return managers
