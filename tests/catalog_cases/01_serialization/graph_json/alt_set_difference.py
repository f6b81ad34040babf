# alternative: unsorted node list, set-difference validation that reports every unknown name, and Path.read_text/write_text with indented JSON.
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        return {
            "nodes": list(self.nodes),
            "edges": [[source, target, weight] for source, target, weight in self.edges],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        nodes = set(data["nodes"])
        edges = [(source, target, weight) for source, target, weight in data["edges"]]
        unknown = {name for source, target, _ in edges for name in (source, target)} - nodes
        if unknown:
            raise ValueError(f"edges name unknown node(s): {sorted(unknown)}")
        return cls(nodes, edges)

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Graph:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
