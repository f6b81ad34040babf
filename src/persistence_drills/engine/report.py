"""The pytest plugin that turns a run into the JSON report the runner reads.

Only the child process loads it (the runner passes an instance to pytest.main). It records
structured facts (outcomes, messages, line numbers in the drill) so that nobody has to parse
pytest's text.
"""

from __future__ import annotations

import builtins
import difflib
import json
import os
import sys
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import Any, Literal

import pytest

from persistence_drills.engine.job import Job

OUTPUT_LIMIT = 100_000  # per check; the screen shows less, the full output file all of it
MESSAGE_LIMIT = 6000


class Reporter:
    def __init__(self, job: Job, token: str) -> None:
        self.job = job
        self.token = token
        self.module = os.path.realpath(job.module)
        self.separator = _separator_line(job.module)  # lines below it are the checks'
        self.collect_errors: list[dict[str, Any]] = []
        self.checks: dict[str, dict[str, Any]] = {}
        self.collected: list[str] = []

    # --- hooks ---------------------------------------------------------------------------

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.collected = [item.name for item in items]

    def pytest_exception_interact(
        self, node: pytest.Item | pytest.Collector, call: pytest.CallInfo[Any], report: Any
    ) -> None:
        if isinstance(node, pytest.Item) or call.excinfo is None:
            return  # check failures are recorded by pytest_runtest_makereport
        error = call.excinfo.value
        # pytest wraps import-time errors in a CollectError; the learner's exception is its cause.
        if error.__cause__ is not None:
            error = error.__cause__
        message, lines = self._describe(error)
        self.collect_errors.append({"message": message, "lines": lines})

    def pytest_internalerror(
        self, excrepr: object, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> bool:
        # sys.exit() while the drill is imported escapes pytest's collection as an internal
        # error; for the learner it is an error in their code like any other.
        message, lines = self._describe(excinfo.value)
        self.collect_errors.append({"message": message, "lines": lines})
        return True  # handled: keep pytest's INTERNALERROR dump out of the output

    def pytest_runtest_logstart(self, nodeid: str, location: tuple[str, int, str]) -> None:
        Path(self.job.progress).write_text(location[2], encoding="utf-8")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        entry = self.checks.setdefault(
            item.nodeid, {"name": item.name, "outcome": "passed", "message": "", "lines": []}
        )
        entry["duration"] = entry.get("duration", 0.0) + report.duration
        if report.failed or report.skipped:
            # A failure in setup or teardown is an error of the check, not a failed assertion.
            outcome = "failed" if call.when == "call" else "error"
            if report.skipped:
                outcome = "skipped"
            if entry["outcome"] == "passed":
                entry["outcome"] = outcome
                if call.excinfo is not None:
                    if report.skipped:
                        entry["message"] = str(call.excinfo.value)
                    else:
                        entry["message"], entry["lines"] = self._describe_info(call.excinfo)
        if call.when == "teardown":
            entry["output"] = _trim(report.capstdout + report.capstderr, OUTPUT_LIMIT)
        return report

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        report = {
            "token": self.token,
            "collected": self.collected,
            "collect_errors": self.collect_errors,
            "checks": list(self.checks.values()),
            "exitstatus": int(exitstatus),
        }
        temp = self.job.report + ".tmp"
        Path(temp).write_text(json.dumps(report), encoding="utf-8")
        os.replace(temp, self.job.report)

    # --- helpers -------------------------------------------------------------------------

    def _describe_info(self, excinfo: pytest.ExceptionInfo[BaseException]) -> tuple[str, list[int]]:
        # exconly() keeps pytest's assertion explanation: "assert 700.0 == 800.0".
        message = excinfo.exconly().strip() + _suggestion(excinfo.value)
        return _trim(message, MESSAGE_LIMIT), self._lines(excinfo.value)

    def _describe(self, error: BaseException) -> tuple[str, list[int]]:
        message = "".join(traceback.format_exception_only(error)).strip() + _suggestion(error)
        return _trim(message, MESSAGE_LIMIT), self._lines(error)

    def _lines(self, error: BaseException) -> list[int]:
        """Line numbers of the drill's frames, outermost first; when the learner's code is
        not on the error's own traceback but on that of an exception it was raised from or
        while handling (a check that catches and explains), the learner's lines from there."""
        lines = self._frames_in_drill(error)
        if isinstance(error, SyntaxError) and error.lineno:
            lines.append(error.lineno)
        seen = {id(error)}
        cause = error.__cause__ or error.__context__
        while cause is not None and id(cause) not in seen:
            seen.add(id(cause))
            lines += [line for line in self._frames_in_drill(cause) if line < self.separator]
            cause = cause.__cause__ or cause.__context__
        return lines

    def _frames_in_drill(self, error: BaseException) -> list[int]:
        return [
            line
            for frame, line in traceback.walk_tb(error.__traceback__)
            if os.path.realpath(frame.f_code.co_filename) == self.module
        ]


class LightReports:
    """Builds pytest's TestReport without rendering the traceback as text.

    pytest formats every failure for its terminal (~35 ms for a few failures: it looks up
    source through inspect); the Reporter records what it needs from the exception itself, so
    the report carries only the one-line exception.
    """

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport:
        excinfo = call.excinfo
        longrepr: Any = None
        outcome: Literal["passed", "failed", "skipped"] = "passed"
        if excinfo is not None:
            if isinstance(excinfo.value, pytest.skip.Exception):
                outcome = "skipped"
                longrepr = (str(item.path), item.location[1], str(excinfo.value))
            else:
                outcome = "failed"
                longrepr = excinfo.exconly()
        sections = [(f"Captured {key} {when}", text) for when, key, text in item._report_sections]
        return pytest.TestReport(
            item.nodeid,
            item.location,
            dict.fromkeys(item.keywords, 1),
            outcome,
            longrepr,
            call.when,  # type: ignore[arg-type]  # "collect" is never a runtest phase here
            sections,
            call.duration,
            call.start,
            call.stop,
            user_properties=item.user_properties,
        )


def _suggestion(error: BaseException) -> str:
    """Python's own "Did you mean: 'pickle'?" for a misspelt name, attribute or module, which
    only its own traceback printer adds (before Python 3.12)."""
    if "Did you mean" in str(error):
        return ""
    name = getattr(error, "name", None)
    if not isinstance(name, str) or not name:
        return ""
    if isinstance(error, ModuleNotFoundError):
        candidates = list(getattr(sys, "stdlib_module_names", ())) + list(sys.modules)
    elif isinstance(error, NameError):
        frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
        if not frames:
            return ""
        candidates = [*frames[-1].f_locals, *frames[-1].f_globals, *dir(builtins)]
    elif isinstance(error, AttributeError) and getattr(error, "obj", None) is not None:
        candidates = dir(error.obj)
    else:
        return ""
    close = difflib.get_close_matches(name, [c for c in candidates if c != name], n=1)
    return f". Did you mean: '{close[0]}'?" if close else ""


def _separator_line(module: str) -> int:
    from persistence_drills.workspace import SEPARATOR

    try:
        with open(module, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.rstrip() == SEPARATOR:
                    return number
    except OSError:
        pass
    return 1 << 30


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit // 2] + "\n[... output trimmed ...]\n" + text[-limit // 2 :]
