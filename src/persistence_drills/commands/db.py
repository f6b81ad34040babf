"""`drills db [NAME] [--shell]`: what the last run of a drill wrote, or a shell on it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from persistence_drills.errors import EXIT_OK, UsageError
from persistence_drills.leftovers import look, sqlite_files
from persistence_drills.session import open_session
from persistence_drills.ui import console


def db(name: str | None, shell: bool, workspace: Path | None) -> int:
    session = open_session(workspace)
    drill = session.drill(name)
    found = look(session.workspace, drill)
    if not shell:
        from persistence_drills.ui.db_view import render_leftovers

        console.out().print(render_leftovers(found))
        return EXIT_OK
    files = sqlite_files(found, session.workspace.root)
    if files:
        return _sqlite_shell(files[0])
    postgres = [database for database in found.databases if database.kind == "postgresql"]
    if postgres:
        return _psql(session.workspace.runtime_dir, postgres[0].where)
    raise UsageError(
        f"Could not open a shell: the last run of {drill.name} left no database. Run it "
        f"first (`drills run {drill.name}`), then try again."
    )


def _sqlite_shell(path: Path) -> int:
    program = shutil.which("sqlite3")
    if program is None:
        raise UsageError(
            f"Could not open a shell on {path}: the sqlite3 program is not installed. Install "
            "it (apt install sqlite3, brew install sqlite), or open the file with any SQLite "
            "browser."
        )
    console.out().print(f"[dim]sqlite3 {path} (.tables lists the tables, .quit leaves)[/]")
    return subprocess.call([program, str(path)])


def _psql(runtime: Path, database: str) -> int:
    from persistence_drills.postgres.embedded import binaries
    from persistence_drills.postgres.provider import PostgresProvider
    from persistence_drills.postgres.sql import database_url

    provider = PostgresProvider(runtime)
    try:
        url = database_url(provider.ensure().url, database)
        folder = binaries()
        program = (folder / "psql") if folder else None
        if program is None or not program.exists():
            program = Path(shutil.which("psql") or "psql")
        console.out().print(f"[dim]psql on {database} (\\dt lists the tables, \\q leaves)[/]")
        return subprocess.call([str(program), url])
    finally:
        provider.close()
