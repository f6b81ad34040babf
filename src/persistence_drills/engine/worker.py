"""The warm worker: imports the heavy parts once, then forks a fresh child for every run.

    python -I -B -m persistence_drills.engine.worker

A plain child spends ~150 ms importing pytest before a check can run. This process pays that
once (with SQLAlchemy, pydantic and PyYAML, which drills import too), freezes its heap so the
children's garbage collector skips it, and then serves requests, one JSON line each on stdin:

    {"job": "<job file>", "cwd": "<run folder>", "env": {...}, "output": "<file>"}

For each it forks; the child starts its own session (a process group the runner can kill),
gets the run's environment and working folder, writes its output to the named file and runs
the job exactly as the plain child does. The worker answers two lines on stdout:
{"pid": N} at once, {"pid": N, "status": S} when the child is gone (S < 0: killed by -S).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from persistence_drills.engine.job import Job

LAZY_MODULES = (
    "faulthandler",
    "readline",
    "_pytest._argcomplete",
    "_pytest.helpconfig",
    "_pytest.skipping",
    "_pytest.tracemalloc",
    "_pytest.warnings",
    "persistence_drills.engine.child",
)
# What drills import; loaded once here instead of in every run (sqlite3 alone costs ~5 ms,
# asyncio ~15 ms, SQLAlchemy's ORM ~100 ms).
DRILL_MODULES = (
    "asyncio",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "hashlib",
    "json",
    "pickle",
    "random",
    "shutil",
    "sqlite3",
    "tempfile",
    "uuid",
    "asyncpg",
    "psycopg2",
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.sqlite",
)


def warm_up() -> None:
    """Import what runs need, so that no child pays for it."""
    import pydantic  # noqa: F401 - imported for its side effect: loaded once, shared by forks
    import pytest  # noqa: F401
    import sqlalchemy
    import yaml  # noqa: F401

    import persistence_drills.engine.fixtures
    import persistence_drills.engine.report  # noqa: F401

    # What pytest.main imports lazily on every session; measured with a diff of sys.modules.
    for name in LAZY_MODULES + DRILL_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    # The SQLite dialect loads lazily on first use; load it here instead of in every run.
    sqlalchemy.create_engine("sqlite://").connect().close()
    gc.collect()
    gc.freeze()


def become_run(request: dict[str, Any]) -> None:
    """In a forked child: a session of its own, the run's output file, folder and environment."""
    os.setsid()
    fd = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["drills-run", request["job"]]


def serve_child(request: dict[str, Any], config: object = None) -> None:
    """In a forked child: become an isolated run, then run the job. Never returns."""
    code = 70
    try:
        become_run(request)
        from persistence_drills.engine.child import run_job

        code = run_job(Job.from_json(Path(request["job"]).read_text(encoding="utf-8")), config)
    except BaseException:  # the parent only sees the exit status; say why on the output
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@dataclass
class Zygote:
    """A child forked ahead of the next save, its pytest configuration already built.

    A learner saves the same drill again and again, and building pytest's configuration takes
    ~20 ms of every run: a zygote does it while the learner is still typing, then waits on a
    pipe for the request. A request for another drill (or another job) discards it.
    """

    pid: int
    pipe: int  # write end: the request goes here
    job_text: str

    @classmethod
    def spawn(cls, job_text: str) -> Zygote:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(write)
            _zygote_main(read, job_text)
        os.close(read)
        return cls(pid, write, job_text)

    def start(self, line: str) -> int:
        os.write(self.pipe, line.encode("utf-8"))
        os.close(self.pipe)
        return self.pid

    def discard(self) -> None:
        os.close(self.pipe)  # end of file: the zygote exits
        os.waitpid(self.pid, 0)


def _zygote_main(pipe: int, job_text: str) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)  # let go of the worker's answer pipe
    config = None
    with contextlib.suppress(Exception):  # no head start then, the run builds it itself
        from persistence_drills.engine.child import prepare_config

        config = prepare_config(Job.from_json(job_text))
    data = b""
    while chunk := os.read(pipe, 65536):
        data += chunk
    if not data:
        os._exit(0)  # discarded
    serve_child(json.loads(data), config)


def main() -> None:
    warm_up()
    answer = sys.stdout
    zygote: Zygote | None = None
    for line in sys.stdin:
        request = json.loads(line)
        job_text = Path(request["job"]).read_text(encoding="utf-8")
        if zygote is not None and zygote.job_text == job_text:
            pid = zygote.start(line)
        else:
            if zygote is not None:
                zygote.discard()
            pid = os.fork()
            if pid == 0:
                serve_child(request)
        zygote = None
        answer.write(json.dumps({"pid": pid}) + "\n")
        answer.flush()
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        answer.write(json.dumps({"pid": pid, "status": code}) + "\n")
        answer.flush()
        zygote = Zygote.spawn(job_text)
    if zygote is not None:
        zygote.discard()


if __name__ == "__main__":
    main()
