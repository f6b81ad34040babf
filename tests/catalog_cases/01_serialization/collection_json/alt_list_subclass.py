# alternative: JobQueue subclasses list (len and iteration come free), the file is a bare JSON array
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


class JobQueue(list[Job]):
    def add(self, job: Job) -> None:
        if isinstance(job, bool) or not isinstance(job, (str, int, dict)):
            raise TypeError(f"not a job: {job!r}")
        self.append(job)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        queue = cls()
        for job in json.loads(path.read_text(encoding="utf-8")):
            queue.add(job)
        return queue
