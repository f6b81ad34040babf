# mistake: to_dict hands out the edges as tuples and leaves json.dumps to turn them into arrays,
# so to_dict does not give the documented plain data ([source, target, weight] lists)
# expect: each edge should be a [source, target, weight] list
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Edge = tuple[str, str, float]


@dataclass
class Graph:
    nodes: set[str] = field(default_factory=set)
    edges: list[Edge] = field(default_factory=list)

    def add_node(self, name: str) -> None:
        self.nodes.add(name)

    def add_edge(self, source: str, target: str, weight: float) -> None:
        for name in (source, target):
            if name not in self.nodes:
                raise ValueError(f"edge {source!r} -> {target!r}: unknown node {name!r}")
        self.edges.append((source, target, weight))

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": sorted(self.nodes), "edges": list(self.edges)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        nodes = set(data["nodes"])
        edges = [tuple(edge) for edge in data["edges"]]
        named = {name for source, target, _ in edges for name in (source, target)}
        if unknown := named - nodes:
            raise ValueError(f"edges name unknown nodes: {sorted(unknown)}")
        return cls(nodes, edges)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Graph:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
