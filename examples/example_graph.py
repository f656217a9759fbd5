"""The graph the example scripts answer their questions from.

Each script takes an optional saved graph (``python examples/who_met_whom.py news.eg``,
for instance the ``examples/examples.eg`` that ``python3 tasks.py example`` writes);
without one it ingests the bundled corpus, which takes a few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventgraph import EventGraph

CORPUS = Path(__file__).resolve().parent / "corpus"


def example_graph(argv: Sequence[str]) -> EventGraph:
    """The saved graph named first in ``argv``, or the example corpus ingested."""
    if argv:
        return EventGraph.load(argv[0])
    from eventgraph.ingest import ingest

    graph, _ = ingest([CORPUS])
    return graph
