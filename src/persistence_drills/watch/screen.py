"""What watch mode draws: one function from the app's state to the screen, laid out for 80x24.

The top two lines (progress, the drill) and the bottom lines (the next step, the keys) always
show; the body between them scrolls when it is taller than the room left, and the verdict is
laid out so that its headline and the learner's line come first.
"""

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
from persistence_drills.ui.console import bar, link, prose
from persistence_drills.ui.verdict_view import Indented, Keys, render_verdict, verdict_parts
from persistence_drills.workspace import Workspace

KEYS = Keys(hint="h", output="o", checks="k")


@dataclass
class View:
    """Everything the screen shows; the app fills it in, `render` draws it."""

    workspace: Workspace
    drills: tuple[Drill, ...]
    done: set[str]
    current: Drill
    tried: set[str] = field(default_factory=set)  # run at least once, not done
    verdict: Verdict | None = None
    running: bool = False
    runs: int = 0
    checked_at: str = ""
    hint: tuple[int, str] | None = None  # (index, text) of the hint on screen
    hints_seen: int = 0  # of the current drill, whether seen here or with `drills hint`
    notes: list[str] = field(default_factory=list)  # until the next verdict or key
    mode: str = "drill"  # drill, list, confirm_reset, check_all, page
    selected: int = 0  # the highlighted drill in list mode
    progress: tuple[int, int] = (0, 0)  # check all: (finished, total)
    summary: str = ""  # check all's result
    height: int = 24  # terminal rows
    scroll: int = 0  # lines of the body scrolled past
    max_scroll: int = 0  # set by render: how far the body can scroll
    page: tuple[str, RenderableType] | None = None  # page mode: (title, what to show)
    welcome: str = ""  # the manifest's welcome message, the first time only
    final: str = ""  # the manifest's final message, when everything is done
    stopping: bool = False  # a cancelled run has not ended yet
    watching: str = "native"  # native, poll or manual: how saves are noticed


def render(view: View, console: Console) -> RenderableType:
    """The screen, never taller than the terminal."""
    options = console.options
    top = _lines(console, Group(_header(view), _drill_line(view)))
    bottom_parts: list[RenderableType] = []
    step = _pinned_step(view)
    if step is not None:
        bottom_parts.append(step)
    bottom_parts += [Rule(style="dim"), _footer(view)]
    bottom = _lines(console, Group(*bottom_parts))
    body = _lines(console, _body(view))
    room = max(3, view.height - len(top) - len(bottom) - 1)  # the cursor's line
    view.max_scroll = max(0, len(body) - room)
    view.scroll = min(max(0, view.scroll), view.max_scroll)
    shown = body[view.scroll : view.scroll + room]
    if view.scroll > 0:
        shown[0] = [Segment(f"↑ {view.scroll} more lines above (↑, PgUp)", Style(dim=True))]
    below = len(body) - view.scroll - room
    if below > 0:
        shown[-1] = [Segment(f"↓ {below} more lines below (↓, PgDn)", Style(dim=True))]
    del options
    return Group(_segments(top), _segments(shown), _segments(bottom))


def render_last(view: View, console: Console) -> RenderableType:
    """What stays on the learner's own screen after quitting: the last verdict, once."""
    if view.verdict is None:
        return Text("")
    hints = (view.hints_seen, len(view.current.hints))
    return render_verdict(view.verdict, view.workspace.root, hints)


def _lines(console: Console, renderable: RenderableType) -> list[list[Segment]]:
    return console.render_lines(renderable, console.options, pad=False, new_lines=False)


def _segments(lines: list[list[Segment]]) -> Segments:
    flat: list[Segment] = []
    for line in lines:
        flat += line
        flat.append(Segment.line())
    return Segments(flat)


def _header(view: View) -> RenderableType:
    total, done = len(view.drills), len(view.done & {d.name for d in view.drills})
    watching = {"poll": " · polling for saves", "manual": " · manual: r checks"}.get(
        view.watching, ""
    )
    return Text.from_markup(
        f"[bold]persistence-drills[/] {bar(done, total, 20)} {done}/{total}"
        f"  [dim]phase {escape(view.current.dir)}{watching}[/]"
    )


def _drill_line(view: View) -> RenderableType:
    drill = view.current
    path = view.workspace.drill_file(drill.dir, drill.name)
    if view.stopping:
        status = "stopping the previous check…"
    elif view.running:
        status = "checking…"
    else:
        status = f"checked {view.checked_at}" if view.checked_at else ""
    return Text.from_markup(
        f"Current drill: [bold]{drill.name}[/]  {link(path, drill.relative_path)}  "
        f"[dim]{status} · run {view.runs}[/]"
    )


def _body(view: View) -> RenderableType:
    parts: list[RenderableType] = []
    if view.mode == "list":
        parts.append(_drill_list(view))
    elif view.mode == "check_all":
        finished, total = view.progress
        parts.append(Text(f"Checking every drill… {bar(finished, total)} {finished}/{total}"))
    elif view.mode == "page" and view.page is not None:
        title, content = view.page
        parts += [Text(title, style="bold"), content]
    else:
        parts += _drill(view)
    parts += [Indented(Text(note, style="yellow"), 0) for note in view.notes]
    return Group(*parts)


