"""Questions about the example corpus typed as analysts type them (tests/data/phrasings.json),
each compared, on the graph ingestion makes of examples/corpus, with the canonical query it
means: at least 90% must parse and return the same rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from eventgraph import EventGraph
from eventgraph.errors import QueryError
from eventgraph.query import compile_query, read

SPEC = json.loads((Path(__file__).parent / "data" / "phrasings.json").read_text(encoding="utf-8"))
PHRASINGS: list[dict[str, str]] = SPEC["phrasings"]
AS_OF = dt.date.fromisoformat(SPEC["as_of"])
BAR = 0.9


def _identity(row: dict[str, Any]) -> tuple:
    """What a row is, whatever the statement that returned it."""
    kind = row["kind"]
    if kind == "count":
        return (kind, row["group"], row.get("subgroup"), row["count"])
    if kind == "pair":
        return (kind, row["a"]["id"], row["b"]["id"], row["meeting"])
    if kind == "step":
        return (kind, row["from"]["id"], row["via"]["id"], row["to"]["id"])
    if kind == "topic":
        return (kind, row["id"], row["claims"])
    return (kind, row["id"], row.get("meeting"), row.get("claim"))


def _compare(graph: EventGraph, typed: str, canonical: str) -> tuple[str | None, int]:
    """Why a phrasing does not give its canonical query's rows (None when it does), and how many rows."""
    try:
        expected = compile_query(canonical, today=AS_OF).run(graph)
    except QueryError as exc:
        return f"the canonical query fails: {exc.message}", 0
    try:
        got = compile_query(typed, today=AS_OF).run(graph)
    except QueryError as exc:
        return f"error: {exc.message}", len(expected)
    if [_identity(r) for r in got] != [_identity(r) for r in expected]:
        return f"{len(got)} rows (understood as {got.canonical!r}), the canonical query {len(expected)}", len(expected)
    return None, len(expected)


def test_the_phrasings_give_the_rows_of_their_canonical_queries(example_graph: EventGraph) -> None:
    outcomes = [(p, *_compare(example_graph, p["typed"], p["canonical"])) for p in PHRASINGS]
    failed = [f"  {p['typed']!r}: {why}" for p, why, _ in outcomes if why is not None]
    share = 1 - len(failed) / len(PHRASINGS)
    report = f"{len(PHRASINGS) - len(failed)} of {len(PHRASINGS)} phrasings pass ({share:.0%}):\n" + "\n".join(failed)
    assert share >= BAR, report
    answered = sum(1 for _, why, rows in outcomes if why is None and rows)
    assert answered >= BAR * len(PHRASINGS), "the comparisons must be on queries that find something"


def test_the_phrasings_are_not_the_canonical_queries_themselves() -> None:
    """Each phrasing is written otherwise: a question form, or a name or word read otherwise."""
    assert len(PHRASINGS) >= 60
    assert len({p["typed"] for p in PHRASINGS}) == len(PHRASINGS)
    same = [p["typed"] for p in PHRASINGS if compile_query(p["typed"], today=AS_OF).render() == p["canonical"]]
    phrased = [p["typed"] for p in PHRASINGS if read(p["typed"], today=AS_OF).phrased]
    assert len(phrased) >= len(PHRASINGS) // 2
    assert len(same) <= len(PHRASINGS) - 20, "at least 20 phrasings need names or words read, not only parsing"
