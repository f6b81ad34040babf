"""The process that runs one drill's checks, whichever way it was started.

    python -E -P -B -m persistence_drills.engine.child JOB     (the plain way)
    a fork of the warm service (service.py) calls run_job       (the fast way)

It runs in a process group of its own, with stdin closed and the drill's run folder as working
directory. Whatever it prints is captured (and capped) by the runner; what counts is the
report that the Reporter plugin writes. It carries its own deadline: should the runner die, a
watchdog in its group still ends everything it started when the time is up.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any

from persistence_drills.engine.job import TOKEN_VARIABLE, Job

# How long after the runner's own timeout the watchdog ends the group: the runner normally
# stops the run itself first (after asking for the stack), this is for when it cannot.
DEADLINE_GRACE = 2.0
STACK_SIGNAL = getattr(signal, "SIGUSR1", None)  # the runner sends it just before the timeout


def prepare_config(job: Job) -> Any:
    """pytest's configuration for a job, built ahead of the run by a zygote of the service.

    Building it starts pytest's capture of fds 1 and 2, which would then keep the zygote's
    own and not the run's: it is stopped here and started again once the run has its output.
    (_prepareconfig and the capture manager are private pytest API: tests/test_private_api.py
    fails loudly when they change.)
    """
    from _pytest.config import _prepareconfig

    from persistence_drills.engine.report import LightReports

    config = _prepareconfig(job.pytest_args(), [LightReports()])
    config.pluginmanager.getplugin("capturemanager").stop_global_capturing()
    return config


def run_job(job: Job, config: Any = None) -> int:
    """Run the job's checks; `config` is a configuration prepared ahead, if there is one."""
    # Taken away before any learner code runs, so that code cannot write a report of its own.
    token = os.environ.pop(TOKEN_VARIABLE, "")
    if sys.flags.optimize:
        # Assertions would be stripped and every check would pass; refuse rather than lie.
        print("assertions are disabled (python -O); drills cannot run", file=sys.stderr)
        return 4
    watchdog = arm_watchdog(job.timeout + DEADLINE_GRACE)
    if STACK_SIGNAL is not None:
        signal.signal(STACK_SIGNAL, _stack_dumper(job))
    import pytest

    from persistence_drills.engine.report import LightReports, Reporter

    reporter = Reporter(job, token)
    try:
        if config is None:
            return int(pytest.main(job.pytest_args(), plugins=[reporter, LightReports()]))
        # What pytest.main does once its configuration exists.
        config.pluginmanager.getplugin("capturemanager").start_global_capturing()
        config.pluginmanager.register(reporter)
        try:
            return int(config.hook.pytest_cmdline_main(config=config))
        finally:
            config._ensure_unconfigure()
    finally:
        disarm_watchdog(watchdog)


def arm_watchdog(seconds: float) -> int | None:
    """A process in the run's group that kills the whole group after `seconds`."""
    if not hasattr(os, "fork") or os.name != "posix":
        return None  # pragma: no cover - Windows: the runner's own timeout has to do
    pid = os.fork()
    if pid == 0:
        try:
            os.closerange(0, 1 << 16)  # holds nothing open: the output pipe ends with the run
            time.sleep(seconds)
            os.killpg(os.getpgrp(), signal.SIGKILL)  # the run, its children, and this process
        finally:
            os._exit(0)
    return pid


def disarm_watchdog(pid: int | None) -> None:
    """Kill the watchdog, without waiting for it (~3 ms): this process ends right after the
    run, and whoever inherits the dead watchdog then reaps it."""
    if pid is not None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _stack_dumper(job: Job) -> Any:
    """A signal handler writing the drill's lines on the main thread's stack, as JSON."""
    module = os.path.realpath(job.module)

    def dump(signum: int, frame: FrameType | None) -> None:
        lines = [
            entry.lineno
            for entry in traceback.extract_stack(frame)
            if entry.lineno is not None and os.path.realpath(entry.filename) == module
        ]
        temp = job.stack + ".tmp"
        Path(temp).write_text(json.dumps(lines), encoding="utf-8")
        os.replace(temp, job.stack)  # the runner never reads half of it

    return dump


def main() -> None:
    job = Job.from_json(Path(sys.argv[1]).read_text(encoding="utf-8"))
    code = run_job(job)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


if __name__ == "__main__":
    main()
