"""Drill names for tab completion: fast enough for every key press of the learner.

The shell runs `drills` for each completion; reading names straight out of info.toml with a
regular expression costs a millisecond, where validating the manifest costs tens of them.
"""

from __future__ import annotations

import re

from persistence_drills.workspace import find_workspace

NAME_LINE = re.compile(r'^name\s*=\s*"([a-z0-9_]+)"', re.MULTILINE)


def drill_names() -> list[str]:
    try:
        text = find_workspace().manifest_path.read_text(encoding="utf-8")
    except Exception:  # completion must never print a traceback into the learner's shell
        return []
    return NAME_LINE.findall(text)
