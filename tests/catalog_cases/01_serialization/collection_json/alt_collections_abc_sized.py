# alternative: subclasses collections.abc.Sized and Iterable, type checks spelled out with
# match/case, and save/load delegating to to_json/from_json helpers.
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

# A job: a command or URL, a record id, or a structured task.
Job = str | int | dict[str, Any]


class JobQueue(Sized, Iterable):
    """Jobs waiting to run, oldest first."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def add(self, job: Job) -> None:
        match job:
            case bool():
                raise TypeError("True/False is a flag, not a record id")
            case str() | int() | dict():
                self._jobs.append(job)
            case _:
                raise TypeError(f"a job is a str, an int or a dict, not {type(job).__name__}")

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(self._jobs)

    def to_json(self) -> str:
        return json.dumps(self._jobs, indent=1)

    @classmethod
    def from_json(cls, text: str) -> JobQueue:
        queue = cls()
        for job in json.loads(text):
            queue.add(job)
        return queue

    def save(self, path: Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))
