"""The drill list: a table with status and links, progress per phase, and the checkpoints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from persistence_drills.ui.console import bar, link

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Row:
    number: int
    phase: str
    name: str
    status: str  # done, failing (tried, not passing), pending (never run)
    path: Path
    relative: str
    is_current: bool


@dataclass(frozen=True)
class Checkpoint:
    name: str
    done: int
    total: int

    @property
    def ticked(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class PhaseProgress:
    phase: str
    done: int
    total: int


STATUS_STYLE = {"done": "green", "failing": "red", "pending": ""}


def render_list(
    out: Console | None,
    rows: Iterable[Row],
    phases: list[PhaseProgress],
    checkpoints: list[Checkpoint],
    interactive: bool,
) -> None:
    rows = list(rows)
    if not interactive:
        # Piped: a plain, stable table that other tools can cut and grep; the last column
        # says which drill is the current one.
        for row in rows:
            current = "current" if row.is_current else ""
            print(f"{row.number}\t{row.phase}\t{row.name}\t{row.status}\t{row.relative}\t{current}")
        return
    from rich.table import Table

    assert out is not None
    table = Table(box=None, pad_edge=False)
    for column in ("#", "phase", "drill", "status", "file"):
        table.add_column(column, justify="right" if column == "#" else "left")
    for row in rows:
        style = STATUS_STYLE[row.status]
        table.add_row(
            f"▶ {row.number}" if row.is_current else str(row.number),
            row.phase,
            row.name,
            f"[{style}]{row.status}[/]" if style else row.status,
            link(row.path, row.relative),
        )
    out.print(table)
    out.print()
    for phase in phases:
        out.print(f"{phase.phase:<18} {bar(phase.done, phase.total)} {phase.done}/{phase.total}")
    if checkpoints:
        out.print()
        for checkpoint in checkpoints:
            count = f"{checkpoint.done}/{checkpoint.total}"
            if checkpoint.ticked:
                out.print(f"[green]✓ {checkpoint.name}[/] {count}")
            else:
                out.print(f"☐ {checkpoint.name} [dim]{count}[/]")
