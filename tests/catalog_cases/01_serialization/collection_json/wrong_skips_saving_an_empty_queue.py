# mistake: does not write anything when the queue is empty, so an older file with jobs stays
# expect: an empty queue must be written too
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

    def add(self, job: Job) -> None:
        """Put `job` at the end of the queue; TypeError unless it is a str, an int or a dict."""
        # bool is a subclass of int (isinstance(True, int) is True), so it is ruled out first.
        if isinstance(job, bool) or not isinstance(job, (str, int, dict)):
            raise TypeError(f"a job is a str, an int or a dict, not {type(job).__name__}: {job!r}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        # A fresh iterator on every call, so the queue can be walked again and again.
        return iter(self._jobs)

    def save(self, path: Path) -> None:
        if not self._jobs:
            return  # nothing to save
        path.write_text(json.dumps({"jobs": self._jobs}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        if path.exists():
            for job in json.loads(path.read_text(encoding="utf-8"))["jobs"]:
                queue.add(job)
        return queue
