"""`drills` / `drills watch`: the screen a learner lives in, checking the drill on every save."""

from __future__ import annotations

from pathlib import Path

from persistence_drills.errors import UsageError
from persistence_drills.session import open_session
from persistence_drills.watch.terminal import has_terminal


def watch(poll: bool, manual: bool, workspace: Path | None, edit_cmd: str | None = None) -> int:
    if not has_terminal():
        raise UsageError(
            "Could not start watch mode: it needs a terminal, and this input or output is not "
            "one. Check a drill once with `drills run`."
        )
    session = open_session(workspace)
    from persistence_drills.watch.app import WatchApp

    return WatchApp(session, poll=poll, manual=manual, edit_command=edit_cmd).run()
