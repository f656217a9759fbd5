"""The body of a saved graph as named sections: arrays, JSON lists and records side by side.

A body starts with its manifest's length (8 bytes, little-endian) and the manifest (JSON:
each section's type, offset and size, and the names behind the kind codes), then the
sections, each at an offset that is a multiple of 8 so arrays are read in place:

- ``ids``: the node ids, sorted (JSON list); a node's number is its place here;
- ``kinds``: a node kind code per node; ``node_at``/``node_records``: each node's record
  (its JSON, as the codec writes it) and where it starts;
- ``edge_source``/``edge_target``/``edge_kind``: each edge's ends and kind, edges sorted by
  source id, target id, kind and title; ``edge_at``/``edge_records``: each edge's record;
- ``fact_document``: the document number of each claim and meeting (-1 for other nodes);
- ``claims_order``/``claims_start``/``claims_end`` (and the same for meetings): the facts
  in the order results list them (document path, position, id) with first and last day
  numbers; ``claims_quote`` marks direct quotes;
- ``vocabulary``/``word_at``/``word_claims``: the words of claim texts and the claims
  (by place in that order) holding each.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from eventgraph.codec import edge_to_dict, node_to_dict
from eventgraph.columns import NO_DAY
from eventgraph.errors import GraphFormatError
from eventgraph.model import Claim, Document, Meeting, node_kind
from eventgraph.packed import EDGE_KINDS, FAMILIES, NODE_KINDS
from eventgraph.words import text_words

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["body_parts", "pack", "read_sections", "write_body"]

_ARRAYS = {
    "kinds": "u1",
    "node_at": "<i8",
    "edge_source": "<i4",
    "edge_target": "<i4",
    "edge_kind": "u1",
    "edge_at": "<i8",
    "fact_document": "<i4",
    "word_at": "<i8",
    "word_claims": "<i4",
    **{f"{family}_{column}": "<i4" for family in FAMILIES for column in ("order", "start", "end")},
    "claims_quote": "u1",
}
_JSON = ("ids", "vocabulary")
_BYTES = ("node_records", "edge_records")


def pack(graph: EventGraph) -> dict[str, Any]:
    """The sections of a graph's body."""
    nodes = list(graph.nodes())  # in id order
    ids = [n.id for n in nodes]
    number = {node_id: i for i, node_id in enumerate(ids)}
    edges = sorted(graph.edges(), key=lambda e: (e.source, e.target, e.kind.value, e.title or ""))
    node_records, node_at = _records(node_to_dict(n) for n in nodes)
    edge_records, edge_at = _records(edge_to_dict(e) for e in edges)
    kind_code = {kind: code for code, kind in enumerate(NODE_KINDS)}
    sections: dict[str, Any] = {
        "ids": ids,
        "kinds": np.array([kind_code[node_kind(n)] for n in nodes], dtype=np.uint8),
        "node_at": node_at,
        "node_records": node_records,
        "edge_source": np.array([number[e.source] for e in edges], dtype=np.int32),
        "edge_target": np.array([number[e.target] for e in edges], dtype=np.int32),
        "edge_kind": np.array([EDGE_KINDS.index(e.kind) for e in edges], dtype=np.uint8),
        "edge_at": edge_at,
        "edge_records": edge_records,
        "fact_document": np.array(
            [number.get(n.document, -1) if isinstance(n, (Claim, Meeting)) else -1 for n in nodes], dtype=np.int32
        ),
    }
    paths = {n.id: n.path for n in nodes if isinstance(n, Document)}
    for family, cls in zip(FAMILIES, (Claim, Meeting), strict=True):
        facts = sorted(
            (n for n in nodes if isinstance(n, cls)), key=lambda n: (paths.get(n.document, ""), n.span.start, n.id)
        )
        sections[f"{family}_order"] = np.array([number[n.id] for n in facts], dtype=np.int32)
        sections[f"{family}_start"] = np.array(
            [n.date.start.toordinal() if n.date else NO_DAY for n in facts], dtype=np.int32
        )
        sections[f"{family}_end"] = np.array(
            [n.date.end.toordinal() if n.date else NO_DAY for n in facts], dtype=np.int32
        )
        if family == "claims":
            sections["claims_quote"] = np.array([n.form == "quote" for n in facts], dtype=np.uint8)
            sections.update(_words([n.text for n in facts]))
    return sections


def _records(values: Any) -> tuple[bytearray, np.ndarray]:
    """The records side by side, and where each starts (one buffer, not one object per record)."""
    records = bytearray()
    ends = [0]
    for value in values:
        records += orjson.dumps(value)
        ends.append(len(records))
    return records, np.array(ends, dtype=np.int64)


