"""The result of running a drill, as plain frozen data: the engine returns it, the UI renders it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASSED = "passed"  # every shipped check ran and passed
    FAILED = "failed"  # a check failed
    ERROR = "error"  # syntax error, import error, exception outside a check
    TIMEOUT = "timeout"  # stopped after the drill's timeout
    CRASHED = "crashed"  # killed by a signal, or exited before reporting
    TAMPERED = "tampered"  # the checks section differs from the shipped one
    SKIPPED = "skipped"  # a requirement (PostgreSQL) is unavailable


@dataclass(frozen=True)
class Frame:
    """A line of the drill file that took part in the failure."""

    path: str  # as the learner sees it, relative to the workspace
    line: int
    in_learner_code: bool  # above the separator: the learner's own code
    code: str = ""  # the line itself, as it was when the drill was checked


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: str  # passed, failed, error (in setup or teardown), skipped
    message: str = ""  # the exception with pytest's assertion explanation
    frames: tuple[Frame, ...] = ()
    output: str = ""  # what the check printed, trimmed
    duration: float = 0.0


@dataclass(frozen=True)
class Problem:
    """Why a drill could not even be checked: where, and what happened."""

    message: str
    frames: tuple[Frame, ...] = ()
    fix: str = ""


@dataclass(frozen=True)
class Verdict:
    drill: str
    path: str
    outcome: Outcome
    summary: str  # one sentence for the learner
    checks: tuple[CheckResult, ...] = ()
    problem: Problem | None = None
    output: str = ""  # the process's own output outside the checks, trimmed
    duration: float = 0.0
    # The drill file's text that was checked: snippets are drawn from it, never from the file
    # as it is now (the learner may have saved again since). Not part of the JSON form.
    text: str = ""
    run_folder: str = ""  # where the run worked (and left its files), relative to the workspace
    output_file: str = ""  # everything the run printed, checks included, relative too

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    def failing(self) -> list[CheckResult]:
        return [check for check in self.checks if check.outcome != "passed"]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["text"]
        data["outcome"] = self.outcome.value
        data["passed"] = self.passed
        return data
