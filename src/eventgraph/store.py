"""Saving and loading graphs: a versioned, checksummed file written atomically.

A saved graph is one header line (format name, version, body length and SHA-256) and a
JSON body. Writing goes to a temporary file in the same folder, which is flushed,
fsynced and renamed over the target, so a crash or a concurrent save leaves either the
old file or a complete new one. Reading checks the header, the length and the checksum
before it trusts a byte of the body, so a damaged file gives a clear error; it reads the
header first and then no more than the header's length, so a huge file that is not a
graph (or ``/dev/zero``) is refused after a few kilobytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from eventgraph.codec import CodecError, edge_from_dict, edge_to_dict, node_from_dict, node_to_dict
from eventgraph.errors import GraphFormatError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["FORMAT", "VERSION", "load", "save"]

FORMAT = "eventgraph"
VERSION = 1
_HEADER_LIMIT = 4096
_HEADER_START = b'{"format":"eventgraph"'  # how every header begins (``encode`` writes the format first)


def encode(graph: EventGraph) -> bytes:
    """The file's bytes: header line, then body."""
    body = orjson.dumps(
        {
            "nodes": [node_to_dict(n) for n in graph.nodes()],
            "edges": sorted(
                (edge_to_dict(e) for e in graph.edges()),
                key=lambda d: (d["source"], d["target"], d["kind"], d.get("title") or ""),
            ),
        }
    )
    header = {"format": FORMAT, "version": VERSION, "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    return orjson.dumps(header) + b"\n" + body


def save(graph: EventGraph, path: str | PathLike[str]) -> None:
    """Write ``graph`` to ``path`` atomically (temporary file, fsync, rename)."""
    target = Path(path)
    data = encode(graph)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load(path: str | PathLike[str]) -> EventGraph:
    """Read a graph saved by ``save``; ``GraphFormatError`` explains any problem."""
    source = Path(path)
    try:
        with source.open("rb") as handle:
            raw = handle.read(_HEADER_LIMIT)
            header = _read_header(raw, source)
            present = len(raw) - raw.index(b"\n") - 1
            raw += _read_up_to(handle, header["length"] - present + 1)  # a byte more shows bytes too many
    except FileNotFoundError:
        raise GraphFormatError(source, "no such file") from None
    except IsADirectoryError:
        raise GraphFormatError(source, "is a folder, not a saved graph") from None
    except OSError as exc:
        raise GraphFormatError(source, f"cannot be read ({exc.strerror or exc})") from None
    return decode(raw, source)


def _read_up_to(handle: BinaryIO, count: int) -> bytes:
    """At most ``count`` bytes, in chunks: a header claiming a huge length only finds the file short."""
    chunks = []
    while count > 0 and (chunk := handle.read(min(count, 1 << 24))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, source: object = "<bytes>") -> EventGraph:
    """The graph in a saved file's bytes."""
    from eventgraph.graph import EventGraph

    header = _read_header(raw, source)
    body = raw[raw.index(b"\n") + 1 :]
    if len(body) < header["length"]:
        raise GraphFormatError(source, f"truncated: {len(body)} of {header['length']} body bytes present")
    if len(body) > header["length"] or hashlib.sha256(body).hexdigest() != header["sha256"]:
        raise GraphFormatError(source, "corrupted: the body does not match its checksum")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise GraphFormatError(source, f"corrupted body ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise GraphFormatError(source, "the body lacks its 'nodes' and 'edges' lists")
    try:
        nodes = [node_from_dict(item, f"nodes[{i}]") for i, item in enumerate(data["nodes"])]
        edges = [edge_from_dict(item, f"edges[{i}]") for i, item in enumerate(data["edges"])]
        return EventGraph(nodes, edges)
    except CodecError as exc:
        raise GraphFormatError(source, f"bad content at {exc}") from None
    except (KeyError, TypeError) as exc:
        raise GraphFormatError(source, f"inconsistent content ({exc})") from None


def _read_header(raw: bytes, source: object) -> dict[str, Any]:
    if not raw:
        raise GraphFormatError(source, "empty file, not a saved graph")
    end = raw.find(b"\n", 0, _HEADER_LIMIT)
    if end < 0 and (raw.startswith(_HEADER_START) or _HEADER_START.startswith(raw)):
        raise GraphFormatError(source, f"truncated: the file ends inside its header, after {len(raw)} bytes")
    try:
        header = orjson.loads(raw[:end]) if end >= 0 else None
    except orjson.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise GraphFormatError(source, "not an eventgraph file (no eventgraph header)")
    version = header.get("version")
    if not isinstance(version, int):
        raise GraphFormatError(source, "the header has no format version")
    if version > VERSION:
        raise GraphFormatError(
            source,
            f"written by a newer eventgraph (format version {version}; this one reads up to {VERSION}): "
            "upgrade eventgraph",
        )
    if version < 1:
        raise GraphFormatError(source, f"unknown format version {version}")
    if not isinstance(header.get("length"), int) or not isinstance(header.get("sha256"), str):
        raise GraphFormatError(source, "the header lacks the body's length or checksum")
    return header
