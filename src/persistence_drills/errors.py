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


# errno values of an environment the learner has to fix (not a bug of the runner).
_ENVIRONMENT = {
    "ENOSPC": "Free some disk space, then try again.",
    "EDQUOT": "Free some disk space (your quota is used up), then try again.",
    "EROFS": "The disk is read-only: work in a copy of the workspace on a writable disk.",
    "EACCES": "Make the workspace yours and writable (chmod u+w, or chown), or work in a copy.",
    "EPERM": "Make the workspace yours and writable (chmod u+w, or chown), or work in a copy.",
}


def environment_error(error: OSError) -> DrillsError | None:
    """A full or read-only disk, or a file we may not write: one sentence and the fix."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    if name not in _ENVIRONMENT:
        return None
    where = f" {error.filename}" if error.filename else ""
    return WorkspaceError(
        f"Could not write{where}: {error.strerror or error}. {_ENVIRONMENT[name]}"
    )
