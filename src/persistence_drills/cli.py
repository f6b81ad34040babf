"""The `drills` command line: each command parses, calls its module, and returns an exit code.

Startup stays light: command modules (and with them rich, pydantic, pytest) are imported only
when their command runs, and exit codes are chosen in main() alone.
"""

from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from persistence_drills.errors import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    DrillsError,
    environment_error,
)

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    help="Practise data persistence in Python: edit a drill, check it, move on.",
    context_settings=HELP,
    no_args_is_help=False,
    # Plain help: rich's markdown help costs ~60 ms of imports on every --help.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
dev_app = typer.Typer(
    help="Commands for authors of drills.", rich_markup_mode=None, context_settings=HELP
)
app.add_typer(dev_app, name="dev")


def _complete_drill(incomplete: str) -> list[str]:
    """Drill names for the shell's tab completion, read cheaply from info.toml."""
    from persistence_drills.completion import drill_names

    return [name for name in drill_names() if name.startswith(incomplete.lower())]


Name = Annotated[
    str | None,
    typer.Argument(
        help="A drill name (or its number); the current drill if omitted.",
        autocompletion=_complete_drill,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _workspace(ctx: typer.Context) -> Path | None:
    """The --workspace given before the command (the callback keeps it in ctx.obj)."""
    return ctx.obj if isinstance(ctx.obj, Path) else None


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="The workspace folder (default: search upwards)."),
    ] = None,
    postgres_url: Annotated[
        str | None,
        typer.Option(
            "--postgres-url",
            help="Use your own PostgreSQL server (default: $DRILLS_POSTGRES_URL, or embedded).",
        ),
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> int | None:
    ctx.obj = workspace
    if postgres_url:
        import os

        os.environ["DRILLS_POSTGRES_URL"] = postgres_url
    if version:
        from persistence_drills import __version__

        print(f"drills {__version__}")
        raise typer.Exit(EXIT_OK)
    if ctx.invoked_subcommand is None:
        from persistence_drills.commands.watch import watch as watch_drills

        raise typer.Exit(watch_drills(False, False, workspace))
    return None


@app.command()
def watch(
    ctx: typer.Context,
    poll: Annotated[
        bool, typer.Option("--poll", help="Poll for changes (network drives).")
    ] = False,
    manual: Annotated[
        bool, typer.Option("--manual", help="Do not watch files; press r to check.")
    ] = False,
    edit_cmd: Annotated[
        str | None,
        typer.Option("--edit-cmd", help="The editor the e key opens (default: $VISUAL, $EDITOR)."),
    ] = None,
) -> int:
    """Check the current drill on every save (what bare `drills` does)."""
    from persistence_drills.commands.watch import watch as watch_drills

    return watch_drills(poll, manual, _workspace(ctx), edit_cmd)


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Json = False,
    phase: Annotated[int | None, typer.Option(help="Only this phase (0-4).")] = None,
    pending: Annotated[bool, typer.Option("--pending", help="Only drills not done.")] = False,
    done: Annotated[bool, typer.Option("--done", help="Only drills done.")] = False,
    failing: Annotated[
        bool, typer.Option("--failing", help="Only drills tried that do not pass yet.")
    ] = False,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Only drills whose name contains this.")
    ] = None,
) -> int:
    """List every drill with its status and your progress."""
    from persistence_drills.commands.list import list_drills

    status = "done" if done else "failing" if failing else "pending" if pending else None
    return list_drills(as_json, phase, status, search, _workspace(ctx))


@app.command()
def hint(
    ctx: typer.Context,
    name: Name = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every hint.")] = False,
) -> int:
    """Show the next hint of the current (or named) drill."""
    from persistence_drills.commands.hint import hint as show_hint

    return show_hint(name, show_all, _workspace(ctx))


@app.command()
def run(
    ctx: typer.Context,
    name: Name = None,
    as_json: Json = False,
    output: Annotated[
        bool,
        typer.Option("--output", help="Show everything the last run printed, in a pager."),
    ] = False,
) -> int:
    """Check a drill once; exit 0 when it passes, 1 when it does not."""
    from persistence_drills.commands.run import run as run_drill

    return run_drill(name, as_json, output, _workspace(ctx))


@app.command()
def verify(
    ctx: typer.Context,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Drills run at once.")] = None,
    as_json: Json = False,
) -> int:
    """Check every drill at once and rebuild your progress."""
    from persistence_drills.commands.verify import verify as verify_all

    return verify_all(jobs, as_json, _workspace(ctx))


@app.command("next")
def next_command(ctx: typer.Context) -> int:
    """Move on to the next drill that is not done."""
    from persistence_drills.commands.navigate import next_drill

    return next_drill(_workspace(ctx))