def _words(texts: list[str]) -> dict[str, Any]:
    holders: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts):
        for word in set(text_words(text)):
            holders[word].append(number)
    vocabulary = sorted(holders)
    at = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum([len(holders[w]) for w in vocabulary], out=at[1:])
    claims = np.fromiter((n for w in vocabulary for n in holders[w]), dtype=np.int32, count=int(at[-1]))
    return {"vocabulary": vocabulary, "word_at": at, "word_claims": claims}


def write_body(sections: dict[str, Any]) -> bytes:
    """The body's bytes: manifest length, manifest, then each section 8-byte aligned."""
    return b"".join(body_parts(sections))


def body_parts(sections: dict[str, Any]) -> list[bytes | memoryview]:
    """The body in parts, in order (a large body is written part by part, never copied whole)."""
    blobs: list[tuple[str, str, bytes | bytearray | memoryview]] = []
    for name, value in sections.items():
        if name in _JSON:
            blobs.append((name, "json", orjson.dumps(value)))
        elif name in _BYTES:
            blobs.append((name, "bytes", value))
        else:
            array = np.ascontiguousarray(value, dtype=_ARRAYS[name])
            blobs.append((name, _ARRAYS[name], memoryview(array).cast("B")))
    layout: dict[str, list[Any]] = {}
    offset = 0
    for name, kind, blob in blobs:
        layout[name] = [kind, offset, len(blob)]
        offset += _padded(len(blob))
    manifest = orjson.dumps(
        {"sections": layout, "node_kinds": [k.value for k in NODE_KINDS], "edge_kinds": [k.value for k in EDGE_KINDS]}
    )
    head = struct.pack("<Q", len(manifest)) + manifest
    parts: list[bytes | memoryview] = [head + bytes(_padded(len(head)) - len(head))]
    for _, _, blob in blobs:
        parts.append(memoryview(blob))
        if len(blob) % 8:
            parts.append(bytes(_padded(len(blob)) - len(blob)))
    return parts


def _padded(size: int) -> int:
    return (size + 7) // 8 * 8


def read_sections(body: Any, source: object) -> dict[str, Any]:
    """The sections of a body (a buffer: bytes or a memory map), arrays read in place.

    The body's checksum has been checked: what is left to refuse is a body written by
    hand, whose manifest does not describe it."""
    view = memoryview(body)
    if len(view) < 8:
        raise GraphFormatError(source, "corrupted: the body is too short to hold its manifest")
    (length,) = struct.unpack_from("<Q", view, 0)
    try:
        manifest = orjson.loads(view[8 : 8 + length])
        start = _padded(8 + length)
        names = manifest["sections"]
        node_kinds, edge_kinds = manifest["node_kinds"], manifest["edge_kinds"]
        sections: dict[str, Any] = {}
        for name, (kind, offset, size) in names.items():
            begin = start + offset
            if begin < start or size < 0 or begin + size > len(view):
                raise GraphFormatError(source, f"corrupted: section {name!r} lies outside the body")
            if kind == "json":
                sections[name] = orjson.loads(view[begin : begin + size])
            elif kind == "bytes":
                sections[name] = view[begin : begin + size]
            else:
                dtype = np.dtype(kind)
                sections[name] = np.frombuffer(view, dtype=dtype, count=size // dtype.itemsize, offset=begin)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, GraphFormatError):
            raise
        raise GraphFormatError(source, f"corrupted: the body's manifest cannot be read ({exc})") from None
    missing = sorted(({*_ARRAYS, *_JSON, *_BYTES} - {"vocabulary", "word_at", "word_claims"}) - set(sections))
    if missing:
        raise GraphFormatError(source, f"corrupted: the body lacks the sections {', '.join(missing)}")
    if not isinstance(sections["ids"], list) or not all(isinstance(i, str) for i in sections["ids"]):
        raise GraphFormatError(source, "corrupted: the node ids are not a list of strings")
    sections["kinds"] = _recoded(sections["kinds"], node_kinds, [k.value for k in NODE_KINDS], "node", source)
    sections["edge_kind"] = _recoded(sections["edge_kind"], edge_kinds, [k.value for k in EDGE_KINDS], "edge", source)
    if "vocabulary" in sections:
        sections["words"] = (sections.pop("vocabulary"), sections.pop("word_at"), sections.pop("word_claims"))
    return sections


def _recoded(codes: np.ndarray, written: list[str], known: list[str], what: str, source: object) -> np.ndarray:
    """Kind codes as this version numbers them (a file names the kinds its codes stand for)."""
    if written == known:
        return codes
    unknown = sorted(set(written) - set(known))
    if unknown:
        raise GraphFormatError(source, f"unknown {what} kinds {', '.join(unknown)}: upgrade eventgraph")
    table = np.array([known.index(k) for k in written], dtype=np.uint8)
    if len(codes) and int(codes.max()) >= len(table):
        raise GraphFormatError(source, f"corrupted: a {what} kind code out of range")
    return table[codes]
