# mistake: save writes str(self.to_dict()), Python's repr with single quotes, and load reads it back with ast.literal_eval, so the file is not JSON.
# expect: the file that save wrote is not JSON
# expect: write it with json.dumps or json.dump, not str()
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
import ast

# An edge goes from a source node to a target node and carries a weight (a distance, a cost).
Edge = tuple[str, str, float]


@dataclass
class Graph:
    nodes: set[str] = field(default_factory=set)
    edges: list[Edge] = field(default_factory=list)

    def add_node(self, name: str) -> None:
        self.nodes.add(name)

    def add_edge(self, source: str, target: str, weight: float) -> None:
        """Add a directed edge; both ends must already be nodes of the graph."""
        for name in (source, target):
            if name not in self.nodes:
                raise ValueError(f"edge {source!r} -> {target!r}: unknown node {name!r}")
        self.edges.append((source, target, weight))


    def to_dict(self) -> dict[str, Any]:
        return {"nodes": sorted(self.nodes), "edges": [list(edge) for edge in self.edges]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        nodes = set(data["nodes"])
        edges = []
        for source, target, weight in data["edges"]:
            if source not in nodes or target not in nodes:
                raise ValueError(f"edge {source!r} -> {target!r} names an unknown node")
            edges.append((source, target, weight))
        return cls(nodes, edges)

    def save(self, path: Path) -> None:
        Path(path).write_text(str(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Graph:
        return cls.from_dict(ast.literal_eval(Path(path).read_text(encoding="utf-8")))
