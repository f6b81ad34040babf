# mistake: load returns what json.load gives, a plain list, instead of a JobQueue
# expect: JobQueue.load returned a list, not a JobQueue
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
        path.write_text(json.dumps(self._jobs), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        return json.loads(path.read_text(encoding="utf-8"))
