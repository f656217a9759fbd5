"""Build the golden event graph from ``graph.json`` with ``EventGraph.add`` and ``link``.

Facts name their text by its words; spans are found in the document, so the file stays
readable and every span is right by construction.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import Any

from eventgraph import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EventGraph,
    Meeting,
    Mention,
    Span,
    Topic,
)

HERE = Path(__file__).resolve().parent
SPEC = HERE / "graph.json"

_SENTENCE = re.compile(r"\S.*?[.!?][\"”]?(?=\s|$)", re.S)


def _interval(pair: list[str] | None) -> DateInterval | None:
    if pair is None:
        return None
    return DateInterval(dt.date.fromisoformat(pair[0]), dt.date.fromisoformat(pair[1]))


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words))


def _sentence(text: str, span: Span) -> Span:
    for match in _SENTENCE.finditer(text):
        if match.start() <= span.start and span.end <= match.end():
            return Span(match.start(), match.end())
    raise ValueError(f"no sentence holds {span}")


def _mentions(text: str, surfaces: list[str]) -> list[Mention]:
    found = []
    for surface in surfaces:
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            found.append(Mention(surface, match.start(), match.end()))
    return found


def build_graph(spec: dict[str, Any]) -> EventGraph:
    """An EventGraph holding exactly the facts the spec describes."""
    graph = EventGraph()
    texts: dict[str, str] = {}
    for d in spec["documents"]:
        texts[d["id"]] = d["text"]
        graph.add(Document(d["id"], d["path"], d["text"], d["title"], _interval(d["published"])))
    for e in spec["entities"]:
        graph.add(Entity(e["id"], e["kind"], e["name"], e["surfaces"]))
    for t in spec["topics"]:
        graph.add(Topic(t["id"], t["label"], t["signals"]))
    for e in spec["entities"]:
        for doc_id, text in texts.items():
            if "documents" in e and doc_id not in e["documents"]:
                continue
            mentions = _mentions(text, e["surfaces"])
            if mentions:
                graph.link(Edge(EdgeKind.MENTIONS, doc_id, e["id"], (doc_id,), mentions, name=e["name"]))
    for person, group, title, doc_id in spec["roles"]:
        graph.link(Edge(EdgeKind.ROLE, person, group, (doc_id,), title=title))
    for inner, outer in spec["located_in"]:
        graph.link(Edge(EdgeKind.LOCATED_IN, inner, outer))
    for m in spec["meetings"]:
        doc_id = m["document"]
        span = _span(texts[doc_id], m["text"])
        meeting = Meeting(m["id"], doc_id, m["kind"], span, m["text"], _interval(m["date"]), m.get("status", "held"))
        graph.add(meeting)
        graph.link(Edge(EdgeKind.SOURCE, m["id"], doc_id, (doc_id,)))
        for party in m["participants"]:
            graph.link(Edge(EdgeKind.PARTICIPANT, party, m["id"], (doc_id,)))
        for organisation in m.get("convened_by", []):
            graph.link(Edge(EdgeKind.CONVENED_BY, m["id"], organisation, (doc_id,)))
        if m.get("held_in"):
            graph.link(Edge(EdgeKind.HELD_IN, m["id"], m["held_in"], (doc_id,)))
    for c in spec["claims"]:
        doc_id = c["document"]
        text = texts[doc_id]
        span = _span(text, c["text"])
        claim = Claim(
            c["id"],
            doc_id,
            c["text"],
            c["form"],
            c["cue"],
            span,
            _sentence(text, span),
            _interval(c["date"]),
            _interval(c.get("period")),
        )
        graph.add(claim)
        graph.link(Edge(EdgeKind.SOURCE, c["id"], doc_id, (doc_id,)))
        if c["speaker"]:
            graph.link(Edge(EdgeKind.SAID, c["speaker"], c["id"], (doc_id,)))
        for target in [*c.get("topics", []), *c.get("about", [])]:
            graph.link(Edge(EdgeKind.ABOUT, c["id"], target, (doc_id,)))
    return graph


@functools.cache
def golden_spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def golden_graph() -> EventGraph:
    """A fresh copy of the golden graph (callers may change it)."""
    return _golden().copy()


@functools.cache
def _golden() -> EventGraph:
    return build_graph(golden_spec())


EXAMPLE = HERE.parents[1] / "examples" / "newsroom.eg"
"""The golden graph saved with the examples, so the documentation's row counts can be
checked by anyone: ``eventgraph query examples/newsroom.eg "claims about expansion"``."""


if __name__ == "__main__":  # python tests/golden/build.py: write the example graph anew
    golden_graph().save(EXAMPLE)
    print(f"wrote {EXAMPLE}")
