"""Which drills a change touched: their drill file, solution or catalog cases differ from a git
revision. Lets `drills dev mutants --since REV` test only those (in CI, the last commit's)."""

from __future__ import annotations

import subprocess
from pathlib import PurePosixPath

from persistence_drills.errors import UsageError
from persistence_drills.manifest import Drill, Manifest
from persistence_drills.workspace import Workspace


def touched_drills(ws: Workspace, manifest: Manifest, revision: str) -> list[Drill]:
    """The drills, in catalog order, whose files differ between `revision` and the working
    tree (committed, staged or not), or that are new since then."""
    changed = {PurePosixPath(path) for path in _changed_paths(ws, revision)}
    return [
        drill
        for drill in manifest.drills
        if changed & _paths_of(drill) or _cases_changed(drill, changed)
    ]


def _paths_of(drill: Drill) -> set[PurePosixPath]:
    return {
        PurePosixPath("drills", drill.dir, f"{drill.name}.py"),
        PurePosixPath("solutions", drill.dir, f"{drill.name}.py"),
    }


def _cases_changed(drill: Drill, changed: set[PurePosixPath]) -> bool:
    cases = PurePosixPath("tests", "catalog_cases", drill.dir, drill.name)
    return any(cases in path.parents for path in changed)


def _changed_paths(ws: Workspace, revision: str) -> list[str]:
    """Paths relative to the workspace (which may be a folder inside the repository)."""
    commands = (
        ["git", "diff", "--name-only", "--relative", revision, "--"],
        ["git", "ls-files", "--others", "--exclude-standard"],  # new, not yet added
    )
    paths: list[str] = []
    for command in commands:
        try:
            done = subprocess.run(
                command, cwd=ws.root, capture_output=True, text=True, timeout=60, check=False
            )
        except OSError as error:
            raise UsageError(
                f"Could not find the drills changed since {revision}: git did not run "
                f"({error.strerror}). Name the drills instead."
            ) from None
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["git failed"])[-1]
            raise UsageError(
                f"Could not find the drills changed since {revision}: git says "
                f"{said.removeprefix('fatal: ').rstrip('.')}. Name a revision of this "
                "repository, or name the drills instead."
            )
        paths += done.stdout.splitlines()
    return paths
