# mistake: from_dict restores the types but never checks that both ends of an edge are nodes
# expect: from_dict, given a last edge to 'Atlantis' (not in 'nodes'), built
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
        return {"nodes": sorted(self.nodes), "edges": [list(edge) for edge in self.edges]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        return cls(set(data["nodes"]), [tuple(edge) for edge in data["edges"]])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Graph:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
