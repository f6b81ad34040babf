"""`drills run [NAME]`: check one drill once, show the verdict, record it."""

from __future__ import annotations

import json
from pathlib import Path

from persistence_drills import trace
from persistence_drills.engine.runner import Runner
from persistence_drills.errors import EXIT_FAILED, EXIT_OK, UsageError
from persistence_drills.manifest import Drill
from persistence_drills.session import Session, open_session
from persistence_drills.ui import console


def run(name: str | None, as_json: bool, output: bool, workspace: Path | None) -> int:
    session = open_session(workspace)
    drill = session.drill(name)
    if output:
        return show_output(session, drill)
    return check(session, drill, as_json)


def show_output(session: Session, drill: Drill) -> int:
    """Everything the drill's last run printed, whole, in the learner's pager."""
    from persistence_drills.engine.slots import last_output

    path = last_output(session.workspace.runs_dir, drill.name)
    if path is None:
        raise UsageError(
            f"Could not show the output of {drill.name}: it has not run yet. Run it first: "
            f"`drills run {drill.name}`."
        )
    text = path.read_text(encoding="utf-8", errors="replace") or "(the run printed nothing)\n"
    out = console.out()
    if console.is_interactive():
        with out.pager(styles=False):
            out.print(text, markup=False, highlight=False)
    else:
        print(text, end="")
    return EXIT_OK


def check(session: Session, drill: Drill, as_json: bool) -> int:
    """Run one drill, record the result, show it; the exit code says whether it passed."""
    trace.mark("the session is open")
    runner = Runner(session.workspace)
    try:
        return _check(runner, session, drill, as_json)
    finally:
        runner.close()  # only now may a warm service start, for the next command


def _check(runner: Runner, session: Session, drill: Drill, as_json: bool) -> int:
    started = runner.start(drill)
    trace.mark("the run has started")
    # Import the renderer (rich, pygments: ~60 ms) while the child runs the checks.
    from persistence_drills.ui.verdict_view import render_verdict

    verdict = started.wait()
    trace.mark("the verdict is in")
    assert verdict is not None  # nobody cancels this run
    session.save(lambda: session.progress.record_run(drill.name, verdict.passed))
    if as_json:
        print(json.dumps(verdict.to_dict(), indent=2))
    else:
        console.out().print(
            render_verdict(verdict, session.workspace.root, session.hint_position(drill))
        )
        if verdict.passed:
            show_after_pass(session, drill)
    trace.mark("shown and saved")
    return EXIT_OK if verdict.passed else EXIT_FAILED


def show_after_pass(session: Session, drill: Drill) -> None:
    out = console.out()
    if drill.reflection:
        out.print("\n[bold]Think about it:[/]")
        for question in drill.reflection:
            out.print(f"  • {question}")
    out.print(f"\nThe reference solution: [bold]drills solution {drill.name}[/]")
    if session.progress.all_done():
        out.print(f"\n[bold green]{console.prose(session.manifest.final_message)}[/]")
    elif session.progress.current.name == drill.name:
        out.print("Next: [bold]drills next[/] moves you on to the next drill.")
