# mistake: from_dict only checks that the target of each edge is a node, not its source.
# expect: first edge comes from 'Atlantis' (not in 'nodes'), built
# expect: check both ends of every edge
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
        return {"nodes": sorted(self.nodes), "edges": [list(edge) for edge in self.edges]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        nodes = set(data["nodes"])
        edges = []
        for source, target, weight in data["edges"]:
            if target not in nodes:
                raise ValueError(f"edge {source!r} -> {target!r}: unknown target {target!r}")
            edges.append((source, target, weight))
        return cls(nodes, edges)

    def save(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f)

    @classmethod
    def load(cls, path: Path) -> Graph:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
