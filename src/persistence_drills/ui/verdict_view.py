"""A verdict drawn for a learner: what failed, with which values, on which line of their code."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.syntax import Syntax
from rich.text import Text

from persistence_drills.engine.verdict import CheckResult, Frame, Outcome, Verdict
from persistence_drills.ui.console import link

HEADLINE = {
    Outcome.PASSED: ("✓", "green", "passes"),
    Outcome.FAILED: ("✗", "red", "fails"),
    Outcome.ERROR: ("✗", "red", "has an error"),
    Outcome.TIMEOUT: ("⏱", "red", "timed out"),
    Outcome.CRASHED: ("✗", "red", "crashed"),
    Outcome.TAMPERED: ("!", "yellow", "has edited checks"),
    Outcome.SKIPPED: ("-", "yellow", "was skipped"),
}
MAX_OUTPUT_LINES = 20
ASKS_FOR_HINT = {Outcome.FAILED, Outcome.ERROR, Outcome.TIMEOUT, Outcome.CRASHED}


def render_verdict(
    verdict: Verdict,
    root: Path,
    hints: tuple[int, int] | None = None,
    hint_key: str | None = None,
) -> RenderableType:
    """`hints` is (hints seen, hints in all) for the pointer to a hint: the `drills hint`
    command, or in watch mode the key `hint_key`."""
    mark, colour, verb = HEADLINE[verdict.outcome]
    path = root / verdict.path
    parts: list[RenderableType] = [
        Text.from_markup(
            f"[bold {colour}]{mark} {verdict.drill} {verb}[/]  {link(path, verdict.path)}"
        ),
        Text(verdict.summary),
    ]
    source = verdict.text.splitlines(keepends=True) if verdict.text else _read_lines(path)
    failing = verdict.failing()
    if failing:
        parts += _check_details(failing[0], source)
        if failing[1:]:
            parts.append(Text("\nAlso failing:", style="bold"))
            parts += [_indented(_one_line(check), "dim") for check in failing[1:]]
    if verdict.problem is not None:
        if not failing:
            if verdict.problem.message:
                parts.append(_indented("\n" + verdict.problem.message))
            parts += _snippets(verdict.problem.frames, source)
        if verdict.problem.fix:
            parts.append(Text.from_markup(f"[bold]Fix:[/] {escape(verdict.problem.fix)}"))
    output = failing[0].output if failing else verdict.output
    if output and not verdict.passed:
        parts.append(_output(output))
    if verdict.outcome in ASKS_FOR_HINT and hints is not None:
        seen, total = hints
        ask = (
            f"press [bold]{hint_key}[/] for"
            if hint_key
            else f"[bold]drills hint {verdict.drill}[/] shows"
        )
        if seen < total:
            parts.append(Text.from_markup(f"\nStuck? {ask} hint {seen + 1} of {total}."))
        elif not hint_key:
            parts.append(
                Text.from_markup(
                    f"\nAll {total} hints seen: [bold]drills hint {verdict.drill} --all[/] "
                    "shows them again."
                )
            )
    return Group(*parts)


def _check_details(check: CheckResult, source: list[str]) -> list[RenderableType]:
    title = {"failed": "failed", "error": "could not run", "skipped": "was skipped"}
    parts: list[RenderableType] = [
        Text.from_markup(f"\n[bold]Check {escape(check.name)}[/] {title.get(check.outcome, '')}")
    ]
    if check.message:
        parts.append(_indented(check.message, "red"))
    if check.message.startswith("NotImplementedError"):
        parts.append(_indented("This part of your code is still a TODO."))
    if check.outcome == "skipped":
        parts.append(
            _indented("Every check must run for the drill to pass; skipping does not count.")
        )
    parts += _snippets(check.frames, source)
    return parts


def _snippets(frames: tuple[Frame, ...], source: list[str]) -> list[RenderableType]:
    """The learner's deepest line, then the deepest line of the check (where it failed)."""
    mine = [frame for frame in frames if frame.in_learner_code]
    theirs = [frame for frame in frames if not frame.in_learner_code]
    parts: list[RenderableType] = []
    if mine:
        parts.append(_snippet(mine[-1], source, "your code", context=2))
    if theirs:
        parts.append(_snippet(theirs[-1], source, "the check", context=0))
    return parts


def _snippet(frame: Frame, source: list[str], label: str, context: int) -> RenderableType:
    heading = Text.from_markup(f"\n  [dim]{escape(frame.path)}:{frame.line}[/] ({label})")
    if not source or frame.line > len(source):
        return heading
    first = max(1, frame.line - context)
    last = min(len(source), frame.line + context)
    # Only the lines shown are highlighted: lexing the whole file costs ~8 ms a snippet.
    code = Syntax(
        "".join(source[first - 1 : last]).removesuffix("\n"),
        "python",
        line_numbers=True,
        start_line=first,
        highlight_lines={frame.line},
        theme="ansi_dark",
        background_color="default",
        word_wrap=True,
    )
    return Group(heading, Padding(code, (0, 0, 0, 2), expand=False))


def _output(output: str) -> RenderableType:
    lines = output.splitlines()
    if len(lines) > MAX_OUTPUT_LINES:
        hidden = len(lines) - MAX_OUTPUT_LINES
        lines = [*lines[:MAX_OUTPUT_LINES], f"[... {hidden} more lines ...]"]
    return Group(Text("\nOutput:", style="bold"), _indented("\n".join(lines), "dim"))


def _one_line(check: CheckResult) -> str:
    """A check's name and the first line of its message."""
    first = check.message.splitlines()[0] if check.message else check.outcome
    return f"{check.name}: {first}"


def _indented(text: str, style: str = "") -> Text:
    """Text indented by two spaces on every line (Padding would pad lines with blanks)."""
    return Text("\n".join("  " + line if line else "" for line in text.split("\n")), style=style)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return []
