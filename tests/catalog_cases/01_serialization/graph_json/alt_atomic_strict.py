# alternative: atomic save (temp file + os.replace) and a stricter from_dict that also checks the shape of every edge and that the weight is a number, raising ValueError otherwise.
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
import os
import tempfile

# An edge goes from a source node to a target node and carries a weight (a distance, a cost).
Edge = tuple[str, str, float]


def _check_edge(edge: Any, nodes: set[str]) -> Edge:
    if not isinstance(edge, list) or len(edge) != 3:
        raise ValueError(f"an edge should be [source, target, weight], got {edge!r}")
    source, target, weight = edge
    for name in (source, target):
        if name not in nodes:
            raise ValueError(f"edge {source!r} -> {target!r}: unknown node {name!r}")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        raise ValueError(f"edge {source!r} -> {target!r}: weight {weight!r} is not a number")
    return (source, target, weight)


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
        if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
            raise ValueError("graph data needs a 'nodes' list")
        nodes = set(data["nodes"])
        return cls(nodes, [_check_edge(edge, nodes) for edge in data.get("edges", [])])

    def save(self, path: Path) -> None:
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.to_dict(), f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: Path) -> Graph:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
