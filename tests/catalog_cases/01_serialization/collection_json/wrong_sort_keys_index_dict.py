# mistake: saves the jobs as a dict keyed by position with sort_keys=True, which sorts "10" and "11"
# before "2" and reorders the queue.
# expect: the order changed: job 2 was '42' (str)
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
        data = {str(index): job for index, job in enumerate(self._jobs)}
        path.write_text(json.dumps(data, sort_keys=True, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for job in json.loads(path.read_text(encoding="utf-8")).values():
            queue.add(job)
        return queue
