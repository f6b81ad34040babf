"""`drills reset [NAME] | --all`: drill files back as shipped, the learner's version backed up.

Without a name, the current drill; it always asks first, unless --yes.
"""

from __future__ import annotations

from pathlib import Path

from persistence_drills.errors import EXIT_OK, UsageError
from persistence_drills.restore import restore
from persistence_drills.session import open_session
from persistence_drills.ui import console


def reset(
    name: str | None, every: bool, checks_only: bool, yes: bool, workspace: Path | None
) -> int:
    session = open_session(workspace)
    if every and name is not None:
        raise UsageError("Could not reset: name one drill, or pass --all (not both).")
    drills = list(session.manifest.drills) if every else [session.drill(name)]
    what = "the checks of " if checks_only else ""
    target = "every drill" if every else drills[0].name
    if not yes and not _confirm(f"Reset {what}{target} to the shipped version?"):
        console.out().print("Nothing was reset.")
        return EXIT_OK
    for drill in drills:
        backup = restore(session.workspace, drill, checks_only)
        if not checks_only:
            session.progress.mark_pending(drill.name)
        if backup is not None:
            console.out().print(
                f"Reset {drill.name}; your version is kept in {session.workspace.relative(backup)}"
            )
    return EXIT_OK


def _confirm(question: str) -> bool:
    if not console.is_interactive():
        raise UsageError(f"Could not ask: {question} Pass --yes to confirm without a terminal.")
    import typer

    return typer.confirm(question, default=False)
