# mistake: turns each manager into a dict with dataclasses.asdict, which follows the cycle forever
# expect: save_json ran into a RecursionError
from __future__ import annotations

import json
import pickle
from dataclasses import asdict, dataclass, field
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
    path.write_text(json.dumps([asdict(manager) for manager in managers]), encoding="utf-8")


def load_json(path: Path) -> list[Manager]:
    managers = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        manager = Manager(record["name"])
        for member in record["team"]:
            manager.hire(Employee(member["name"]))
        managers.append(manager)
    return managers
