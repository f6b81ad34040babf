"""A drill file's two parts: the learner's code and the shipped checks below the separator."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from persistence_drills.workspace import SEPARATOR


@dataclass(frozen=True)
class DrillSource:
    text: str
    # 1-based line number of the separator, or None when the separator is gone.
    separator_line: int | None

    @property
    def checks(self) -> str | None:
        """The separator line and everything below it, exactly as in the file."""
        if self.separator_line is None:
            return None
        lines = self.text.splitlines(keepends=True)
        return "".join(lines[self.separator_line - 1 :])

    @property
    def code(self) -> str:
        if self.separator_line is None:
            return self.text
        return "".join(self.text.splitlines(keepends=True)[: self.separator_line - 1])

    def line(self, number: int) -> str:
        """Line `number` (1-based) without its line ending, or "" past the end."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def is_learner_line(self, line: int) -> bool:
        return self.separator_line is None or line < self.separator_line


def split_drill(text: str) -> DrillSource:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip() == SEPARATOR:
            return DrillSource(text, number)
    return DrillSource(text, None)


@functools.lru_cache(maxsize=64)
def check_names(checks: str) -> tuple[str, ...]:
    """Names of the top-level `test_*` functions of a checks section."""
    tree = ast.parse(checks)
    return tuple(
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    )
