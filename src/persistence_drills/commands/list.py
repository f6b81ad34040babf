"""`drills list`: every drill with its status, progress per phase, and skill checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

from persistence_drills.errors import EXIT_OK, UsageError
from persistence_drills.manifest import CHECKPOINTS
from persistence_drills.session import Session, open_session
from persistence_drills.ui import console
from persistence_drills.ui.list_view import Checkpoint, PhaseProgress, Row, render_list

STATUSES = ("done", "failing", "pending")


def list_drills(
    as_json: bool,
    phase: int | None,
    status: str | None,
    search: str | None,
    workspace: Path | None,
) -> int:
    session = open_session(workspace)
    rows = _rows(session)
    if phase is not None:
        if phase not in {drill.phase for drill in session.manifest.drills}:
            raise UsageError(f"Could not list phase {phase}: the catalog has no such phase.")
        rows = [row for row in rows if int(row.phase[:2]) == phase]
    if status == "pending":  # not done: failing ones are pending too
        rows = [row for row in rows if row.status != "done"]
    elif status is not None:
        rows = [row for row in rows if row.status == status]
    if search:
        rows = [row for row in rows if search.lower() in row.name]
    phases = _phases(session)
    checkpoints = _checkpoints(session)
    if as_json:
        data = {
            "drills": [
                {
                    "number": r.number,
                    "phase": r.phase,
                    "name": r.name,
                    "status": r.status,
                    "current": r.is_current,
                    "path": r.relative,
                }
                for r in rows
            ],
            "phases": [p.__dict__ for p in phases],
            "checkpoints": [
                {"name": c.name, "done": c.ticked, "drills_done": c.done, "drills_total": c.total}
                for c in checkpoints
            ],
            "done": session.progress.done_count(),
            "total": len(session.manifest.drills),
        }
        print(json.dumps(data, indent=2))
        return EXIT_OK
    interactive = console.is_interactive()
    render_list(console.out() if interactive else None, rows, phases, checkpoints, interactive)
    return EXIT_OK


def _rows(session: Session) -> list[Row]:
    current = session.progress.current.name
    rows = []
    for number, drill in enumerate(session.manifest.drills, start=1):
        record = session.progress.drill(drill.name)
        status = "done" if record.done else "failing" if record.attempts else "pending"
        path = session.workspace.drill_file(drill.dir, drill.name)
        rows.append(
            Row(
                number,
                drill.dir,
                drill.name,
                status,
                path,
                drill.relative_path,
                drill.name == current,
            )
        )
    return rows


def _phases(session: Session) -> list[PhaseProgress]:
    result = []
    for phase in session.manifest.phases():
        drills = [d for d in session.manifest.drills if d.dir == phase]
        done = sum(session.progress.is_done(d.name) for d in drills)
        result.append(PhaseProgress(phase, done, len(drills)))
    return result


def _checkpoints(session: Session) -> list[Checkpoint]:
    """Checkpoints that have drills: how many of them are done."""
    result = []
    for name in CHECKPOINTS:
        drills = [d for d in session.manifest.drills if d.checkpoint == name]
        if drills:
            done = sum(session.progress.is_done(d.name) for d in drills)
            result.append(Checkpoint(name, done, len(drills)))
    return result
