"""Providers for what a drill `requires` beyond Python (today: "postgres").

A provider prepares a requirement before a run and returns settings that the child's fixtures
read (e.g. where to create a fresh database); when it cannot, the drill is skipped with the
reason and the fix, and every other drill keeps working.
"""

from __future__ import annotations

from typing import Protocol


class Unavailable(Exception):
    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


class Provider(Protocol):
    def prepare(self) -> dict[str, str]:
        """Settings for the child's fixtures; raises Unavailable when it cannot be had."""
        ...


class NoPostgres:
    """Stands in until the runner can provide a PostgreSQL server."""

    def prepare(self) -> dict[str, str]:
        raise Unavailable(
            "This drill needs PostgreSQL, which this version of drills cannot provide yet.",
            "Move on with `drills next`; the drill stays pending.",
        )


def default_providers() -> dict[str, Provider]:
    return {"postgres": NoPostgres()}
