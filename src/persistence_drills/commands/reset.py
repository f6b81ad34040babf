"""`drills reset NAME | --all`: drill files back as shipped, the learner's version backed up."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from persistence_drills.catalog import shipped_file
from persistence_drills.commands.session import Session, open_session
from persistence_drills.engine.source import split_drill
from persistence_drills.errors import EXIT_OK, UsageError, WorkspaceError
from persistence_drills.fileio import write_atomic
from persistence_drills.manifest import Drill
from persistence_drills.ui import console


def reset(
    name: str | None, every: bool, checks_only: bool, yes: bool, workspace: Path | None
) -> int:
    session = open_session(workspace)
    if every == (name is not None):
        raise UsageError("Could not reset: name one drill, or pass --all (not both).")
    drills = list(session.manifest.drills) if every else [session.manifest.find(name or "")]
    what = "the checks of " if checks_only else ""
    target = "every drill" if every else drills[0].name
    if not yes and not _confirm(f"Reset {what}{target} to the shipped version?"):
        console.out().print("Nothing was reset.")
        return EXIT_OK
    for drill in drills:
        backup = restore(session, drill, checks_only)
        if not checks_only:
            session.progress.mark_pending(drill.name)
        if backup is not None:
            console.out().print(
                f"Reset {drill.name}; your version is kept in {session.workspace.relative(backup)}"
            )
    return EXIT_OK


def restore(session: Session, drill: Drill, checks_only: bool) -> Path | None:
    """Restore one drill file; returns where the learner's version was backed up, if it differed."""
    workspace = session.workspace
    path = workspace.drill_file(drill.dir, drill.name)
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if checks_only:
        wanted = _with_shipped_checks(session, drill, current)
    else:
        shipped = shipped_file(drill.relative_path)
        if shipped is None:
            raise WorkspaceError(
                f"Could not reset {drill.name}: the installed package has no shipped copy of "
                f"{drill.relative_path}. Reinstall persistence-drills, or restore the file "
                "with git."
            )
        wanted = shipped.read_text(encoding="utf-8")
        _refuse_stale_copy(session, drill, wanted)
    if current == wanted:
        return None
    backup = None
    if current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        workspace.backups_dir.mkdir(parents=True, exist_ok=True)
        backup = workspace.backups_dir / f"{drill.name}-{stamp}.py"
        shutil.copy2(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, wanted)
    return backup


def _with_shipped_checks(session: Session, drill: Drill, current: str | None) -> str:
    solution = session.workspace.solution_file(drill.dir, drill.name)
    checks = None
    if solution.is_file():
        checks = split_drill(solution.read_text(encoding="utf-8")).checks
    if checks is None or current is None:
        raise WorkspaceError(
            f"Could not restore the checks of {drill.name}: no shipped checks were found. "
            f"Reset the whole file with `drills reset {drill.name}`."
        )
    code = split_drill(current).code
    return code.rstrip("\n") + "\n\n\n" + checks


def _refuse_stale_copy(session: Session, drill: Drill, shipped: str) -> None:
    """An editable install keeps the catalog of its install time; a `git pull` can outdate it."""
    solution = session.workspace.solution_file(drill.dir, drill.name)
    if not solution.is_file():
        return
    if split_drill(solution.read_text(encoding="utf-8")).checks != split_drill(shipped).checks:
        raise WorkspaceError(
            f"Could not reset {drill.name}: the installed package holds an older copy of it "
            "than this workspace. Install again (pip install -e . in your clone), then retry."
        )


def _confirm(question: str) -> bool:
    if not console.is_interactive():
        raise UsageError(f"Could not ask: {question} Pass --yes to confirm without a terminal.")
    import typer

    return typer.confirm(question, default=False)