@app.command()
def goto(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(help="A drill name, or its number.", autocompletion=_complete_drill),
    ],
) -> int:
    """Make the named drill the current one."""
    from persistence_drills.commands.navigate import goto as go

    return go(name, _workspace(ctx))


@app.command()
def reset(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="The drill to reset (the current one if omitted).", autocompletion=_complete_drill
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Reset every drill.")] = False,
    checks: Annotated[
        bool, typer.Option("--checks", help="Restore only the checks; keep your code.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> int:
    """Restore drill files as shipped (yours are backed up)."""
    from persistence_drills.commands.reset import reset as reset_drills

    return reset_drills(name, every, checks, yes, _workspace(ctx))


@app.command()
def solution(
    ctx: typer.Context,
    name: Name = None,
    force: Annotated[bool, typer.Option("--force", help="Show it even if not done.")] = False,
) -> int:
    """Show the reference solution of a drill you have done."""
    from persistence_drills.commands.solution import solution as show_solution

    return show_solution(name, force, _workspace(ctx))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create it.")] = Path(
        "persistence-drills"
    ),
) -> int:
    """Create a new workspace from the installed package."""
    from persistence_drills.commands.init import init as create

    return create(directory)


@app.command()
def db(
    ctx: typer.Context,
    name: Name = None,
    shell: Annotated[
        bool, typer.Option("--shell", help="Open sqlite3 or psql on what it wrote.")
    ] = False,
) -> int:
    """Show what the last run of a drill wrote: its databases and files."""
    from persistence_drills.commands.db import db as show

    return show(name, shell, _workspace(ctx))


@app.command()
def doctor(ctx: typer.Context) -> int:
    """Check your setup and say how to fix each problem."""
    from persistence_drills.commands.doctor import doctor as examine

    return examine(_workspace(ctx))


@dev_app.command("check")
def dev_check(
    ctx: typer.Context,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Drills run at once.")] = 2,
) -> int:
    """Check the catalog: files, docstrings, checks, shipped drills fail, solutions pass."""
    from persistence_drills.commands.dev_check import dev_check as check

    return check(jobs, _workspace(ctx))


@dev_app.command("mutants")
def dev_mutants(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Drills to test (default: every drill).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Mutants run at once.")] = 2,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Only drills whose drill, solution or catalog cases changed since this git "
            "revision.",
        ),
    ] = None,
) -> int:
    """Mutate each reference solution and list the mutants the checks let pass."""
    from persistence_drills.commands.mutants import dev_mutants as test

    return test(names or [], jobs, since, _workspace(ctx))


@functools.cache
def click_command() -> Any:
    """The click command typer builds from the functions above (~50 ms: it reads every
    signature's type hints); built once, and ahead of time by the warm service."""
    return typer.main.get_command(app)


def main() -> None:
    """Entry point: run the app and map every outcome to one exit code."""
    import click

    # A terminated runner exits through the normal path, so that it still stops the
    # PostgreSQL server it started and restores the terminal.
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP: the terminal was closed
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda signum, frame: sys.exit(128 + signum))
    try:
        result = click_command()(standalone_mode=False, prog_name="drills")
        code = result if isinstance(result, int) else EXIT_OK
    except DrillsError as error:
        code = _report(error)
    except click.exceptions.Exit as stop:
        code = stop.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        print(file=sys.stderr)
        code = EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        code = EXIT_USAGE
    except OSError as error:
        known = environment_error(error)
        code = _report(known) if known is not None else _report_bug(error)
    except Exception as error:  # the one place that turns bugs into a report
        code = _report_bug(error)
    sys.exit(code)


def _report(error: DrillsError) -> int:
    from persistence_drills.ui import console

    console.error(str(error))
    return error.exit_code


def _report_bug(error: Exception) -> int:
    import contextlib
    import os
    import platform
    import tempfile
    import time
    import traceback

    from persistence_drills import __version__
    from persistence_drills.workspace import find_workspace

    stamp = time.strftime("%Y%m%d-%H%M%S")
    details = (
        f"drills {__version__} on Python {platform.python_version()}, {platform.platform()}\n"
        f"arguments: {sys.argv[1:]}\n\n" + "".join(traceback.format_exception(error))
    )
    candidates = []
    with contextlib.suppress(DrillsError, OSError):
        candidates.append(find_workspace().runtime_dir / "logs")
    user = getattr(os, "getuid", lambda: "user")()
    candidates.append(Path(tempfile.gettempdir()) / f"drills-{user}-logs")
    log = None
    for folder in candidates:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            log = folder / f"crash-{stamp}.log"
            log.write_text(details, encoding="utf-8")
            break
        except OSError:
            log = None
    where = f"the details are in {log}" if log else "the details follow:\n" + details
    print(
        f"drills hit a bug: {type(error).__name__}: {error}. Your files and progress are safe; "
        f"{where}. Please report them.",
        file=sys.stderr,
    )
    return EXIT_BUG
