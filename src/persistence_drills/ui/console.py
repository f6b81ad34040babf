"""Terminal primitives in one place: consoles, links, progress bars, plain output when piped.

rich already honours NO_COLOR and drops colours when the output is not a terminal. It is
imported on first use: piped output and most errors never need it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

_stdout: Console | None = None
_stderr: Console | None = None


def out() -> Console:
    global _stdout
    if _stdout is None:
        from rich.console import Console

        # Piped, lines are never wrapped at 80 columns: the reader's tool decides.
        _stdout = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    return _stdout


def err() -> Console:
    global _stderr
    if _stderr is None:
        from rich.console import Console

        # soft_wrap: a message is one line however narrow the terminal; the terminal wraps it.
        _stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    return _stderr


def is_interactive() -> bool:
    return sys.stdout.isatty()


def link(path: Path, text: str) -> str:
    """Markup for a clickable path (terminals without hyperlinks just show the text)."""
    from rich.markup import escape

    return f"[link={path.resolve().as_uri()}]{escape(text)}[/link]"


def bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


def error(message: str) -> None:
    """One clear sentence (and its fix) on stderr."""
    from rich.markup import escape

    err().print(f"[bold red]error:[/] {escape(message)}")


def notice(message: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]note:[/] {escape(message)}")


def prose(text: str) -> str:
    """Text written wrapped (the manifest's messages) as paragraphs of one line each, so that
    the terminal wraps them at its own width instead of breaking them twice."""
    paragraphs = (" ".join(part.split()) for part in text.strip().split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
