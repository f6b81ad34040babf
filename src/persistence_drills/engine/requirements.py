"""Providers for what a drill `requires` beyond Python (today: "postgres").

A provider prepares a requirement before a run and returns settings that the child's fixtures
read (e.g. where to create a fresh database); when it cannot, the drill is skipped with the
reason and the fix, and every other drill keeps working.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol


class Unavailable(Exception):
    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


class Provider(Protocol):
    def prepare(self) -> dict[str, str]:
        """Environment settings for the child's fixtures; raises Unavailable if impossible."""
        ...

    def release(self, settings: dict[str, str]) -> None:
        """Clean up after the run that `prepare` made `settings` for."""
        ...


@functools.cache
def default_providers(runtime_dir: Path) -> dict[str, Provider]:
    """One set per workspace and process: every Runner of a watch session shares the server."""
    from persistence_drills.postgres import PostgresProvider

    return {"postgres": PostgresProvider(runtime_dir)}
