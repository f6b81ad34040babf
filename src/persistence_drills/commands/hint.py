"""`drills hint [NAME] [--all]`: the next unseen hint, each a little stronger."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from persistence_drills.errors import EXIT_OK, DrillsError
from persistence_drills.session import open_session
from persistence_drills.ui import console


def hint(name: str | None, show_all: bool, workspace: Path | None) -> int:
    session = open_session(workspace)
    drill = session.drill(name)
    total = len(drill.hints)
    out = console.out()
    if show_all:
        for number, text in enumerate(drill.hints, start=1):
            out.print(f"[bold]Hint {number} of {total}[/] for {drill.name}: {escape(text)}")
        return EXIT_OK
    try:
        index = session.progress.take_hint(drill.name)
    except DrillsError as error:  # a read-only disk: the hint still helps
        console.notice(f"{error} Your progress was not saved this time.")
        index = min(session.progress.drill(drill.name).hints_seen, total - 1)
    text = escape(drill.hints[index])
    out.print(f"[bold]Hint {index + 1} of {total}[/] for {drill.name}: {text}")
    if index + 1 < total:
        out.print(f"[dim]Run `drills hint {drill.name}` again for a stronger one.[/]")
    else:
        out.print(
            f"[dim]That was the last hint; `drills hint {drill.name} --all` shows them all, "
            f"`drills solution {drill.name}` the answer once the drill is done.[/]"
        )
    return EXIT_OK
