"""`drills init [DIR]`: a fresh workspace from the catalog shipped inside the package."""

from __future__ import annotations

import shutil
from pathlib import Path

from persistence_drills.catalog import require_shipped_root
from persistence_drills.errors import EXIT_OK, WorkspaceError
from persistence_drills.ui import console

GITIGNORE = ".drills/\n__pycache__/\n"


def init(directory: Path) -> int:
    target = directory.expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise WorkspaceError(
            f"Could not create a workspace in {target}: the folder is not empty. Choose a new "
            "folder: drills init FOLDER."
        )
    source = require_shipped_root()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "info.toml", target / "info.toml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("drills", "solutions"):
        shutil.copytree(source / folder, target / folder, ignore=ignore)
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    out = console.out()
    out.print(f"Created a drills workspace in [bold]{target}[/].")
    out.print(f"Start with: [bold]cd {target} && drills[/]")
    return EXIT_OK
