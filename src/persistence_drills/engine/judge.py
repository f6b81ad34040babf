"""From what a run left behind (report, exit status, output) to the learner's Verdict.

Pure functions: no processes, no files; the table-driven unit tests exercise them directly.
"""

from __future__ import annotations

import dataclasses
import errno
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from persistence_drills.engine.verdict import CheckResult, Frame, Outcome, Problem, Verdict
from persistence_drills.source import DrillSource


@dataclass(frozen=True)
class RunFacts:
    """What the runner observed about one finished child process."""

    drill: str
    path: str  # the learner's drill file, relative to the workspace
    source: DrillSource  # the exact text that ran
    expected: tuple[str, ...]  # names of the shipped checks
    report: dict[str, Any] | None  # None when missing or not carrying this run's token
    returncode: int | None
    timed_out: bool
    timeout: float
    output: str
    duration: float
    running_check: str = ""  # the check that was running when time ran out
    stuck_lines: tuple[int, ...] = ()  # the drill's lines on the stack just before the timeout
    run_folder: str = ""  # where the run worked, relative to the workspace
    folder_exists: bool = True  # False when the learner's code deleted it


def judge(facts: RunFacts) -> Verdict:
    if facts.timed_out:
        where = f" while running {facts.running_check}" if facts.running_check else ""
        return _verdict(
            facts,
            Outcome.TIMEOUT,
            f"Stopped after {facts.timeout:g} s{where}: the code was still running.",
            problem=Problem(
                message="",
                frames=_frames(facts, facts.stuck_lines),
                fix="Look for a loop that never ends or a call that waits forever "
                "(input(), a lock, a server that does not answer).",
            ),
        )
    if facts.report is None:
        return _crashed(facts)
    report = facts.report
    if report.get("collect_errors"):
        first = report["collect_errors"][0]
        return _verdict(
            facts,
            Outcome.ERROR,
            "Your code raised an error while it was being loaded, so no check ran.",
            problem=Problem(message=first["message"], frames=_frames(facts, first["lines"])),
        )
    checks = tuple(_check(facts, raw) for raw in report.get("checks", []))
    ran = {check.name.split("[", 1)[0] for check in checks}
    missing = [name for name in facts.expected if name not in ran]
    failing = [check for check in checks if check.outcome != "passed"]
    if failing:
        if all(check.outcome == "error" for check in failing):
            outcome, summary = Outcome.ERROR, "A check could not be set up or cleaned up."
        else:
            outcome = Outcome.FAILED
            summary = (
                f"{len(failing)} of {_checks(len(checks))} fail{'s' if len(failing) == 1 else ''}."
            )
        return _verdict(facts, outcome, summary, checks=checks)
    if missing or not checks:
        names = ", ".join(missing) or "any check"
        return _verdict(
            facts,
            Outcome.ERROR,
            f"Not every check ran: {names} did not run.",
            checks=checks,
            problem=Problem(
                message=f"pytest did not run {names}.",
                fix="Every check below the separator must run; do not rename or hide them.",
            ),
        )
    return _verdict(
        facts,
        Outcome.PASSED,
        f"All {_checks(len(checks))} pass.",
        checks=checks,
    )


def _checks(count: int) -> str:
    return f"{count} check{'s' if count != 1 else ''}"


def _verdict(facts: RunFacts, outcome: Outcome, summary: str, **details: Any) -> Verdict:
    return Verdict(
        drill=facts.drill,
        path=facts.path,
        outcome=outcome,
        summary=summary,
        output=facts.output,
        duration=round(facts.duration, 3),
        text=facts.source.text,
        **details,
    )


