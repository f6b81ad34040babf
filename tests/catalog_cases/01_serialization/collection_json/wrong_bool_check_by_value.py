# mistake: refuses flags with job in (True, False), which also refuses the record ids 0 and 1
# because 0 == False and 1 == True.
# expect: add(0) raised TypeError (not a job: 0), but 0 (int) is a job
# expect: test the type, isinstance(job, bool)
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
        if job in (True, False) or not isinstance(job, (str, int, dict)):
            raise TypeError(f"not a job: {job!r}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(self._jobs)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self._jobs), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for job in json.loads(path.read_text(encoding="utf-8")):
            queue.add(job)
        return queue
