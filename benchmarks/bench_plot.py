"""Picture speed: seconds and bytes to draw each kind of picture, as PNG, SVG and HTML.

    python benchmarks/bench_plot.py [--claims N] [--meetings M]

Builds the synthetic graph of ``bench_query.py`` (N claims by 500 speakers over ten
years) with M meetings of two to four of the speakers, then draws a timeline of every
claim, a network of every meeting, and charts of claims by month and by speaker, in each
file format, into a temporary folder. Prints one JSON object: per picture the query,
its rows, and per format the seconds taken and the bytes written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from bench_query import build

from eventgraph import EventGraph
from eventgraph.ids import content_id
from eventgraph.model import DateInterval, Document, Edge, Entity, Meeting, Span
from eventgraph.plot import FORMATS, plot

PICTURES = [
    ("timeline", "claims", None),
    ("network", "meetings", "network"),
    ("counts by month", "count claims by month", None),
    ("counts by speaker", "count claims by speaker", None),
]


def add_meetings(graph: EventGraph, meetings: int, seed: int = 11) -> None:
    """``meetings`` meetings of two to four speakers, one sentence each, fifty to a document."""
    rng = random.Random(seed)
    speakers = [e for e in graph.entities("person")]
    for first in range(0, meetings, 50):
        chosen = [rng.sample(speakers, rng.randint(2, 4)) for _ in range(first, min(meetings, first + 50))]
        sentences = [
            " and ".join(e.name for e in people) + f" met in the capital, meeting {n}."
            for n, people in enumerate(chosen, first)
        ]
        text = " ".join(sentences)
        document = Document(content_id("doc", text), f"meetings-{first}.txt", text, f"Meetings {first}")
        graph.add(document)
        offset = 0
        for sentence, people in zip(sentences, chosen, strict=True):
            span = Span(offset, offset + len(sentence))
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
            meeting = Meeting(content_id("meeting", document.id, offset), document.id, "talks", span, sentence,
                              DateInterval.day(day))  # fmt: skip
            graph.add(meeting)
            graph.link(Edge("source", meeting.id, document.id, [document.id]))
            for person in people:
                assert isinstance(person, Entity)
                graph.link(Edge("participant", person.id, meeting.id, [document.id]))
            offset += len(sentence) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--meetings", type=int, default=1000)
    args = parser.parse_args()
    graph = build(args.claims)
    add_meetings(graph, args.meetings)
    results: dict[str, object] = {"claims": args.claims, "meetings": args.meetings}
    with tempfile.TemporaryDirectory() as folder:
        for name, query, kind in PICTURES:
            started = time.perf_counter()
            result = graph.query(query)
            entry: dict[str, object] = {"query": query, "rows": len(result), "query seconds": 0.0}
            entry["query seconds"] = round(time.perf_counter() - started, 3)
            for suffix in FORMATS:
                target = Path(folder) / f"{name.replace(' ', '-')}{suffix}"
                started = time.perf_counter()
                plot(result, target, kind=kind)
                entry[suffix[1:]] = {
                    "seconds": round(time.perf_counter() - started, 3),
                    "bytes": target.stat().st_size,
                }
            results[name] = entry
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
