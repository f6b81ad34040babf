"""A verdict drawn for a learner: what failed, with which values, on which line of their code.

The parts come in the order a learner needs them, so that on a small screen the top of it
says what is wrong and where: the headline, the summary, the learner's own line, the message,
the check's line, what else fails, the output, and last the next step (which watch mode keeps
in view on a line of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

from persistence_drills.engine.verdict import CheckResult, Frame, Outcome, Verdict
from persistence_drills.ui.console import link
from persistence_drills.ui.messages import for_learner

HEADLINE = {
    Outcome.PASSED: ("✓", "green", "passes"),
    Outcome.FAILED: ("✗", "red", "fails"),
    Outcome.ERROR: ("✗", "red", "has an error"),
    Outcome.TIMEOUT: ("⏱", "red", "timed out"),
    Outcome.CRASHED: ("✗", "red", "crashed"),
    Outcome.TAMPERED: ("!", "yellow", "has edited checks"),
    Outcome.SKIPPED: ("-", "yellow", "was skipped"),
}
MAX_OUTPUT_LINES = 60
ASKS_FOR_HINT = {Outcome.FAILED, Outcome.ERROR, Outcome.TIMEOUT, Outcome.CRASHED}


@dataclass(frozen=True)
class Keys:
    """How the learner asks for things: keys in watch mode, commands elsewhere."""

    hint: str = ""  # the key for a hint, or "" for the `drills hint` command
    output: str = ""  # the key for the whole output, or "" for `drills run --output`
    checks: str = ""  # the key that restores only the checks, or "" for `drills reset --checks`


@dataclass(frozen=True)
class VerdictParts:
    headline: RenderableType
    body: list[RenderableType]
    next_step: RenderableType | None


def render_verdict(
    verdict: Verdict,
    root: Path,
    hints: tuple[int, int] | None = None,
    keys: Keys | None = None,
) -> RenderableType:
    """The whole verdict; `hints` is (hints seen, hints in all) for the pointer to a hint."""
    parts = verdict_parts(verdict, root, hints, keys or Keys())
    rest = [parts.next_step] if parts.next_step is not None else []
    return Group(parts.headline, *parts.body, *rest)


def verdict_parts(
    verdict: Verdict, root: Path, hints: tuple[int, int] | None, keys: Keys
) -> VerdictParts:
    mark, colour, verb = HEADLINE[verdict.outcome]
    path = root / verdict.path
    headline = Text.from_markup(
        f"[bold {colour}]{mark} {verdict.drill} {verb}[/]  {link(path, verdict.path)}"
    )
    body: list[RenderableType] = [Indented(Text(verdict.summary), 0)]
    source = verdict.text.splitlines(keepends=True) if verdict.text else _read_lines(path)
    failing = verdict.failing()
    if failing:
        body += _check_details(failing[0], source)
        if failing[1:]:
            body.append(Text("\nAlso failing:", style="bold"))
            body += [Indented(Text(_one_line(check), style="dim")) for check in failing[1:]]
    problem = verdict.problem
    if problem is not None:
        if not failing:
            body += _snippets(problem.frames, source, learner_only=True)
            if problem.message:
                body.append(Indented(Text("\n" + for_learner(problem.message))))
            changed = "the first line that differs from the shipped checks"
            label = changed if verdict.outcome is Outcome.TAMPERED else "the check"
            body += _snippets(problem.frames, source, learner_only=False, label=label)
        if problem.fix:
            fix = problem.fix
            if verdict.outcome is Outcome.TAMPERED and keys.checks:
                fix = f"Press {keys.checks} to restore the checks and keep your code."
            body.append(Indented(Text.from_markup(f"[bold]Fix:[/] {escape(fix)}"), 0))
    output = failing[0].output if failing else _all_output(verdict)
    if output:
        body.append(_output(output, verdict, keys, passed=verdict.passed))
    if verdict.run_folder and verdict.outcome not in (Outcome.TAMPERED, Outcome.SKIPPED):
        where = link(root / verdict.run_folder, verdict.run_folder + "/")
        body.append(Text.from_markup(f"\n[dim]What your code wrote is in[/] {where}"))
    return VerdictParts(headline, body, _next_step(verdict, hints, keys))


def _next_step(
    verdict: Verdict, hints: tuple[int, int] | None, keys: Keys
) -> RenderableType | None:
    if verdict.outcome not in ASKS_FOR_HINT or hints is None:
        return None
    seen, total = hints
    if seen < total:
        ask = (
            f"press [bold]{keys.hint}[/] for"
            if keys.hint
            else f"[bold]drills hint {verdict.drill}[/] shows"
        )
        return Text.from_markup(f"Stuck? {ask} hint {seen + 1} of {total}.")
    if keys.hint:
        return Text.from_markup(
            f"All {total} hints seen: [bold]{keys.hint}[/] shows the last one again."
        )
    return Text.from_markup(
        f"All {total} hints seen: [bold]drills hint {verdict.drill} --all[/] shows them again."
    )


def _check_details(check: CheckResult, source: list[str]) -> list[RenderableType]:
    title = {"failed": "failed", "error": "could not run", "skipped": "was skipped"}
    parts: list[RenderableType] = _snippets(check.frames, source, learner_only=True)
    parts.append(
        Text.from_markup(f"\n[bold]Check {escape(check.name)}[/] {title.get(check.outcome, '')}")
    )
    if check.message:
        parts.append(Indented(Text(for_learner(check.message), style="red")))
    if check.message.startswith("NotImplementedError"):
        parts.append(Indented(Text("This part of your code is still a TODO.")))
    if check.outcome == "skipped":
        parts.append(
            Indented(Text("Every check must run for the drill to pass; skipping does not count."))
        )
    parts += _snippets(check.frames, source, learner_only=False)
    return parts


def _snippets(
    frames: tuple[Frame, ...], source: list[str], learner_only: bool, label: str = "the check"
) -> list[RenderableType]:
    """The learner's deepest line (learner_only), or the check's deepest line (where it failed)."""
    mine = [frame for frame in frames if frame.in_learner_code]
    theirs = [frame for frame in frames if not frame.in_learner_code]
    if learner_only:
        return [_snippet(mine[-1], source, "your code", context=2)] if mine else []
    return [_snippet(theirs[-1], source, label, context=0)] if theirs else []


def _snippet(frame: Frame, source: list[str], label: str, context: int) -> RenderableType:
    heading = Text.from_markup(f"\n  [dim]{escape(frame.path)}:{frame.line}[/] ({label})")
    if not source or frame.line > len(source):
        return Group(heading, Indented(Text(frame.code), 4)) if frame.code else heading
    first = max(1, frame.line - context)
    last = min(len(source), frame.line + context)
    from rich.syntax import Syntax  # with pygments ~30 ms of imports: only for snippets

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
    return Group(heading, Indented(code, 2))


def _all_output(verdict: Verdict) -> str:
    """A passing run's output: every check's, then what was printed outside them."""
    parts = [check.output for check in verdict.checks if check.output.strip()]
    if verdict.output.strip():
        parts.append(verdict.output)
    return "\n".join(parts)


def _output(output: str, verdict: Verdict, keys: Keys, passed: bool) -> RenderableType:
    lines = output.rstrip("\n").splitlines()
    title = "\nWhat your code printed:" if passed else "\nOutput:"
    parts: list[RenderableType] = [Text(title, style="bold")]
    if len(lines) > MAX_OUTPUT_LINES:
        hidden = len(lines) - MAX_OUTPUT_LINES
        lines = lines[:MAX_OUTPUT_LINES]
        whole = f"press {keys.output}" if keys.output else f"drills run {verdict.drill} --output"
        parts.append(Indented(Text("\n".join(lines), style="dim")))
        parts.append(Indented(Text(f"[{hidden} more lines: {whole} shows them all]", style="dim")))
    else:
        parts.append(Indented(Text("\n".join(lines), style="dim")))
    return Group(*parts)


def _one_line(check: CheckResult) -> str:
    """A check's name and the first line of its message."""
    first = check.message.splitlines()[0] if check.message else check.outcome
    return f"{check.name}: {first}"


class Indented:
    """A renderable shifted right by `indent` columns, wrapped lines too (a hanging indent),
    with no blanks padded onto the ends of lines (they would end up in copied text)."""

    def __init__(self, renderable: RenderableType, indent: int = 2) -> None:
        self.renderable = renderable
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Piped (soft wrap), lines are not wrapped at all: they must not be cut either.
        room = 1_000_000 if console.soft_wrap else options.max_width
        width = max(10, room - self.indent)
        lines = console.render_lines(self.renderable, options.update(width=width), pad=False)
        pad = Segment(" " * self.indent)
        for line in lines:
            if self.indent:
                yield pad
            yield from line
            yield Segment.line()


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return []
