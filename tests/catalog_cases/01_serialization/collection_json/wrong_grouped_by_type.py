# mistake: stores the jobs in one list per type, so the types survive but the queue order does not
# expect: the order changed
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
        data: dict[str, list[Job]] = {"texts": [], "ids": [], "tasks": []}
        for job in self:
            if isinstance(job, str):
                data["texts"].append(job)
            elif isinstance(job, int):
                data["ids"].append(job)
            else:
                data["tasks"].append(job)
        path.write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        data = json.loads(path.read_text(encoding="utf-8"))
        queue = cls()
        for group in ("texts", "ids", "tasks"):
            for job in data[group]:
                queue.add(job)
        return queue
