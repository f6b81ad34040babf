"""The process that runs one drill's checks: `python -I -B -m persistence_drills.engine.child JOB`.

It runs in a fresh process group started by the runner, with stdin closed and the drill's run
folder as working directory. Whatever it prints is captured (and capped) by the runner; what
counts is the report that the Reporter plugin writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from persistence_drills.engine.job import TOKEN_VARIABLE, Job


def prepare_config(job: Job) -> Any:
    """pytest's configuration for a job, built ahead of the run by the warm worker's zygote."""
    from _pytest.config import _prepareconfig

    from persistence_drills.engine.report import LightReports

    return _prepareconfig(job.pytest_args(), [LightReports()])


def run_job(job: Job, config: Any = None) -> int:
    """Run the job's checks; `config` is a configuration prepared ahead, if there is one."""
    # Taken away before any learner code runs, so that code cannot write a report of its own.
    token = os.environ.pop(TOKEN_VARIABLE, "")
    if sys.flags.optimize:
        # Assertions would be stripped and every check would pass; refuse rather than lie.
        print("assertions are disabled (python -O); drills cannot run", file=sys.stderr)
        return 4
    import faulthandler

    import pytest

    from persistence_drills.engine.report import LightReports, Reporter

    reporter = Reporter(job, token)
    # If the drill runs into its timeout, this dump tells the learner which line was looping.
    with open(job.stack, "w", encoding="utf-8") as stack:
        faulthandler.dump_traceback_later(job.stack_after, file=stack)
        try:
            if config is None:
                return int(pytest.main(job.pytest_args(), plugins=[reporter, LightReports()]))
            # What pytest.main does once its configuration exists.
            config.pluginmanager.register(reporter)
            try:
                return int(config.hook.pytest_cmdline_main(config=config))
            finally:
                config._ensure_unconfigure()
        finally:
            faulthandler.cancel_dump_traceback_later()


def main() -> None:
    job = Job.from_json(Path(sys.argv[1]).read_text(encoding="utf-8"))
    code = run_job(job)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


if __name__ == "__main__":
    main()
