"""The one exception family of the runner; exit codes are chosen here and nowhere else.

Messages read "Could not <verb> <thing>: <why>. <fix>." so that the learner always gets the fix.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class DrillsError(Exception):
    """An error the learner can act on: one clear sentence plus the fix."""

    exit_code = EXIT_USAGE


class WorkspaceError(DrillsError):
    """The workspace (info.toml, drills/, .drills/) is missing or unusable."""


class ManifestError(DrillsError):
    """info.toml cannot be read or does not describe a valid catalog."""


class UsageError(DrillsError):
    """The command line asks for something that does not exist."""


class CheckFailed(DrillsError):
    """A check of the catalog or the installation failed (exit code 1)."""

    exit_code = EXIT_FAILED
