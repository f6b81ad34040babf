# mistake: a type-tagged format that records the top-level type but converts each task value with
# int()/str() by its JSON type, turning True inside a task into 1.
# expect: each job must keep its type (an int is not a str, True is not 1)
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


class JobQueue:
    """Jobs waiting to run, oldest first."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def add(self, job: Job) -> None:
        if isinstance(job, bool) or not isinstance(job, (str, int, dict)):
            raise TypeError(f"a job is a str, an int or a dict, not {type(job).__name__}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(self._jobs)

    def save(self, path: Path) -> None:
        records = [{"type": type(job).__name__, "value": job} for job in self._jobs]
        path.write_text(json.dumps(records), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for record in json.loads(path.read_text(encoding="utf-8")):
            value = record["value"]
            if record["type"] == "int":
                queue.add(int(value))
            elif record["type"] == "str":
                queue.add(str(value))
            else:
                task = {}
                for key, item in value.items():
                    # numbers in a task are ints
                    task[key] = int(item) if isinstance(item, (int, float)) else item
                queue.add(task)
        return queue
