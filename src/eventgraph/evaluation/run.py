"""``evaluate``: score the extraction of a corpus against its gold file in one call."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eventgraph.errors import GoldError
from eventgraph.evaluation.gold import GoldProblem, GoldSet, load_gold
from eventgraph.evaluation.predictions import DocumentKeys, Predictions
from eventgraph.evaluation.report import Report
from eventgraph.evaluation.scoring import score

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["evaluate"]


def evaluate(
    gold: str | os.PathLike[str] | GoldSet,
    corpus: str | os.PathLike[str] | None = None,
    *,
    graph: EventGraph | str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    data: Sequence[str | os.PathLike[str]] = (),
) -> Report:
    """Score what eventgraph extracts from ``corpus`` against the gold file ``gold``.

    The corpus is ingested (with the extra knowledge files ``data``), unless ``graph``
    gives the graph already made of it (an ``EventGraph`` or a saved graph's path).
    ``today`` is the day relative dates count from, in the documents and in the gold
    queries (default: today). Returns a ``Report``: precision, recall and F1 per layer,
    every miss and false positive, and how each gold query was answered. A gold file
    that breaks the format, or that lists none of the graph's documents, raises
    ``GoldError`` listing each problem with its place.

    >>> report = evaluate("tests/data/gold/seeds.json", "examples/corpus")  # doctest: +SKIP
    >>> report["claims"].f1  # doctest: +SKIP
    0.96
    """
    gold_set = gold if isinstance(gold, GoldSet) else load_gold(gold)
    graph_given = graph
    errors: list[str] = []
    if graph is None:
        if corpus is None:
            raise TypeError("evaluate needs a corpus to ingest or a graph made of it")
        from eventgraph.ingest import ingest

        graph, ingested = ingest([corpus], data=data, today=today)
        errors.extend(f"{path}: {reason}" for path, reason in ingested.problems)
    elif not _is_graph(graph):
        from eventgraph.graph import EventGraph

        graph = EventGraph.load(graph)  # type: ignore[arg-type]
    predictions = Predictions.from_graph(graph, [q.q for q in gold_set.queries], today=today, data=data)  # type: ignore[arg-type]
    keys = DocumentKeys(gold_set, corpus, predictions.documents)
    if gold_set.documents and not any(keys.of(row) for row in predictions.documents):
        where = f"the corpus {corpus}" if graph_given is None else "the graph"
        message = f"none of the documents of {where} is a document of the gold file"
        raise GoldError(gold_set.path, [GoldProblem(gold_set.path, "$.documents", message)])
    return score(gold_set, predictions, keys, corpus=str(corpus or ""), errors=errors)


def _is_graph(value: object) -> bool:
    return not isinstance(value, str | Path | os.PathLike)
