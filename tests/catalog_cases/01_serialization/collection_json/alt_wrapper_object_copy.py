# alternative: writes {"jobs": [...]} via json.dump on an open file, iterates over a snapshot copy,
# and load uses a list comprehension fed through add().
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
        return iter(list(self._jobs))

    def save(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            json.dump({"jobs": list(self)}, f, ensure_ascii=False)
            f.write("\n")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        with path.open(encoding="utf-8") as f:
            jobs = json.load(f)["jobs"]
        queue = cls()
        [queue.add(job) for job in jobs]
        return queue
