# mistake: __iter__ pops the jobs off the queue as it hands them out, so a second loop (or a save
# after a loop) finds the queue empty.
# expect: iterating a second time should give the same jobs again
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
        while self._jobs:
            yield self._jobs.pop(0)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self._jobs), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for job in json.loads(path.read_text(encoding="utf-8")):
            queue.add(job)
        return queue
