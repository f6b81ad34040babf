"""`drills verify`: run every drill in parallel, rebuild the done set, print a summary."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from persistence_drills.engine.batch import run_all
from persistence_drills.errors import EXIT_FAILED, EXIT_OK
from persistence_drills.session import open_session
from persistence_drills.ui import console


def verify(jobs: int | None, as_json: bool, workspace: Path | None) -> int:
    session = open_session(workspace)
    drills = list(session.manifest.drills)
    jobs = jobs or os.cpu_count() or 2
    if as_json or not console.is_interactive():
        verdicts = run_all(session.workspace, drills, jobs)
    else:
        with Progress(
            TextColumn("Checking drills"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=console.out(),
            transient=True,
        ) as bar:
            task = bar.add_task("", total=len(drills))
            verdicts = run_all(
                session.workspace,
                drills,
                jobs,
                lambda v: bar.update(task, advance=1, description=v.drill),
            )
    session.progress.replace_done({name: v.passed for name, v in verdicts.items()})
    ordered = [verdicts[drill.name] for drill in drills]
    pending = [v for v in ordered if not v.passed]
    if as_json:
        print(
            json.dumps(
                {
                    "done": len(ordered) - len(pending),
                    "total": len(ordered),
                    "drills": [v.to_dict() for v in ordered],
                },
                indent=2,
            )
        )
    else:
        out = console.out()
        for verdict in pending:
            outcome = verdict.outcome.value
            out.print(f"  [red]✗[/] {verdict.drill:<24} {outcome:<9} {verdict.summary}")
        out.print(f"{len(ordered) - len(pending)} of {len(ordered)} drills done.")
    return EXIT_FAILED if pending else EXIT_OK
