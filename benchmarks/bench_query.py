"""Query speed: the planner's index lookups against scanning every node, side by side.

    python benchmarks/bench_query.py [--claims N]

Builds a synthetic graph (N claims by 500 speakers over ten years, with topics and
documents), then times each query with the planner and with the planner forced to scan
the subject's nodes, in the same run, and prints both times and their ratio. Both ways
must return the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from unittest import mock

from eventgraph import EventGraph
from eventgraph.ids import content_id
from eventgraph.model import Claim, DateInterval, Document, Edge, Entity, Mention, Span, Topic
from eventgraph.query import compile_query
from eventgraph.query import execute as execute_module
from eventgraph.query.plan import Plan, Step

QUERIES = [
    "statements by Speaker 7",
    "statements by Speaker 7 about sanctions",
    "claims about energy in 2019",
    "statements by Speaker 7 between 2016-03 and 2016-06",
    "count claims by speaker about cyber",
]
TOPICS = ["sanctions", "energy", "cyber", "troops", "dialogue", "expansion", "trade", "climate"]


def build(claims: int, seed: int = 7) -> EventGraph:
    rng = random.Random(seed)
    graph = EventGraph()
    speakers = [Entity(f"person:speaker-{i}", "person", f"Speaker {i}", [f"Speaker {i}"]) for i in range(500)]
    for topic in TOPICS:
        graph.add(Topic(f"topic:{topic}", topic, [topic]))
    per_document = 50
    for first in range(0, claims, per_document):
        sentences = []
        chosen = []
        for number in range(first, min(claims, first + per_document)):
            speaker = rng.choice(speakers)
            topic = rng.choice(TOPICS)
            sentence = f"{speaker.name} said that {topic} matters number {number}."
            sentences.append(sentence)
            chosen.append((speaker, topic))
        text = " ".join(sentences)
        doc = Document(content_id("doc", text), f"doc-{first}.txt", text, f"Document {first}")
        graph.add(doc)
        offset = 0
        for sentence, (speaker, topic) in zip(sentences, chosen, strict=True):
            graph.add(speaker)
            mention = Mention(speaker.name, offset, offset + len(speaker.name))
            graph.link(Edge("mentions", doc.id, speaker.id, [doc.id], [mention], speaker.name))
            start = offset + sentence.index(topic)
            end = offset + len(sentence) - 1
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
            claim = Claim(
                content_id("claim", doc.id, start),
                doc.id,
                text[start:end],
                "reported",
                "say",
                Span(start, end),
                Span(offset, offset + len(sentence)),
                DateInterval.day(day),
            )
            graph.add(claim)
            graph.link(Edge("source", claim.id, doc.id, [doc.id]))
            graph.link(Edge("said", speaker.id, claim.id, [doc.id]))
            graph.link(Edge("about", claim.id, f"topic:{topic}", [doc.id]))
            offset += len(sentence) + 1
    return graph


def scanning(pred, domain):  # type: ignore[no-untyped-def]
    """A plan that ignores every index: scan the subject, then check each clause."""
    from eventgraph.query.predicates import AllOf

    clauses = pred.items if isinstance(pred, AllOf) else ([pred] if pred is not None else [])
    total = len(domain.nodes)
    return Plan(domain, pred, [Step("scan", None, total), *(Step("check", c, total) for c in clauses)])


def timed(query: str, graph: EventGraph, repeat: int) -> tuple[float, list[str]]:
    compiled = compile_query(query)
    rows: list[str] = []
    started = time.perf_counter()
    for _ in range(repeat):
        rows = [r.get("id") or str(r) for r in compiled.run(graph)]
    return (time.perf_counter() - started) / repeat, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    graph = build(args.claims)
    print(f"graph: {args.claims} claims, built in {time.perf_counter() - started:.1f} s")
    compile_query("claims by Speaker 1 about energy").run(graph)  # build the indexes, read the knowledge tables once
    print(f"{'query':55}  {'planned':>10}  {'scan':>10}  ratio")
    for query in QUERIES:
        planned, rows = timed(query, graph, args.repeat)
        with mock.patch.object(execute_module, "make_plan", scanning):
            scanned, scan_rows = timed(query, graph, args.repeat)
        assert rows == scan_rows, query
        print(f"{query:55}  {planned * 1000:8.1f}ms  {scanned * 1000:8.1f}ms  {scanned / planned:5.1f}x")


if __name__ == "__main__":
    main()
