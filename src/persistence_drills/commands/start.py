"""Bare `drills`: greet the learner once, then check the current drill and say what to do next."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from persistence_drills.commands.run import check
from persistence_drills.commands.session import open_session
from persistence_drills.ui import console


def start(workspace: Path | None) -> int:
    session = open_session(workspace)
    out = console.out()
    if not session.progress.welcome_shown:
        out.print(escape(session.manifest.welcome_message.strip()) + "\n")
        session.progress.mark_welcome_shown()
    if session.progress.all_done():
        out.print(f"[bold green]{escape(session.manifest.final_message.strip())}[/]")
        return 0
    drill = session.progress.current
    path = session.workspace.drill_file(drill.dir, drill.name)
    done, total = session.progress.done_count(), len(session.manifest.drills)
    out.print(f"Progress {console.bar(done, total)} {done}/{total}")
    out.print(f"Current drill: [bold]{drill.name}[/]  {console.link(path, drill.relative_path)}\n")
    code = check(session, drill, as_json=False)
    out.print(
        "\nEdit the file, then check it again with [bold]drills run[/]. "
        "[bold]drills hint[/] helps, [bold]drills list[/] shows where you are."
    )
    return code
