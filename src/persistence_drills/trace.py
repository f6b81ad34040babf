"""Where the time goes: DRILLS_TRACE=1 prints the moments a command passes, for authors.

    DRILLS_TRACE=1 drills run bank_transfer

Each mark is one line on stderr: milliseconds since the process started, and what happened.
Without the variable a mark costs a dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time

_START = time.monotonic()


def mark(what: str) -> None:
    # Looked up each time: a command the warm service runs gets its client's environment.
    if os.environ.get("DRILLS_TRACE"):
        elapsed = (time.monotonic() - _START) * 1000
        print(f"[drills {os.getpid()} {elapsed:7.1f} ms] {what}", file=sys.stderr, flush=True)


def restart() -> None:
    """A forked process counts from its fork."""
    global _START
    _START = time.monotonic()
