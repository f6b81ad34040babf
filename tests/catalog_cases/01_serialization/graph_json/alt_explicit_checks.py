# alternative: from_dict checks each edge itself and builds the dataclass directly; json.dump/json.load on file objects
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
        return {"nodes": list(self.nodes), "edges": [list(edge) for edge in self.edges]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        nodes = set(data["nodes"])
        edges: list[Edge] = []
        for source, target, weight in data["edges"]:
            for name in (source, target):
                if name not in nodes:
                    raise ValueError(f"edge {source!r} -> {target!r}: unknown node {name!r}")
            edges.append((source, target, weight))
        return cls(nodes=nodes, edges=edges)

    def save(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as file:
            json.dump(self.to_dict(), file)

    @classmethod
    def load(cls, path: Path) -> Graph:
        with path.open(encoding="utf-8") as file:
            return cls.from_dict(json.load(file))
