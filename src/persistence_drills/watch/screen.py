"""What watch mode draws: one function from the app's state to a rich renderable."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.style import Style
from rich.styled import Styled
from rich.text import Text

from persistence_drills.engine.verdict import Verdict
from persistence_drills.manifest import Drill
from persistence_drills.ui.console import bar, link
from persistence_drills.ui.verdict_view import render_verdict
from persistence_drills.workspace import Workspace


@dataclass
class View:
    """Everything the screen shows; the app fills it in, `render` draws it."""

    workspace: Workspace
    drills: tuple[Drill, ...]
    done: set[str]
    current: Drill
    verdict: Verdict | None = None
    running: bool = False
    runs: int = 0
    checked_at: str = ""
    hint: tuple[int, str] | None = None  # (index, text)
    notes: list[str] = field(default_factory=list)
    mode: str = "drill"  # drill, list, confirm_reset, check_all
    selected: int = 0  # the highlighted drill in list mode
    progress: tuple[int, int] = (0, 0)  # check all: (finished, total)
    summary: str = ""  # check all's result
    height: int = 40  # terminal rows, so that the drill list fits on the screen
    welcome: str = ""  # the manifest's welcome message, the first time only
    final: str = ""  # the manifest's final message, when everything is done
    stopping: bool = False  # a cancelled run has not ended yet
    watching: str = "native"  # native, poll or manual: how saves are noticed


def render(view: View, console: Console) -> RenderableType:
    """The screen, never taller than the terminal: the body is cut, the footer always shows."""
    body = _body(view)
    lines = console.render_lines(body, console.options, pad=False, new_lines=True)
    room = max(5, view.height - 3)  # the rule, the footer, the cursor's line
    if len(lines) > room:
        more = Segment("… more below: a taller terminal shows all of it\n", Style(dim=True))
        lines = [*lines[: room - 1], [more]]
    kept = Segments([segment for line in lines for segment in line])
    return Group(kept, Rule(style="dim"), _footer(view))


def _body(view: View) -> RenderableType:
    parts: list[RenderableType] = [_header(view)]
    if view.welcome:
        parts.append(Text(view.welcome.strip() + "\n"))
    if view.mode == "list":
        parts.append(_drill_list(view))
    elif view.mode == "check_all":
        finished, total = view.progress
        parts.append(Text(f"Checking every drill… {bar(finished, total)} {finished}/{total}"))
    else:
        parts += _drill(view)
    parts += [Text(note, style="yellow") for note in view.notes]
    return Group(*parts)


def render_last(view: View, console: Console) -> RenderableType:
    """What stays on the learner's own screen after quitting: the last verdict, once."""
    if view.verdict is None:
        return Text("")
    hints = (view.hint[0] + 1 if view.hint else 0, len(view.current.hints))
    return render_verdict(view.verdict, view.workspace.root, hints)


def _header(view: View) -> RenderableType:
    total, done = len(view.drills), len(view.done & {d.name for d in view.drills})
    phase = escape(view.current.dir)
    progress = f"{bar(done, total, 30)} {done}/{total}"
    return Text.from_markup(f"[bold]persistence-drills[/]  {progress}  [dim]phase {phase}[/]")


def _drill(view: View) -> list[RenderableType]:
    drill = view.current
    path = view.workspace.drill_file(drill.dir, drill.name)
    if view.stopping:
        status = "stopping the previous check…"
    elif view.running:
        status = "checking…"
    else:
        status = f"checked {view.checked_at}" if view.checked_at else ""
    if view.watching == "poll":
        status += " · polling for saves"
    parts: list[RenderableType] = [
        Text.from_markup(
            f"Current drill: [bold]{drill.name}[/]  {link(path, drill.relative_path)}  "
            f"[dim]{status} · run {view.runs}[/]\n"
        )
    ]
    if view.mode == "confirm_reset":
        parts.append(
            Text.from_markup(
                f"[bold yellow]Reset {drill.name} to the shipped version?[/] Your version is kept "
                "in .drills/backups/. [bold]y[/] to reset, any other key to keep it."
            )
        )
    if view.summary:
        parts.append(Text(view.summary + "\n"))
    if view.final:
        parts.append(Text(view.final.strip() + "\n", style="bold green"))
    if view.verdict is not None:
        seen = min(view.hint[0] + 1, len(drill.hints)) if view.hint else 0
        hints = (seen, len(drill.hints))
        shown = render_verdict(view.verdict, view.workspace.root, hints, hint_key="h")
        if view.running:
            # The file has changed since: this verdict is about the text as it was.
            label = f"previous verdict, from {view.checked_at}" if view.checked_at else "previous"
            parts.append(Text(f"({label}; checking your last save…)", style="dim"))
            parts.append(Styled(shown, "dim"))
        else:
            parts.append(shown)
            if view.verdict.passed:
                parts += _done(view)
    if view.hint is not None:
        index, text = view.hint
        parts.append(
            Text.from_markup(
                f"\n[bold cyan]Hint {index + 1} of {len(drill.hints)}:[/] {escape(text)}"
            )
        )
    return parts


def _done(view: View) -> list[RenderableType]:
    drill = view.current
    solution = view.workspace.solution_file(drill.dir, drill.name)
    parts: list[RenderableType] = []
    if drill.reflection:
        parts.append(Text("\nThink about it:", style="bold"))
        parts += [Text(f"  • {question}") for question in drill.reflection]
    parts.append(
        Text.from_markup(
            f"\n[bold green]Done![/] The reference solution: "
            f"{link(solution, view.workspace.relative(solution))}\n"
            "Keep experimenting, or press [bold]n[/] for the next drill."
        )
    )
    return parts


def _drill_list(view: View) -> RenderableType:
    lines = [Text("Pick a drill: ↑/↓ or j/k to move, Enter to go there, Esc to go back.\n")]
    rows = max(5, view.height - 8)  # header, instructions, footer
    first = min(max(0, view.selected - rows // 2), max(0, len(view.drills) - rows))
    for index, drill in enumerate(view.drills[first : first + rows], start=first):
        mark = "✓" if drill.name in view.done else " "
        pointer = ">" if index == view.selected else " "
        style = "reverse" if index == view.selected else ("green" if mark == "✓" else "")
        lines.append(
            Text(f"{pointer} {mark} {index + 1:>2} {drill.dir:<18} {drill.name}", style=style)
        )
    return Group(*lines)


def _footer(view: View) -> Text:
    if view.mode == "list":
        return Text("↑/↓ move · Enter go · Esc back", style="dim")
    if view.mode == "check_all":
        return Text("checking every drill… · q quit", style="dim")
    passed = view.verdict is not None and view.verdict.passed
    keys = [
        ("n", "next") if passed else None,
        ("h", "hint"),
        ("l", "list"),
        ("r", "rerun"),
        ("c", "check all"),
        ("x", "reset"),
        ("q", "quit"),
    ]
    return Text.from_markup(" · ".join(f"[bold]{k}[/] {what}" for k, what in filter(None, keys)))
