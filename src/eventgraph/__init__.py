"""eventgraph: news documents in, a typed graph of who said what, about what, when, and who met whom out.

>>> import eventgraph
>>> graph = eventgraph.ingest(["examples/corpus"])          # doctest: +SKIP
>>> graph.query("statements by Lavrov about expansion")      # doctest: +SKIP
"""

from eventgraph.errors import (
    DocumentError,
    EventGraphError,
    GoldError,
    GraphFormatError,
    IngestError,
    QueryError,
    ValidationError,
)
from eventgraph.graph import EventGraph
from eventgraph.model import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EntityKind,
    Meeting,
    Mention,
    NodeKind,
    Span,
    Topic,
)
from eventgraph.operations import install as _install_operations
from eventgraph.repl import repl  # a function: binding it here shadows the subpackage's name on purpose

_install_operations()  # the graph's query, subgraph, save, load and validate methods, from the layers above it

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``eventgraph.evaluate``, imported on first use: scoring and the gold schema cost a
    query nothing."""
    if name == "evaluate":
        from eventgraph.evaluation import evaluate

        globals()["evaluate"] = evaluate
        return evaluate
    raise AttributeError(f"module 'eventgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "evaluate"})


__all__ = [
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
