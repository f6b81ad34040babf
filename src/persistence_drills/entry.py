"""The `drills` command itself: a warm service runs it if one is up, else this process does.

A command run in this process first imports typer, rich and the runner (~250 ms). When the
workspace's warm service is up (after a watch session or a one-shot command, for its idle
period), the commands a learner types all the time are handed to it instead: it forks a process
that has all of that imported already, gives it this terminal (stdin, stdout, stderr), the
folder and the environment, and this process only waits for its exit status, passing on
Ctrl-C. Everything else, and everything when no service answers, runs here as before.
"""

from __future__ import annotations

import sys

from persistence_drills import trace

# Commands that only read the workspace and print, or run a drill: served when they can be.
SERVED = frozenset({"run", "list", "hint", "next", "goto", "solution", "db"})


def main() -> None:
    argv = sys.argv[1:]
    trace.mark("started")
    if argv and argv[0] in SERVED:
        from persistence_drills.forward import forward

        code = forward(argv)
        if code is not None:
            sys.exit(code)
    from persistence_drills.cli import main as run_here

    run_here()
