# mistake: save_pickle and load_pickle open the file without closing it (no with block), so the
# pickle may not be flushed and the handle leaks.
# expect: save_pickle left a file open (unclosed file
# expect: open files in a `with` block
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
    pickle.dump(managers, open(path, "wb"))  # noqa: SIM115 (the mistake)


def load_pickle(path: Path) -> list[Manager]:
    return pickle.load(open(path, "rb"))


def save_json(managers: list[Manager], path: Path) -> None:
    ids: dict[Any, str] = {}
    for manager in managers:
        ids[manager] = f"m{len(ids)}"
        for employee in manager.team:
            ids[employee] = f"e{len(ids)}"
    data = {
        "managers": [
            {"id": ids[m], "name": m.name, "team": [ids[e] for e in m.team]} for m in managers
        ],
        "employees": [
            {
                "id": ids[e],
                "name": e.name,
                "manager": ids[e.manager] if e.manager else None,
                "mentor": ids[e.mentor] if e.mentor else None,
            }
            for m in managers
            for e in m.team
        ],
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    managers = {record["id"]: Manager(record["name"]) for record in data["managers"]}
    employees = {record["id"]: Employee(record["name"]) for record in data["employees"]}
    for record in data["employees"]:
        if record["manager"] is not None:
            employees[record["id"]].manager = managers[record["manager"]]
        if record["mentor"] is not None:
            employees[record["id"]].mentor = employees[record["mentor"]]
    for record in data["managers"]:
        managers[record["id"]].team = [employees[i] for i in record["team"]]
    return [managers[record["id"]] for record in data["managers"]]
