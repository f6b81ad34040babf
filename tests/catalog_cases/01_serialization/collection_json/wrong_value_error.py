# mistake: add refuses wrong jobs with ValueError instead of TypeError.
# expect: add(1.5) raised ValueError (not a job: 1.5): refuse a job of the wrong type with TypeError
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
            raise ValueError(f"not a job: {job!r}")
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
