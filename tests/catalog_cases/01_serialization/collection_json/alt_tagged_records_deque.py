# alternative: a deque for storage, a versioned wrapper object with type-tagged records, exact
# type() checks in add, and a generator __iter__.
from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


class JobQueue:
    """Jobs waiting to run, oldest first."""

    def __init__(self) -> None:
        self._jobs: deque[Job] = deque()

    def add(self, job: Job) -> None:
        if type(job) not in (str, int, dict):  # type() is exact: bool is not int here
            raise TypeError(f"a job is a str, an int or a dict, not {type(job).__name__}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        yield from list(self._jobs)

    def save(self, path: Path) -> None:
        document = {
            "format": "jobqueue",
            "version": 1,
            "jobs": [{"kind": type(job).__name__, "value": job} for job in self._jobs],
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2)

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        queue = cls()
        for record in document["jobs"]:
            job = record["value"]
            if type(job).__name__ != record["kind"]:
                raise ValueError(f"job {job!r} should be a {record['kind']}")
            queue.add(job)
        return queue
