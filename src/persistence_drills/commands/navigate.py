"""`drills next` and `drills goto NAME`: move the current drill."""

from __future__ import annotations

from pathlib import Path

from persistence_drills.errors import EXIT_OK, UsageError
from persistence_drills.manifest import Drill
from persistence_drills.session import Session, open_session
from persistence_drills.ui import console


def next_drill(workspace: Path | None) -> int:
    session = open_session(workspace)
    current = session.progress.current
    if not session.progress.is_done(current.name):
        raise UsageError(
            f"Could not move on: {current.name} is not done yet. Make it pass with "
            f"`drills run`, or jump elsewhere with `drills goto NAME`."
        )
    following = session.progress.first_pending(after=current)
    if following is None:
        console.out().print(f"[bold green]{console.prose(session.manifest.final_message)}[/]")
        return EXIT_OK
    return _move(session, following)


def goto(name: str, workspace: Path | None) -> int:
    session = open_session(workspace)
    return _move(session, session.manifest.find(name))


def _move(session: Session, drill: Drill) -> int:
    before = session.progress.current
    session.progress.set_current(drill.name)
    path = session.workspace.drill_file(drill.dir, drill.name)
    out = console.out()
    out.print(f"Current drill: [bold]{drill.name}[/]  {console.link(path, drill.relative_path)}")
    if drill.dir != before.dir:
        notes = session.workspace.drills_dir / drill.dir / "README.md"
        where = console.link(notes, session.workspace.relative(notes))
        out.print(f"A new phase: {drill.dir}. Read its concept notes first: {where}")
    out.print("Open it in your editor, then check it with [bold]drills run[/].")
    return EXIT_OK
