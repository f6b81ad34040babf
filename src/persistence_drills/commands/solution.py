"""`drills solution NAME`: the reference solution, once the drill is done (or with --force)."""

from __future__ import annotations

from pathlib import Path

from persistence_drills.errors import EXIT_OK, UsageError, WorkspaceError
from persistence_drills.session import open_session
from persistence_drills.source import split_drill
from persistence_drills.ui import console


def solution(name: str | None, force: bool, workspace: Path | None) -> int:
    session = open_session(workspace)
    drill = session.drill(name)
    if not force and not session.progress.is_done(drill.name):
        raise UsageError(
            f"Could not show the solution of {drill.name}: the drill is not done yet. Try "
            f"`drills hint {drill.name}` first, or pass --force to see it anyway."
        )
    path = session.workspace.solution_file(drill.dir, drill.name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise WorkspaceError(
            f"Could not show the solution of {drill.name}: {session.workspace.relative(path)} "
            "is missing. Restore it from the package with `drills init` in a new folder."
        ) from None
    code = split_drill(text).code.rstrip() + "\n"
    if not console.is_interactive():
        print(code, end="")  # piped: the code as it is, to copy or diff
        return EXIT_OK
    from rich.syntax import Syntax

    out = console.out()
    where = console.link(path, session.workspace.relative(path))
    out.print(f"[bold]Reference solution of {drill.name}[/]  {where}")
    # Wrapped, never cropped: a long line continues below its number.
    out.print(
        Syntax(
            code,
            "python",
            line_numbers=True,
            theme="ansi_dark",
            background_color="default",
            word_wrap=True,
        )
    )
    return EXIT_OK