def _drill(view: View) -> list[RenderableType]:
    drill = view.current
    parts: list[RenderableType] = []
    if view.welcome:
        parts.append(Indented(Text(prose(view.welcome) + "\n"), 0))
    if view.mode == "confirm_reset":
        parts.append(
            Indented(
                Text.from_markup(
                    f"[bold yellow]Reset {drill.name} to the shipped version?[/] Your version "
                    "is kept in .drills/backups/. [bold]y[/] to reset, any other key keeps it.\n"
                ),
                0,
            )
        )
    if view.summary:
        parts.append(Indented(Text(view.summary + "\n"), 0))
    if view.final:
        parts.append(Indented(Text(prose(view.final) + "\n", style="bold green"), 0))
    if view.verdict is not None:
        hints = (view.hints_seen, len(drill.hints))
        verdict = verdict_parts(view.verdict, view.workspace.root, hints, KEYS)
        shown = Group(verdict.headline, *verdict.body)
        if view.running:
            # The file has changed since: this verdict is about the text as it was.
            when = f", from {view.checked_at}" if view.checked_at else ""
            parts.append(Text(f"(previous verdict{when}; checking your last save…)", style="dim"))
            parts.append(Styled(shown, "dim"))
        else:
            parts.append(shown)
            if view.verdict.passed:
                parts += _done(view)
    if view.hint is not None:
        index, text = view.hint
        last = " (the last one)" if index + 1 == len(drill.hints) else ""
        parts.append(
            Indented(
                Text.from_markup(
                    f"\n[bold cyan]Hint {index + 1} of {len(drill.hints)}{last}:[/] {escape(text)}"
                ),
                0,
            )
        )
    return parts


def _pinned_step(view: View) -> RenderableType | None:
    """The next step, kept in view whatever scrolls: a hint to ask for, or `n`."""
    if view.mode != "drill" or view.verdict is None or view.running:
        return None
    if view.verdict.passed:
        return Text.from_markup(
            "[bold green]Done![/] Keep experimenting, or press [bold]n[/] for the next drill."
        )
    hints = (view.hints_seen, len(view.current.hints))
    return verdict_parts(view.verdict, view.workspace.root, hints, KEYS).next_step


def _done(view: View) -> list[RenderableType]:
    drill = view.current
    solution = view.workspace.solution_file(drill.dir, drill.name)
    parts: list[RenderableType] = []
    if drill.reflection:
        parts.append(Text("\nThink about it:", style="bold"))
        parts += [Indented(Text(f"• {question}"), 2) for question in drill.reflection]
    parts.append(
        Text.from_markup(
            f"\nThe reference solution: {link(solution, view.workspace.relative(solution))}"
        )
    )
    return parts


MARKS = {"done": ("✓", "green"), "tried": ("✗", "red"), "new": ("·", "")}


def _drill_list(view: View) -> RenderableType:
    lines = [Text("Pick a drill (✓ done, ✗ tried, · not yet):\n")]
    rows = max(3, view.height - 7)  # header, this line, footer
    first = min(max(0, view.selected - rows // 2), max(0, len(view.drills) - rows))
    for index, drill in enumerate(view.drills[first : first + rows], start=first):
        state = "done" if drill.name in view.done else "new"
        if state == "new" and drill.name in view.tried:
            state = "tried"
        mark, colour = MARKS[state]
        pointer = "▶" if drill.name == view.current.name else " "
        style = "reverse" if index == view.selected else colour
        lines.append(
            Text(f"{pointer} {mark} {index + 1:>2} {drill.dir:<17} {drill.name}", style=style)
        )
    return Group(*lines)


def _footer(view: View) -> Text:
    scroll = " · ↑↓ PgUp PgDn scroll" if view.max_scroll else ""
    if view.mode == "list":
        return Text("↑↓ j k PgUp PgDn g G move · Enter go · Esc back", style="dim")
    if view.mode == "page":
        return Text.from_markup(f"[bold]Esc[/] back{scroll}")
    if view.mode == "check_all":
        return Text("checking every drill… · q quit", style="dim")
    verdict = view.verdict
    passed = verdict is not None and verdict.passed and not view.running
    tampered = verdict is not None and verdict.outcome.value == "tampered"
    keys = [
        ("n", "next") if passed else None,
        ("h", "hint"),
        ("k", "restore checks") if tampered else None,
        ("l", "list"),
        ("r", "rerun"),
        ("c", "all"),
        ("o", "output"),
        ("d", "db"),
        ("e", "edit"),
        ("x", "reset"),
        ("q", "quit"),
    ]
    text = " · ".join(f"[bold]{key}[/] {what}" for key, what in filter(None, keys))
    return Text.from_markup(text + scroll)
