# alternative: employees nested once in their manager's record, back reference as an id; hire()
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
    """Write the managers and their teams to `path` with pickle."""
    # One dump for everything: pickle's memo, which keeps each object once, covers one dump.
    with path.open("wb") as file:
        pickle.dump(managers, file)


def load_pickle(path: Path) -> list[Manager]:
    """Read managers written by save_pickle."""
    with path.open("rb") as file:
        return pickle.load(file)


def save_json(managers: list[Manager], path: Path) -> None:
    # An employee's id is [their manager's id, their place in the team].
    places = {
        employee: [number, place]
        for number, manager in enumerate(managers)
        for place, employee in enumerate(manager.team)
    }
    data = [
        {
            "id": number,
            "name": manager.name,
            "team": [
                {
                    "name": employee.name,
                    "manager": number,
                    "mentor": None if employee.mentor is None else places[employee.mentor],
                }
                for employee in manager.team
            ],
        }
        for number, manager in enumerate(managers)
    ]
    path.write_text(json.dumps(data), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    records = json.loads(path.read_text(encoding="utf-8"))
    by_id = {record["id"]: Manager(record["name"]) for record in records}
    for record in records:
        for member in record["team"]:
            by_id[member["manager"]].hire(Employee(member["name"]))
    for record in records:
        for employee, member in zip(by_id[record["id"]].team, record["team"], strict=True):
            if member["mentor"] is not None:
                number, place = member["mentor"]
                employee.mentor = by_id[number].team[place]
    return [by_id[record["id"]] for record in records]
