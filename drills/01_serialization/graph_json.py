"""A weighted graph to JSON and back.

`Graph` holds a set of node names and a list of directed, weighted edges, each edge a tuple
`(source, target, weight)`. Give it a JSON format of its own:

- `to_dict()` returns the graph as plain JSON data (dicts, lists, strings, numbers: what
  `json.loads` would give back), shaped like this:
      {"nodes": ["Berlin", "Paris"], "edges": [["Paris", "Berlin", 8.5]]}
  (nodes in any order; every edge a [source, target, weight] list, in the graph's own order).
- The classmethod `Graph.from_dict(data)` does the reverse and returns a Graph whose nodes are
  a set and whose edges are tuples again. It raises `ValueError` if an edge names a node that
  is not in "nodes".
- `save(path)` writes `to_dict()` as JSON to the file at `path`; the classmethod
  `Graph.load(path)` reads such a file back through `from_dict`.

Real data rarely maps one-to-one onto JSON. JSON has no sets (`json.dumps` refuses them) and no
tuples (they are written as arrays and come back as lists), so `to_dict` and `from_dict` are
where you translate between your types and JSON's. They are also where you guard your
invariants: a file may have been edited by hand or written by a buggy program, and an edge to
a node that does not exist must be stopped at the door, not discovered later deep in a path
search.

Concept: custom serialization through to_dict/from_dict; restoring types JSON cannot hold;
validating on load.

Done when: `Graph.load(path)` after `graph.save(path)` gives a graph equal to the saved one
(every node, even one without edges; every edge with its weight, in the same order, two
identical edges included), the loaded nodes are a set and its edges tuples, the example above
works both ways, and data with an edge from or to an unknown node is refused with `ValueError`.
"""

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
        """Return {"nodes": [name, ...], "edges": [[source, target, weight], ...]}."""
        # TODO: JSON has no sets: give the nodes as a list (sorted() keeps the file stable).
        # TODO: give each edge as a [source, target, weight] list, keeping their order.
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        """Build a Graph from data shaped like to_dict's; ValueError for an unknown node."""
        # TODO: rebuild the set of nodes and turn every edge back into a tuple.
        # TODO: refuse (ValueError) an edge whose source or target is not a node.
        raise NotImplementedError

    def save(self, path: Path) -> None:
        """Write the graph to the file at `path` as JSON."""
        # TODO: write json of to_dict() to the file.
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> Graph:
        """Read a graph written by save()."""
        # TODO: read the JSON from the file and build the Graph with from_dict.
        raise NotImplementedError


# --- checks: these run on every save; do not edit below ---
import json
from collections.abc import Callable

import pytest


def routes() -> Graph:
    """Train routes in hours, added in no sorted order; two identical night trains run from
    Berlin to Vienna, and Lisbon has no route yet."""
    graph = Graph()
    for city in ("Amsterdam", "Berlin", "Paris", "Vienna", "Lisbon"):
        graph.add_node(city)
    graph.add_edge("Paris", "Amsterdam", 3.25)
    graph.add_edge("Berlin", "Vienna", 8.75)
    graph.add_edge("Amsterdam", "Berlin", 6.25)
    graph.add_edge("Berlin", "Vienna", 8.75)
    graph.add_edge("Berlin", "Amsterdam", 6.5)
    return graph


def saved_and_loaded(graph: Graph, tmp_path: Path) -> Graph:
    path = tmp_path / "graph.json"
    graph.save(path)
    try:
        return Graph.load(path)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"Graph.load could not read the file that save wrote ({error}): save should write "
            "JSON (json.dumps or json.dump) and load read it with json.loads or json.load"
        ) from error


def refused(action: str, call: Callable[[], Graph], fix: str) -> None:
    """Fail unless `call()` raises ValueError."""
    try:
        graph = call()
    except ValueError:
        return
    except Exception as error:
        raise AssertionError(
            f"{action} raised {type(error).__name__} ({error}): it should raise ValueError"
        ) from error
    pytest.fail(f"{action} built {graph}: {fix}")


def test_to_dict_gives_plain_json_data() -> None:
    graph = routes()
    data = graph.to_dict()
    try:
        text = json.dumps(data)
    except TypeError as error:
        pytest.fail(f"json.dumps(graph.to_dict()) failed: {error}. JSON has no sets: use a list")
    assert isinstance(data, dict) and set(data) == {"nodes", "edges"}, (
        f"to_dict should return a dict with the keys 'nodes' and 'edges', not {data!r}"
    )
    assert sorted(data["nodes"]) == sorted(graph.nodes), (
        f"'nodes' should list every node name, found {data['nodes']}"
    )
    assert all(isinstance(edge, list) for edge in data["edges"]), (
        f"each edge should be a [source, target, weight] list, found {data['edges']}: json.loads "
        "gives lists back, so to_dict should hand out lists too (and not the graph's own tuples)"
    )
    assert all(len(edge) == 3 for edge in data["edges"]), (
        f"each edge should be written as a [source, target, weight] list, found {data['edges']}"
    )
    assert data == json.loads(text), (
        "to_dict should return plain JSON data, equal to what json.loads gives back for it"
    )
    assert data["edges"] == [list(edge) for edge in graph.edges], (
        f"'edges' should hold one [source, target, weight] list per edge, in the graph's own "
        f"order, found {data['edges']}"
    )


