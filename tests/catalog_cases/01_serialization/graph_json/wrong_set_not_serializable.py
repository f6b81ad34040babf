# mistake: to_dict uses dataclasses.asdict, which keeps the set of nodes that JSON cannot hold
# expect: JSON has no sets
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
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
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        graph = cls()
        for name in data["nodes"]:
            graph.add_node(name)
        for source, target, weight in data["edges"]:
            graph.add_edge(source, target, weight)
        return graph

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict()), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Graph:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
