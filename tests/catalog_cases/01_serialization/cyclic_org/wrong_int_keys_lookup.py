# mistake: writes a dict keyed by int ids, which JSON turns into string keys, and then looks the int
# references up among them on load (KeyError).
# expect: load_json looked up the id 1 and found no one
# expect: JSON object keys are always strings
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
    ids: dict[Any, int] = {}
    for person in [p for m in managers for p in [m, *m.team]]:
        ids[person] = len(ids)
    people = {}
    for m in managers:
        people[ids[m]] = {"kind": "manager", "name": m.name, "team": [ids[e] for e in m.team]}
        for e in m.team:
            people[ids[e]] = {"kind": "employee", "name": e.name, "manager": ids[m]}
    data = {"people": people, "managers": [ids[m] for m in managers]}
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    data = json.loads(path.read_text(encoding="utf-8"))
    objects: dict[Any, Any] = {}
    for key, record in data["people"].items():
        objects[key] = (
            Manager(record["name"]) if record["kind"] == "manager" else Employee(record["name"])
        )
    for key, record in data["people"].items():
        if record["kind"] == "manager":
            objects[key].team = [objects[i] for i in record["team"]]
        else:
            objects[key].manager = objects[record["manager"]]
    return [objects[i] for i in data["managers"]]
