# alternative: uses id(obj) as the id, one flat "people" table tagged by kind, and reconnects with
# hire() in pass 2.
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
    path.write_bytes(pickle.dumps(managers, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> list[Manager]:
    return pickle.loads(path.read_bytes())


def save_json(managers: list[Manager], path: Path) -> None:
    people = []
    for m in managers:
        people.append(
            {"id": id(m), "kind": "manager", "name": m.name, "team": [id(e) for e in m.team]}
        )
        for e in m.team:
            people.append(
                {
                    "id": id(e),
                    "kind": "employee",
                    "name": e.name,
                    "manager": id(e.manager) if e.manager is not None else None,
                    "mentor": id(e.mentor) if e.mentor is not None else None,
                }
            )
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"people": people, "managers": [id(m) for m in managers]}, f)


def load_json(path: Path) -> list[Manager]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    objects: dict[int, Manager | Employee] = {}
    for record in data["people"]:  # pass 1: everyone, unconnected
        cls = Manager if record["kind"] == "manager" else Employee
        objects[record["id"]] = cls(record["name"])
    for record in data["people"]:  # pass 2: connect
        if record["kind"] == "manager":
            manager = objects[record["id"]]
            for member_id in record["team"]:
                manager.hire(objects[member_id])
        elif record["mentor"] is not None:
            objects[record["id"]].mentor = objects[record["mentor"]]
    return [objects[i] for i in data["managers"]]
