"""The catalog as shipped: the pristine copy of info.toml, drills/ and solutions/ in the package.

The wheel carries it under persistence_drills/catalog/. An editable install (`pip install -e .`)
puts the same copy in site-packages while the code itself is imported from src/, so it is
found through the distribution's file list rather than next to this module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from persistence_drills.errors import WorkspaceError
from persistence_drills.manifest import Drill
from persistence_drills.workspace import Workspace

DISTRIBUTION = "persistence-drills"
MARKER = "persistence_drills/catalog/info.toml"


@cache
def shipped_root() -> Path | None:
    here = Path(__file__).with_name("catalog")
    if (here / "info.toml").is_file():
        return here
    from importlib import metadata  # ~30 ms of imports: only for editable installs

    try:
        files = metadata.distribution(DISTRIBUTION).files or []
    except metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.as_posix() == MARKER:
            located = Path(str(file.locate()))
            return located.parent if located.is_file() else None
    return None


def require_shipped_root() -> Path:
    root = shipped_root()
    if root is None:
        raise WorkspaceError(
            "Could not find the shipped catalog: the persistence-drills package has no copy of "
            "the drills. Reinstall it: pip install --force-reinstall persistence-drills (or "
            "`pip install -e .` in a clone)."
        )
    return root


def shipped_file(relative: str) -> Path | None:
    """The shipped copy of a workspace file such as drills/00_intro/welcome.py."""
    root = shipped_root()
    if root is None:
        return None
    path = root / relative
    return path if path.is_file() else None


def reference_checks(workspace: Workspace, drill: Drill) -> str | None:
    """The checks a drill must carry to count: its solution's (`drills dev check` keeps them
    identical to the shipped drill's), or, should the learner have deleted the solution, those
    of the packaged catalog. None when neither exists (a workspace of the learner's own)."""
    from persistence_drills.source import split_drill

    relative = f"solutions/{drill.dir}/{drill.name}.py"
    # One after the other: finding the packaged catalog of an editable install costs ~15 ms.
    finders: tuple[Callable[[], Path | None], ...] = (
        lambda: workspace.solution_file(drill.dir, drill.name),
        lambda: shipped_file(relative),
    )
    for find in finders:
        candidate = find()
        if candidate is None:
            continue
        try:
            return split_drill(candidate.read_text(encoding="utf-8")).checks
        except (OSError, UnicodeDecodeError):
            continue
    return None
