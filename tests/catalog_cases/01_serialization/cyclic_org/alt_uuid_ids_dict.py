# alternative: uuid4 strings as ids, people stored in a JSON object keyed by id plus an ordered list
# of manager ids; json.load/json.dump on open files.
from __future__ import annotations

import json
import pickle
import uuid
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
    with Path(path).open("wb") as f:
        pickle.Pickler(f, protocol=4).dump(list(managers))


def load_pickle(path: Path) -> list[Manager]:
    with Path(path).open("rb") as f:
        return pickle.Unpickler(f).load()


def save_json(managers: list[Manager], path: Path) -> None:
    ids: dict[Manager | Employee, str] = {}

    def id_of(person: Manager | Employee) -> str:
        if person not in ids:
            ids[person] = uuid.uuid4().hex
        return ids[person]

    people: dict[str, dict[str, Any]] = {}
    for m in managers:
        people[id_of(m)] = {"type": "Manager", "name": m.name, "team": [id_of(e) for e in m.team]}
        for e in m.team:
            boss = id_of(e.manager) if e.manager is not None else None
            mentor = id_of(e.mentor) if e.mentor is not None else None
            people[id_of(e)] = {
                "type": "Employee",
                "name": e.name,
                "manager": boss,
                "mentor": mentor,
            }
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"order": [id_of(m) for m in managers], "people": people}, f, indent=1)


def load_json(path: Path) -> list[Manager]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    made: dict[str, Any] = {
        pid: (Manager if r["type"] == "Manager" else Employee)(r["name"])
        for pid, r in data["people"].items()
    }
    for pid, r in data["people"].items():
        if r["type"] == "Manager":
            made[pid].team = [made[e] for e in r["team"]]
        else:
            if r["manager"] is not None:
                made[pid].manager = made[r["manager"]]
            if r["mentor"] is not None:
                made[pid].mentor = made[r["mentor"]]
    return [made[pid] for pid in data["order"]]
