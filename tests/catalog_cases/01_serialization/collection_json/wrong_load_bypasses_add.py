# mistake: load puts the decoded list straight into the new queue instead of add()-ing each job, so
# a file holding true, 1.5 or null loads a queue that breaks add's rules.
# expect: JobQueue.load filled the new queue without calling its add()
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
        path.write_text(json.dumps(self._jobs), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        queue._jobs = json.loads(path.read_text(encoding="utf-8"))
        return queue
