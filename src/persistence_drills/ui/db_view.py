"""What a run left behind, drawn: each database's tables as rich tables, then the other files."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from persistence_drills.leftovers import Database, Leftovers, TableContents, WrittenFile
from persistence_drills.ui.verdict_view import Indented

CELL = 40  # characters of a value shown in a cell


def render_leftovers(found: Leftovers) -> RenderableType:
    parts: list[RenderableType] = []
    if found.folder is not None:
        where = f"The last run of {found.drill.name} worked in {found.folder}"
        parts.append(Text(where, style="dim"))
    for database in found.databases:
        parts += _database(database)
    if found.files:
        parts.append(Text("\nFiles", style="bold"))
        parts += [_file(written) for written in found.files]
    parts += [Indented(Text("\n" + note, style="yellow"), 0) for note in found.notes]
    return Group(*parts)


def _database(database: Database) -> list[RenderableType]:
    kind = "SQLite file" if database.kind == "sqlite" else "PostgreSQL database"
    made = _made_by(database.check, database.check_failed)
    parts: list[RenderableType] = [
        Text.from_markup(f"\n[bold]{kind}[/] {escape(database.where)}{made}")
    ]
    if database.problem:
        parts.append(Text(f"  {database.problem}", style="yellow"))
    elif not database.tables:
        parts.append(Text("  no tables", style="dim"))
    for table in database.tables:
        parts += _table(table)
    return parts


def _table(table: TableContents) -> list[RenderableType]:
    rows = "row" if table.count == 1 else "rows"
    columns = ", ".join(
        f"{c.name} {c.type}".strip()
        + (" PRIMARY KEY" if c.primary_key else "")
        + (" NOT NULL" if c.not_null and not c.primary_key else "")
        + (f" DEFAULT {c.default}" if c.default is not None else "")
        for c in table.columns
    )
    parts: list[RenderableType] = [
        Text.from_markup(f"\n  [bold]{escape(table.name)}[/] ({table.count} {rows})"),
        Indented(Text(f"columns: {columns}", style="dim"), 4),
    ]
    parts += [Indented(Text(constraint, style="dim"), 4) for constraint in table.constraints]
    if table.first_rows:
        grid = Table(*(c.name for c in table.columns), box=None, padding=(0, 1), show_edge=False)
        for row in table.first_rows:
            grid.add_row(*(_cell(value) for value in row))
        parts.append(Indented(grid, 4))
        if table.count > len(table.first_rows):
            more = table.count - len(table.first_rows)
            parts.append(Indented(Text(f"… and {more} more", style="dim"), 4))
    return parts


def _made_by(check: str, failed: bool) -> str:
    if not check:
        return ""
    if failed:
        return f"  [dim](made by[/] [red]{escape(check)}[/][dim], which failed)[/]"
    return f"  [dim](made by {escape(check)})[/]"


def _cell(value: object) -> Text:
    shown = "NULL" if value is None else repr(value) if isinstance(value, bytes) else str(value)
    if len(shown) > CELL:
        shown = shown[: CELL - 1] + "…"
    return Text(shown, style="dim" if value is None else "")


def _file(written: WrittenFile) -> RenderableType:
    made = _made_by(written.check, written.check_failed)
    return Group(
        Text.from_markup(f"  [bold]{escape(written.path)}[/] ({written.size} bytes){made}"),
        Indented(Text(written.preview, style="dim"), 4),
    )
