"""A custom collection saved as JSON.

`JobQueue` holds jobs waiting to run, oldest first. A job is one of three kinds: a command or
URL (a `str`), the id of a record to process (an `int`), or a structured task (a `dict` with
string keys and JSON values, e.g. {"task": "resize", "width": 640}). Make it a collection, then
make it survive a restart:

- `add(job)` puts a job at the end of the queue. Anything that is not a str, an int or a dict
  is refused with `TypeError`, and that includes `True` and `False`: Python counts bool as a
  kind of int, but a flag is not a record id (0 and 1 are record ids like any other). `add`
  looks only at the job's own type, not inside a dict: keeping a task's keys strings and its
  values JSON is the caller's part (JSON would bring a key 1 back as "1"; the checks use no
  such task).
- `len(queue)` is the number of jobs; `for job in queue` goes through them oldest first, and
  can be done as often as you like.
- `queue.save(path)` writes the queue to `path` as one JSON document (its shape is up to you),
  replacing whatever the file held; saving an empty queue writes an empty queue.
- The classmethod `JobQueue.load(path)` returns a new `JobQueue` (not a list) holding the same
  jobs in the same order, each of the same type as before: the record id 42 must not come back
  as the command "42", nor a True inside a task as 1. It fills the new queue by calling its
  `add` for each job it read, oldest first, so a hand-edited file cannot smuggle in a job that
  `add` would refuse.

`json.dumps(queue)` fails ("Object of type JobQueue is not JSON serializable"): JSON knows
lists and dicts, not your classes. So you choose a representation that JSON can hold, and on
the way back you rebuild your class from it, through its own `add`, so that a loaded queue
obeys the same rules as one built in code. Order and exact types are the easy things to lose on
that trip, and a job queue that reorders its jobs or mixes up 42 and "42" does the wrong work.

Concept: making a custom class persistable; the collection protocol (`__len__`, `__iter__`);
rebuilding objects through their public API on load.

Done when: a saved queue loads back as a `JobQueue` with the same jobs, in the same order and
of the same types, each put in through `add`; an empty queue round-trips (also over a file
that held jobs); and `add` refuses anything but str, int and dict with `TypeError`.
"""

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
        """Write the queue to `path` as JSON: {"jobs": [job, ...]}, oldest first."""
        # str, int and dict are all JSON types, so a JSON array keeps each job as it is, in order.
        path.write_text(json.dumps({"jobs": list(self)}, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> JobQueue:
        """Read a queue written by save()."""
        data = json.loads(path.read_text(encoding="utf-8"))
        queue = cls()
        for job in data["jobs"]:
            queue.add(job)  # the same checks as for jobs added in code
        return queue


# --- checks: these run on every save; do not edit below ---
import json
import os
from pathlib import Path
from typing import Any

import pytest

JOBS: list[Any] = [
    "https://example.com/feed.xml",
    42,
    "42",
    {"task": "resize", "width": 640, "keep_ratio": True, "tags": ["thumb"], "note": None},
    0,
    "",
    {"task": "email", "to": "ada@example.com", "retries": 1},
    1,
    "1",
    -7,
    {},
    "backup --full",
]


def queue_of(jobs: list[Any]) -> JobQueue:
    queue = JobQueue()
    for job in jobs:
        try:
            queue.add(job)
        except NotImplementedError:
            raise
        except Exception as error:
            advice = ""
            if type(job) is int and job in (0, 1):
                advice = (
                    " A test like `job in (True, False)` is true for 1 and 0 as well, because "
                    "True == 1 and False == 0: test the type, isinstance(job, bool)"
                )
            raise AssertionError(
                f"add({job!r}) raised {type(error).__name__} ({error}), but {described(job)} "
                f"is a job: a str, an int or a dict.{advice}"
            ) from error
    return queue


def same(a: Any, b: Any) -> bool:
    """Equal AND of the same types all the way down.

    Plain == is not enough: in Python, True == 1 and {"a": True} == {"a": 1}.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def fingerprint(job: Any) -> str:
    """A text that tells jobs apart by value and type, to compare queues ignoring order."""
    return type(job).__name__ + json.dumps(job, sort_keys=True, default=repr)


def described(job: Any) -> str:
    return f"{job!r} ({type(job).__name__})"


def saved(queue: JobQueue, path: Path) -> None:
    try:
        queue.save(path)
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"queue.save(path) raised {type(error).__name__} ({error}) for a queue of "
            f"{len(list(queue))} jobs: every queue of str, int and dict jobs can be saved"
        ) from error


def loaded_from(path: Path) -> JobQueue:
    try:
        return JobQueue.load(path)
    except NotImplementedError:
        raise
    except Exception as error:
        advice = "load should read back whatever save wrote"
        if isinstance(error, FileNotFoundError):
            advice = "save wrote no file: it must write one for every queue, an empty one too"
        elif isinstance(error, json.JSONDecodeError) and error.msg == "Extra data":
            advice = (
                "the file holds more than one JSON document: save must replace what the file "
                "held (open it with 'w', or use write_text), not append to it"
            )
        detail = str(error)
        if isinstance(error, OSError) and isinstance(error.filename, str | os.PathLike):
            detail = f"{error.strerror}: {Path(error.filename).name}"
        raise AssertionError(
            f"JobQueue.load raised {type(error).__name__} ({detail}) on the file save had just "
            f"written; {advice}"
        ) from error


def saved_and_loaded(queue: JobQueue, path: Path) -> JobQueue:
    saved(queue, path)
    loaded = loaded_from(path)
    assert isinstance(loaded, JobQueue), (
        f"JobQueue.load returned a {type(loaded).__name__}, not a JobQueue: build a new "
        "JobQueue and add the jobs you read to it"
    )
    return loaded


def test_add_len_and_iteration_keep_the_jobs_in_order() -> None:
    queue = queue_of(["first", 2, {"task": "third"}])
    assert len(queue) == 3, f"len(queue) should be 3 after three add() calls, got {len(queue)}"
    assert list(queue) == ["first", 2, {"task": "third"}], (
        f"iterating should give the jobs oldest first, got {list(queue)}"
    )
    assert list(queue) == ["first", 2, {"task": "third"}], (
        "iterating a second time should give the same jobs again: __iter__ should return a "
        "new iterator on every call (e.g. iter(the list)), not one that is used up"
    )


def refused(not_a_job: Any) -> bool:
    """Whether add(not_a_job) raised TypeError; any other error fails with an explanation."""
    try:
        JobQueue().add(not_a_job)
    except TypeError:
        return True
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"add({not_a_job!r}) raised {type(error).__name__} ({error}): refuse a job of the "
            "wrong type with TypeError, the error Python itself uses for a value of the wrong type"
        ) from error
    return False


def test_add_accepts_every_kind_of_job() -> None:
    queue = queue_of(JOBS)
    assert len(queue) == len(JOBS), f"{len(JOBS)} jobs were added, len(queue) is {len(queue)}"


def test_add_refuses_what_is_not_a_job() -> None:
    for not_a_job in (1.5, None, ["a", "list"], ("a", "tuple")):
        assert refused(not_a_job), (
            f"add({not_a_job!r}) was accepted: only str, int and dict are jobs"
        )


def test_add_refuses_true_and_false() -> None:
    for flag in (True, False):
        assert refused(flag), (
            f"add({flag}) was accepted: bool is a subclass of int in Python "
            "(isinstance(True, int) is True), but a flag is not a record id. Refuse bool explicitly"
        )


def test_the_file_is_one_json_document(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    saved(queue_of(JOBS), path)
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        pytest.fail(f"the saved file is not one JSON document ({error}): write it with json.dumps")


def test_load_gives_a_job_queue_that_works(tmp_path: Path) -> None:
    loaded = saved_and_loaded(queue_of(["a", 1]), tmp_path / "jobs.json")
    assert len(loaded) == 2, f"the loaded queue should hold 2 jobs, len() says {len(loaded)}"
    loaded.add("c")
    assert list(loaded) == ["a", 1, "c"], (
        f"adding to a loaded queue should put the job at the end, got {list(loaded)}"
    )


def test_the_jobs_come_back_in_order_with_their_types(tmp_path: Path) -> None:
    loaded = list(saved_and_loaded(queue_of(JOBS), tmp_path / "jobs.json"))
    assert len(loaded) == len(JOBS), f"{len(JOBS)} jobs were saved, {len(loaded)} came back"
    pairs = enumerate(zip(JOBS, loaded, strict=True))
    mismatches = [(index, a, b) for index, (a, b) in pairs if not same(a, b)]
    if not mismatches:
        return
    index, before, after = mismatches[0]
    if sorted(map(fingerprint, loaded)) == sorted(map(fingerprint, JOBS)):
        pytest.fail(
            f"the order changed: job {index} was {described(before)}, the loaded queue has "
            f"{described(after)} there. Keep the jobs in one list, in queue order"
        )
    pytest.fail(
        f"job {index} was {described(before)} and came back as {described(after)}: each "
        "job must keep its type (an int is not a str, True is not 1)"
    )


def test_load_puts_each_job_through_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "jobs.json"
    saved(queue_of(JOBS), path)
    added: list[Any] = []
    real_add = JobQueue.add

    def add_spy(self: JobQueue, job: Any) -> None:
        added.append(job)
        real_add(self, job)

    monkeypatch.setattr(JobQueue, "add", add_spy)
    loaded_from(path)
    assert added, (
        "JobQueue.load filled the new queue without calling its add(): then a hand-edited file "
        "with true, 1.5 or null in place of a job loads a queue that breaks add's rules. Build "
        "the queue with queue.add(job) for each job you read"
    )
    assert len(added) == len(JOBS), (
        f"JobQueue.load called add() {len(added)} times for {len(JOBS)} saved jobs: once for "
        "each job it read"
    )


def test_an_empty_queue_round_trips(tmp_path: Path) -> None:
    loaded = saved_and_loaded(JobQueue(), tmp_path / "jobs.json")
    assert len(loaded) == 0 and list(loaded) == [], (
        f"an empty queue should load as an empty queue, got {list(loaded)}"
    )


def test_saving_an_empty_queue_replaces_older_jobs(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    saved(queue_of(["old job", 1, 2]), path)
    loaded = saved_and_loaded(JobQueue(), path)
    assert list(loaded) == [], (
        f"after saving an empty queue over one with jobs, load gave back {list(loaded)}: "
        "an empty queue must be written too, or finished jobs run again after a restart"
    )
