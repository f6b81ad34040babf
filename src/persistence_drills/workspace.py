"""Finding the workspace and naming its paths.

A workspace is a folder with an info.toml; every command walks up from the current directory to
the nearest one, as git does with .git. Runtime files live in <workspace>/.drills/.
"""

from __future__ import annotations

from pathlib import Path

from persistence_drills.errors import WorkspaceError
from persistence_drills.nearest import MANIFEST_NAME, nearest_root

SEPARATOR = "# --- checks: these run on every save; do not edit below ---"


class Workspace:
    """A workspace's root folder and the paths inside it. A plain class, not a dataclass:
    a served command finds its workspace before anything else, and importing dataclasses
    would cost it ~12 ms."""

    __slots__ = ("root",)

    def __init__(self, root: Path) -> None:
        self.root = root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Workspace) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"Workspace(root={self.root!r})"

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST_NAME

    @property
    def drills_dir(self) -> Path:
        return self.root / "drills"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def runtime_dir(self) -> Path:
        return self.root / ".drills"

    @property
    def runs_dir(self) -> Path:
        return self.runtime_dir / "runs"

    @property
    def state_path(self) -> Path:
        return self.runtime_dir / "state.json"

    @property
    def backups_dir(self) -> Path:
        return self.runtime_dir / "backups"

    def drill_file(self, folder: str, name: str) -> Path:
        return self.drills_dir / folder / f"{name}.py"

    def solution_file(self, folder: str, name: str) -> Path:
        return self.solutions_dir / folder / f"{name}.py"

    def relative(self, path: Path) -> str:
        """The path as the learner sees it from the workspace root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def ensure_runtime_dir(self) -> Path:
        self.runtime_dir.mkdir(exist_ok=True)
        ignore = self.runtime_dir / ".gitignore"
        if not ignore.exists():
            # A workspace made by `drills init` may have no .gitignore of its own.
            ignore.write_text("*\n", encoding="utf-8")
        return self.runtime_dir


def find_workspace(start: Path | None = None, override: Path | None = None) -> Workspace:
    """The workspace given by --workspace, or the nearest folder upwards holding info.toml."""
    if override is not None:
        root = override.expanduser().resolve()
        if not (root / MANIFEST_NAME).is_file():
            raise WorkspaceError(
                f"Could not use {root} as a workspace: it has no {MANIFEST_NAME}. "
                "Point --workspace at the folder that holds info.toml, or create one with "
                "`drills init`."
            )
        return Workspace(root)
    here = (start or Path.cwd()).resolve()
    found = nearest_root(str(here))
    if found is not None:
        return Workspace(Path(found))
    raise WorkspaceError(
        f"Could not find a drills workspace: there is no {MANIFEST_NAME} in {here} or any "
        "folder above it. Run drills inside your persistence-drills folder, or create one "
        "with `drills init`."
    )
