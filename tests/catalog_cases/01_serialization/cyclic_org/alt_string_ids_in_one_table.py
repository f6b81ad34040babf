# alternative: one table of people keyed by string ids with a kind field; pickle.dumps/write_bytes
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
    path.write_bytes(pickle.dumps(managers, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> list[Manager]:
    managers: list[Manager] = pickle.loads(path.read_bytes())
    return managers


def save_json(managers: list[Manager], path: Path) -> None:
    ids: dict[Manager | Employee, str] = {}
    for m_number, manager in enumerate(managers):
        ids[manager] = f"m{m_number}"
        for e_number, employee in enumerate(manager.team):
            ids[employee] = f"m{m_number}e{e_number}"
    people: dict[str, dict[str, Any]] = {}
    for manager in managers:
        people[ids[manager]] = {
            "kind": "manager",
            "name": manager.name,
            "team": [ids[employee] for employee in manager.team],
        }
        for employee in manager.team:
            people[ids[employee]] = {
                "kind": "employee",
                "name": employee.name,
                "manager": ids[employee.manager],
                "mentor": None if employee.mentor is None else ids[employee.mentor],
            }
    document = {"order": [ids[manager] for manager in managers], "people": people}
    with path.open("w", encoding="utf-8") as file:
        json.dump(document, file)


def load_json(path: Path) -> list[Manager]:
    with path.open(encoding="utf-8") as file:
        document = json.load(file)
    objects: dict[str, Manager | Employee] = {}
    for key, record in document["people"].items():
        if record["kind"] == "manager":
            objects[key] = Manager(record["name"])
        else:
            objects[key] = Employee(record["name"])
    for key, record in document["people"].items():
        person = objects[key]
        if isinstance(person, Manager):
            person.team = [objects[member] for member in record["team"]]  # type: ignore[misc]
        else:
            person.manager = objects[record["manager"]]  # type: ignore[assignment]
            if record["mentor"] is not None:
                person.mentor = objects[record["mentor"]]  # type: ignore[assignment]
    return [objects[key] for key in document["order"]]  # type: ignore[misc]
