"""The terminal in watch mode: the alternate screen, single key presses without Enter, and the
learner's terminal given back as it was on every way out, Ctrl-Z included.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from persistence_drills.watch.events import Event, KeyPressed, Redraw

try:
    import termios
    import tty
except ImportError:  # pragma: no cover - Windows
    termios = None  # type: ignore[assignment]  # the module is absent there
    tty = None  # type: ignore[assignment]  # the module is absent there

# Escape sequences of the keys watch mode knows, as terminals send them.
ESCAPES = {
    "[A": "up",
    "[B": "down",
    "OA": "up",
    "OB": "down",
    "[5~": "pageup",
    "[6~": "pagedown",
    "[H": "home",
    "[F": "end",
    "OH": "home",
    "OF": "end",
    "[1~": "home",
    "[4~": "end",
}
ENTER_SCREEN = "\x1b[?1049h\x1b[?25l"  # the alternate screen, cursor hidden
LEAVE_SCREEN = "\x1b[?25h\x1b[?1049l"  # cursor shown, the learner's own screen back


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty() and termios is not None


class Terminal:
    """Owns the terminal while watch mode runs; `post` receives key presses and redraws."""

    def __init__(self, post: Callable[[Event], None]) -> None:
        self.post = post
        self.fd = sys.stdin.fileno()
        self.saved: Any = None
        self.stop = threading.Event()
        self.paused = threading.Event()  # another program has the terminal (editor, pager)

    @contextlib.contextmanager
    def session(self) -> Iterator[Terminal]:
        """cbreak mode on the alternate screen, and a thread reading keys; everything comes back
        on a normal exit, an exception, SIGTERM or SIGHUP (both raise SystemExit here)."""
        self.saved = termios.tcgetattr(self.fd)
        handlers = {
            signal.SIGTERM: _exit_on_signal,
            signal.SIGTSTP: self._suspend,
            signal.SIGCONT: self._resume,
            signal.SIGWINCH: lambda *_: self.post(Redraw()),
        }
        if hasattr(signal, "SIGHUP"):
            handlers[signal.SIGHUP] = _exit_on_signal
        previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
        try:
            self._enter()
            reader = threading.Thread(target=self._read_keys, daemon=True)
            reader.start()
            yield self
        finally:
            self.stop.set()
            self._leave()
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _enter(self) -> None:
        tty.setcbreak(self.fd)
        _write(ENTER_SCREEN)

    def _leave(self) -> None:
        termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
        _write(LEAVE_SCREEN)

    def _suspend(self, signum: int, frame: object) -> None:
        """Ctrl-Z: give the terminal back as it was, then stop as the shell expects."""
        self._leave()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here, until `fg`
        signal.signal(signal.SIGTSTP, self._suspend)

    def _resume(self, signum: int, frame: object) -> None:
        """`fg`: keys one by one again, and the screen drawn afresh."""
        self._enter()
        self.post(Redraw())

    def run_outside(self, command: list[str]) -> int:
        """Hand the terminal to another program (an editor, a pager) until it exits."""
        self.paused.set()
        time.sleep(0.15)  # the key reader's select() times out and it stops reading
        self._leave()
        try:
            return subprocess.call(command)
        except OSError:
            return 127
        finally:
            self._enter()
            self.paused.clear()
            self.post(Redraw())

    def _read_keys(self) -> None:
        while not self.stop.is_set():
            if self.paused.is_set():
                time.sleep(0.05)
                continue
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if not ready:
                    continue
                data = os.read(self.fd, 32).decode("utf-8", errors="ignore")
            except InterruptedError:
                continue
            except OSError:
                return
            for key in split_keys(data):
                self.post(KeyPressed(key))


def _write(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.write(text)
        sys.stdout.flush()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def split_keys(data: str) -> list[str]:
    """Key names from what the terminal sent: one character, or a name for special keys."""
    keys = []
    index = 0
    while index < len(data):
        char = data[index]
        if char == "\x1b":
            for sequence, name in ESCAPES.items():
                if data.startswith(sequence, index + 1):
                    keys.append(name)
                    index += 1 + len(sequence)
                    break
            else:
                keys.append("escape")
                index += 1
            continue
        keys.append("enter" if char in "\r\n" else char)
        index += 1
    return keys
