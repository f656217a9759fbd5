"""Dependencies point one way: the graph is a container that imports nothing built on it.

Every import counts, at the top of a module, inside a function or under
``TYPE_CHECKING``: each is a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eventgraph

PACKAGE = Path(eventgraph.__file__).resolve().parent

BOTTOM = [
    "model",
    "ids",
    "display",
    "errors",
    "merging",
    "documents",
    "codec",
    "collection",
    "packed",
    "index",
    "graph",
]
"""The container and what it is made of: they import only one another."""

ABOVE_THE_GRAPH = ("eventgraph.query", "eventgraph.store", "eventgraph.validate")


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "eventgraph" or name.startswith("eventgraph.")}


def test_the_graph_imports_nothing_from_the_query_language_the_store_or_the_validator() -> None:
    imported = _imports("graph")
    assert imported, "the import reader found no imports at all"
    offending = sorted(name for name in imported if name.startswith(ABOVE_THE_GRAPH))
    assert offending == []


@pytest.mark.parametrize("module", BOTTOM)
def test_the_bottom_layer_imports_only_the_bottom_layer(module: str) -> None:
    allowed = {f"eventgraph.{m}" for m in BOTTOM}
    outside = sorted(
        name for name in _imports(module) if not any(name == a or name.startswith(a + ".") for a in allowed)
    )
    assert outside == [], f"eventgraph.{module} imports from above the container"


def test_the_graphs_convenience_methods_still_work(tmp_path: Path) -> None:
    from golden.build import golden_graph

    graph = golden_graph()
    assert len(graph.query("claims by Lavrov")) == 2
    assert graph.validate() == []
    graph.save(tmp_path / "g.eg")
    assert eventgraph.EventGraph.load(tmp_path / "g.eg") == graph
    assert graph.subgraph("claims by Lavrov").stats()["claim"] == 2


def test_only_the_graphs_own_operations_can_be_supplied() -> None:
    from eventgraph.graph import provide_operations

    with pytest.raises(TypeError, match="not graph operations: pagerank"):
        provide_operations(pagerank=lambda graph: None)


def test_the_public_api_is_frozen() -> None:
    assert eventgraph.__all__ == [
        "Claim",
        "DateInterval",
        "Document",
        "DocumentError",
        "Edge",
        "EdgeKind",
        "Entity",
        "EntityKind",
        "EventGraph",
        "EventGraphError",
        "GoldError",
        "GraphFormatError",
        "IngestError",
        "Meeting",
        "Mention",
        "NodeKind",
        "QueryError",
        "Span",
        "Topic",
        "ValidationError",
        "__version__",
        "evaluate",
        "repl",
    ]
