"""The terminal in watch mode: single key presses without Enter, always restored on exit."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator

from persistence_drills.watch.events import Event, KeyPressed, Redraw

try:
    import termios
    import tty
except ImportError:  # pragma: no cover - Windows
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]

ESCAPES = {"[A": "up", "[B": "down", "OA": "up", "OB": "down"}


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty() and termios is not None


@contextlib.contextmanager
def keys_mode(post: Callable[[Event], None]) -> Iterator[None]:
    """cbreak mode (keys arrive one by one, Ctrl-C still interrupts) and a thread reading them.

    The previous terminal settings come back on every way out: normal exit, an exception, or a
    SIGTERM (turned into SystemExit so that this block unwinds).
    """
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    stop = threading.Event()
    previous_term = signal.signal(signal.SIGTERM, _exit_on_signal)
    previous_winch = None
    if hasattr(signal, "SIGWINCH"):
        previous_winch = signal.signal(signal.SIGWINCH, lambda *_: post(Redraw()))
    try:
        tty.setcbreak(fd)
        sys.stdout.write("\x1b[?25l")  # hide the cursor while the screen is redrawn
        sys.stdout.flush()
        reader = threading.Thread(target=_read_keys, args=(fd, post, stop), daemon=True)
        reader.start()
        yield
    finally:
        stop.set()
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        sys.stdout.write("\x1b[?25h")
        sys.stdout.flush()
        signal.signal(signal.SIGTERM, previous_term)
        if previous_winch is not None:
            signal.signal(signal.SIGWINCH, previous_winch)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _read_keys(fd: int, post: Callable[[Event], None], stop: threading.Event) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            data = os.read(fd, 16).decode("utf-8", errors="ignore")
        except OSError:
            return
        for key in _split_keys(data):
            post(KeyPressed(key))


def _split_keys(data: str) -> list[str]:
    keys = []
    index = 0
    while index < len(data):
        char = data[index]
        if char == "\x1b":
            sequence = data[index + 1 : index + 3]
            if sequence in ESCAPES:
                keys.append(ESCAPES[sequence])
                index += 3
                continue
            keys.append("escape")
        elif char in "\r\n":
            keys.append("enter")
        else:
            keys.append(char)
        index += 1
    return keys
