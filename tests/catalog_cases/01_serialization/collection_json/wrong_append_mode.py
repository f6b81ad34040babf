# mistake: save opens the file in append mode, so saving over an existing file adds a second JSON
# document instead of replacing it.
# expect: JobQueue.load raised JSONDecodeError
# expect: save must replace what the file held
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
        with open(path, "a", encoding="utf-8") as f:
            json.dump(self._jobs, f)

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for job in json.loads(path.read_text(encoding="utf-8")):
            queue.add(job)
        return queue
