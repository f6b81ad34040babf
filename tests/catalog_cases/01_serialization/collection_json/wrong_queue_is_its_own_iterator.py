# mistake: __iter__ returns self with an index-walking __next__, so a queue can be iterated once
# expect: iterating a second time should give the same jobs again
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


class JobQueue:
    def __init__(self) -> None:
        self._jobs: list[Job] = []
        self._position = 0

    def add(self, job: Job) -> None:
        if isinstance(job, bool) or not isinstance(job, (str, int, dict)):
            raise TypeError(f"not a job: {job!r}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return self

    def __next__(self) -> Job:
        if self._position >= len(self._jobs):
            raise StopIteration
        job = self._jobs[self._position]
        self._position += 1
        return job

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"jobs": list(self)}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        data = json.loads(path.read_text(encoding="utf-8"))
        queue = cls()
        for job in data["jobs"]:
            queue.add(job)
        return queue
