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


def warm_up() -> None:
    """Import what runs need, so that no child pays for it."""
    import pydantic  # noqa: F401 - imported for its side effect: loaded once, shared by forks
    import pytest  # noqa: F401
    import sqlalchemy
    import yaml  # noqa: F401

    import persistence_drills.engine.fixtures
    import persistence_drills.engine.report  # noqa: F401

    # What pytest.main imports lazily on every session; measured with a diff of sys.modules.
    for name in LAZY_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    # The SQLite dialect loads lazily on first use; load it here instead of in every run.
    sqlalchemy.create_engine("sqlite://").connect().close()
    gc.collect()
    gc.freeze()


def serve_child(request: dict[str, Any]) -> None:
    """In the forked child: become an isolated run, then run the job. Never returns."""
    code = 70
    try:
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
        from persistence_drills.engine.child import run_job

        code = run_job(Job.from_json(Path(request["job"]).read_text(encoding="utf-8")))
    except BaseException:  # the parent only sees the exit status; say why on the output
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    warm_up()
    answer = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            serve_child(request)
        answer.write(json.dumps({"pid": pid}) + "\n")
        answer.flush()
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        answer.write(json.dumps({"pid": pid, "status": code}) + "\n")
        answer.flush()


if __name__ == "__main__":
    main()