def _crashed(facts: RunFacts) -> Verdict:
    code = facts.returncode
    if not facts.folder_exists:
        why = f"Your code deleted the folder the checks run in ({facts.run_folder})."
        fix = "Delete only files your code made itself, inside the paths the checks give you."
    elif code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = f"The process was killed by {name} before the checks reported."
        fix = "A crash inside a C extension or running out of memory can do this."
    else:
        why = f"The process exited with code {code} before the checks reported."
        fix = (
            "Do not call sys.exit(), os._exit() or quit() in your code: the checks must get to run."
        )
    verdict = _verdict(
        facts,
        Outcome.CRASHED,
        "The run ended before its checks could report.",
        problem=Problem(message=why, fix=fix),
    )
    if not facts.folder_exists:  # what was printed then is pytest tripping over the hole
        verdict = dataclasses.replace(verdict, output="")
    return verdict


def _check(facts: RunFacts, raw: dict[str, Any]) -> CheckResult:
    return CheckResult(
        name=raw["name"],
        outcome=raw["outcome"],
        message=raw.get("message", ""),
        frames=_frames(facts, raw.get("lines", [])),
        output=raw.get("output", ""),
        duration=round(float(raw.get("duration", 0.0)), 4),
    )


def _frames(facts: RunFacts, lines: Sequence[int]) -> tuple[Frame, ...]:
    return tuple(_frame(facts.path, line, facts.source) for line in lines)


def _frame(path: str, line: int, source: DrillSource) -> Frame:
    return Frame(path, line, source.is_learner_line(line), source.line(line))


def tampered(drill: str, path: str, source: DrillSource, shipped: str | None) -> Verdict:
    if source.separator_line is None:
        what = "The separator line of the checks section is missing."
        frames: tuple[Frame, ...] = ()
    else:
        what = "The checks below the separator line differ from the shipped ones."
        line = source.separator_line + _first_difference(source.checks or "", shipped or "")
        frames = (_frame(path, line, source),)
    return Verdict(
        drill=drill,
        path=path,
        outcome=Outcome.TAMPERED,
        summary=what,
        problem=Problem(
            message="A drill only passes with the checks it shipped with.",
            frames=frames,
            fix=f"Run `drills reset {drill} --checks` to restore the checks and keep your code.",
        ),
        text=source.text,
    )


def _first_difference(mine: str, shipped: str) -> int:
    """The index of the first line that differs (counting from the separator line as 0)."""
    ours, theirs = mine.splitlines(), shipped.splitlines()
    for index, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            return index
    return min(len(ours), len(theirs))


def cannot_prepare(drill: str, path: str, runs: Path, error: OSError) -> Verdict:
    """The run folder could not be made: a full or read-only disk, or a folder removed."""
    if error.errno == errno.ENOSPC:
        fix = "Free some disk space (or delete .drills/runs), then save again."
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        fix = f"Make {runs} writable, or work in a copy of the workspace you can write to."
    else:
        fix = "Check the folder, then save again."
    return Verdict(
        drill=drill,
        path=path,
        outcome=Outcome.ERROR,
        summary=f"Could not prepare the run in {runs}: {error.strerror or error}.",
        problem=Problem(message="", fix=fix),
    )


def syntax_error(drill: str, path: str, error: SyntaxError, source: DrillSource) -> Verdict:
    line = error.lineno or 1
    return Verdict(
        drill=drill,
        path=path,
        outcome=Outcome.ERROR,
        summary=f"Python cannot read line {line}: {error.msg}.",
        problem=Problem(message=f"SyntaxError: {error.msg}", frames=(_frame(path, line, source),)),
        text=source.text,
    )


def skipped(drill: str, path: str, reason: str, fix: str) -> Verdict:
    return Verdict(
        drill=drill,
        path=path,
        outcome=Outcome.SKIPPED,
        summary=reason,
        problem=Problem(message="", fix=fix),
    )


def unreadable(drill: str, path: str, why: str, fix: str) -> Verdict:
    return Verdict(
        drill=drill,
        path=path,
        outcome=Outcome.ERROR,
        summary=f"Could not read {path}: {why}.",
        problem=Problem(message="", fix=fix),
    )
