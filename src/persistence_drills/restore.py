"""Putting a drill file back as shipped, the learner's version kept in .drills/backups/.

Used by `drills reset` and by watch mode's reset keys; knows nothing of the terminal.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from persistence_drills.catalog import reference_checks, shipped_file
from persistence_drills.errors import WorkspaceError
from persistence_drills.fileio import write_atomic
from persistence_drills.manifest import Drill
from persistence_drills.source import split_drill
from persistence_drills.workspace import Workspace


def restore(workspace: Workspace, drill: Drill, checks_only: bool) -> Path | None:
    """Restore one drill file (or only its checks); returns where the learner's version was
    backed up, None if nothing changed."""
    path = workspace.drill_file(drill.dir, drill.name)
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    wanted = _with_shipped_checks(workspace, drill, current) if checks_only else _shipped(drill)
    if not checks_only:
        _refuse_stale_copy(workspace, drill, wanted)
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


def _shipped(drill: Drill) -> str:
    shipped = shipped_file(drill.relative_path)
    if shipped is None:
        raise WorkspaceError(
            f"Could not reset {drill.name}: the installed package has no shipped copy of "
            f"{drill.relative_path}. Reinstall persistence-drills, or restore the file with git."
        )
    return shipped.read_text(encoding="utf-8")


def _with_shipped_checks(workspace: Workspace, drill: Drill, current: str | None) -> str:
    checks = reference_checks(workspace, drill)
    if checks is None or current is None:
        raise WorkspaceError(
            f"Could not restore the checks of {drill.name}: no shipped checks were found. "
            f"Reset the whole file with `drills reset {drill.name}`."
        )
    code = split_drill(current).code
    return code.rstrip("\n") + "\n\n\n" + checks


def _refuse_stale_copy(workspace: Workspace, drill: Drill, shipped: str) -> None:
    """An editable install keeps the catalog of its install time; a `git pull` can outdate it."""
    solution = workspace.solution_file(drill.dir, drill.name)
    if not solution.is_file():
        return
    if split_drill(solution.read_text(encoding="utf-8")).checks != split_drill(shipped).checks:
        raise WorkspaceError(
            f"Could not reset {drill.name}: the installed package holds an older copy of it "
            "than this workspace. Install again (pip install -e . in your clone), then retry."
        )
