"""Starting this same Python for the runner's own background and child processes."""

from __future__ import annotations

import sys


def python_module(module: str, *args: str) -> list[str]:
    """A command running `module` with this interpreter, blind to PYTHON* variables (-E: e.g.
    PYTHONOPTIMIZE would strip every assert) and to the current folder (-P), writing no
    __pycache__ into the learner's folders (-B). Not -I: its -s would hide a runner installed
    with `pip install --user`."""
    return [sys.executable, "-E", "-P", "-B", "-m", module, *args]
