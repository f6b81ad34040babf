"""What most commands start from: the workspace, its manifest and the learner's progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from persistence_drills.errors import DrillsError
from persistence_drills.manifest import Drill, Manifest, load_manifest
from persistence_drills.state import Progress
from persistence_drills.ui import console
from persistence_drills.workspace import Workspace, find_workspace


@dataclass
class Session:
    workspace: Workspace
    manifest: Manifest
    progress: Progress

    def drill(self, name: str | None) -> Drill:
        """The named drill, or the current one."""
        return self.manifest.find(name) if name else self.progress.current

    def save(self, change: Callable[[], object]) -> None:
        """Record progress; a disk that refuses it is said once, and the command goes on."""
        try:
            change()
        except DrillsError as error:
            console.notice(f"{error} Your progress was not saved this time.")

    def hint_position(self, drill: Drill) -> tuple[int, int]:
        return self.progress.drill(drill.name).hints_seen, len(drill.hints)


def open_session(override: Path | None) -> Session:
    workspace = find_workspace(override=override)
    try:
        runtime: Path | None = workspace.ensure_runtime_dir()
    except OSError:
        runtime = None  # a read-only workspace: what only reads still works, writes will say
    manifest = load_manifest(workspace.manifest_path, cache_dir=runtime)
    progress = Progress(workspace.state_path, manifest)
    for message in progress.notices:
        console.notice(message)
    return Session(workspace, manifest, progress)