def test_save_writes_the_to_dict_data_as_json(tmp_path: Path) -> None:
    graph = routes()
    path = tmp_path / "graph.json"
    graph.save(path)
    text = path.read_text(encoding="utf-8")
    try:
        in_file = json.loads(text)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"the file that save wrote is not JSON ({error}); it starts {text[:40]!r}: "
            "write it with json.dumps or json.dump, not str()"
        ) from error
    assert in_file == json.loads(json.dumps(graph.to_dict())), (
        "the file should hold exactly to_dict() as JSON"
    )


def test_every_node_and_edge_survives(tmp_path: Path) -> None:
    loaded = saved_and_loaded(routes(), tmp_path)
    assert "Lisbon" in loaded.nodes, (
        "Lisbon, a node without edges, was lost: take the nodes from 'nodes', not from the edges"
    )
    assert len(loaded.nodes) == 5, f"5 nodes were saved, {len(loaded.nodes)} came back"
    assert len(loaded.edges) == 5, (
        f"5 edges were saved, two of them identical (Berlin to Vienna, 8.75 hours), and "
        f"{len(loaded.edges)} came back: keep every edge, do not pass them through a set"
    )


def test_edge_weights_survive(tmp_path: Path) -> None:
    loaded = saved_and_loaded(routes(), tmp_path)
    assert sorted(tuple(edge) for edge in loaded.edges) == sorted(routes().edges), (
        f"every edge should keep its own weight, found {loaded.edges}"
    )


def test_edges_keep_their_order(tmp_path: Path) -> None:
    graph = routes()
    loaded = saved_and_loaded(graph, tmp_path)
    assert [tuple(edge) for edge in loaded.edges] == graph.edges, (
        f"the edges were saved in the order {graph.edges} and came back as {loaded.edges}: "
        "keep the graph's own order of edges (sort the nodes if you like, never the edges)"
    )


def test_edges_come_back_as_tuples(tmp_path: Path) -> None:
    loaded = saved_and_loaded(routes(), tmp_path)
    kinds = {type(edge).__name__ for edge in loaded.edges}
    assert kinds == {"tuple"}, (
        f"edges came back as {kinds}: JSON turns tuples into lists, so turn each edge "
        "back into a (source, target, weight) tuple in from_dict"
    )


def test_nodes_come_back_as_a_set(tmp_path: Path) -> None:
    loaded = saved_and_loaded(routes(), tmp_path)
    assert isinstance(loaded.nodes, set), (
        f"nodes came back as a {type(loaded.nodes).__name__}: turn the JSON list back into a set"
    )


def test_load_gives_back_an_equal_graph(tmp_path: Path) -> None:
    graph = routes()
    loaded = saved_and_loaded(graph, tmp_path)
    assert isinstance(loaded, Graph), f"Graph.load returned a {type(loaded).__name__}"
    assert loaded == graph, "Graph.load(path) after graph.save(path) should give an equal graph"
    assert Graph.from_dict(graph.to_dict()) == graph, (
        "Graph.from_dict(graph.to_dict()) should give an equal graph"
    )


def test_an_empty_graph_round_trips(tmp_path: Path) -> None:
    assert saved_and_loaded(Graph(), tmp_path) == Graph()


def test_the_example_from_the_docstring() -> None:
    data = {"nodes": ["Berlin", "Paris"], "edges": [["Paris", "Berlin", 8.5]]}
    graph = Graph.from_dict(data)
    expected = Graph({"Berlin", "Paris"}, [("Paris", "Berlin", 8.5)])
    assert graph == expected, f"Graph.from_dict({data}) gave {graph}, not {expected}"
    back = graph.to_dict()
    assert sorted(back["nodes"]) == ["Berlin", "Paris"] and back["edges"] == data["edges"], (
        f"to_dict of that graph gave {back}, not {data} (nodes in any order)"
    )


def test_an_edge_to_an_unknown_node_is_refused() -> None:
    data = {
        "nodes": ["Amsterdam", "Berlin"],
        "edges": [["Amsterdam", "Berlin", 6.25], ["Amsterdam", "Atlantis", 2.0]],
    }
    refused(
        "from_dict, given a last edge to 'Atlantis' (not in 'nodes'),",
        lambda: Graph.from_dict(data),
        "it should raise ValueError",
    )


def test_a_file_with_an_edge_from_an_unknown_node_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{"nodes": ["Paris", "Amsterdam"], '
        '"edges": [["Atlantis", "Paris", 1.5], ["Paris", "Amsterdam", 3.25]]}',
        encoding="utf-8",
    )
    refused(
        "Graph.load, given a file whose first edge comes from 'Atlantis' (not in 'nodes'),",
        lambda: Graph.load(path),
        "check both ends of every edge, and raise ValueError",
    )
