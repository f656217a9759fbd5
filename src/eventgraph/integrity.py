"""What a saved graph's body must hold before a graph is built from it.

The codec checks each field's type; this checks the values against each other: node ids
are unique, facts point into documents that exist and their spans lie inside those
documents' texts, and edges join existing nodes of the kinds their kind allows. A saved
graph that breaks one of these rules is refused with the first violation named, before
any query could run on it. (``EventGraph.validate`` checks further invariants, such as
one speaker per claim, and reports all of them.)
"""

from __future__ import annotations

from collections.abc import Sequence

from eventgraph.codec import CodecError
from eventgraph.model import ALLOWED_EDGES, Claim, Document, Edge, Meeting, Node, Span, node_kind

__all__ = ["check_body"]


def check_body(nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
    """Raise ``CodecError`` naming the first value (``nodes[3].span``) that breaks a rule."""
    where: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.id in where:
            raise CodecError(f"nodes[{i}].id", f"{node.id!r} is also the id of nodes[{where[node.id]}]")
        where[node.id] = i
    for i, node in enumerate(nodes):
        if isinstance(node, (Claim, Meeting)):
            text = _document_text(nodes, where, node.document, f"nodes[{i}].document")
            _inside(node.span, text, f"nodes[{i}].span")
            if isinstance(node, Claim):
                _inside(node.sentence, text, f"nodes[{i}].sentence")
    for i, edge in enumerate(edges):
        ends = []
        for end, node_id in (("source", edge.source), ("target", edge.target)):
            if node_id not in where:
                raise CodecError(f"edges[{i}].{end}", f"{node_id!r} is not a node of the graph")
            ends.append(nodes[where[node_id]])
        sources, targets = ALLOWED_EDGES[edge.kind]
        kinds = node_kind(ends[0]), node_kind(ends[1])
        if kinds[0] not in sources or kinds[1] not in targets:
            raise CodecError(f"edges[{i}].kind", f"a {edge.kind} edge may not join a {kinds[0]} to a {kinds[1]}")
        for document in edge.documents:
            if not isinstance(_node(nodes, where, document), Document):
                raise CodecError(f"edges[{i}].documents", f"{document!r} is not a document of the graph")
        if isinstance(ends[0], Document):
            for k, mention in enumerate(edge.mentions):
                if mention.end > len(ends[0].text) or mention.start > mention.end or mention.start < 0:
                    raise CodecError(
                        f"edges[{i}].mentions[{k}]",
                        f"[{mention.start}, {mention.end}) is not inside its document ({len(ends[0].text)} characters)",
                    )


def _node(nodes: Sequence[Node], where: dict[str, int], node_id: str) -> Node | None:
    index = where.get(node_id)
    return nodes[index] if index is not None else None


def _document_text(nodes: Sequence[Node], where: dict[str, int], document: str, field: str) -> str:
    node = _node(nodes, where, document)
    if not isinstance(node, Document):
        raise CodecError(field, f"{document!r} is not a document of the graph")
    return node.text


def _inside(span: Span, text: str, field: str) -> None:
    if span.end > len(text):
        raise CodecError(
            field, f"[{span.start}, {span.end}) runs past the end of its document ({len(text)} characters)"
        )
