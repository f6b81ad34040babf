# alternative: each job written with an explicit kind tag, a generator __iter__, type() dispatch
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


KINDS = {"text": str, "id": int, "task": dict}


class JobQueue:
    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def add(self, job: Job) -> None:
        if type(job) not in (str, int, dict):
            raise TypeError(f"not a job: {job!r}")
        self._jobs.append(job)

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        yield from self._jobs

    def save(self, path: Path) -> None:
        kind_of = {kind: name for name, kind in KINDS.items()}
        records = [{"kind": kind_of[type(job)], "value": job} for job in self]
        with path.open("w", encoding="utf-8") as file:
            json.dump({"format": "job-queue", "version": 1, "jobs": records}, file)

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        with path.open(encoding="utf-8") as file:
            data = json.load(file)
        queue = cls()
        for record in data["jobs"]:
            value = record["value"]
            if type(value) is not KINDS[record["kind"]]:
                raise ValueError(f"job {value!r} is not of kind {record['kind']}")
            queue.add(value)
        return queue
