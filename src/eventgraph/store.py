"""Saving and loading graphs: a versioned, checksummed file written atomically.

A saved graph is one header line (format name, version, body length and SHA-256) and a
body. Version 2 bodies are columnar (``eventgraph.columnar``): node ids, kind codes and
edge ends as arrays beside each node's and edge's record. Loading one maps the file into
memory and builds a graph that reads those arrays in place (``eventgraph.packed``), so
a million claims load in seconds and only what is read is decoded. Version 1 bodies
(one JSON document of nodes and edges) are still read, into an in-memory graph.
Writing takes the graph's lock (``eventgraph.locking``), then goes to a temporary file
in the same folder, which is flushed, fsynced and renamed over the target, so a crash
or a concurrent save leaves either the old file or a complete new one; a reader's map
keeps the file it opened. The new file keeps the old one's permissions (a new file
follows the umask). The temporary files of saves that were killed are removed by the
next save or load of the path, and are never read as graphs.

Reading checks the header, the length and the checksum before it trusts a byte of the
body, so a damaged file gives a clear error; it reads the header first, compares the
file's size with the length the header gives, and reads no more than that, so a huge
file that is not a graph (or ``/dev/zero``) is refused after a few kilobytes. A mapped
body is hashed in chunks, each let go once hashed, so checking a large file does not
hold it in memory. The body is then checked against the format: a version 1 body whole
(``eventgraph.integrity``), a version 2 body's arrays (lengths, bounds, kinds, edges
joining allowed kinds) at load and each record when it is first read.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import secrets
import stat
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from eventgraph.codec import CodecError, edge_from_dict, edge_to_dict, node_from_dict, node_to_dict
from eventgraph.collection import paused_collection
from eventgraph.columnar import body_parts, pack, read_sections
from eventgraph.errors import GraphFormatError
from eventgraph.integrity import check_body
from eventgraph.locking import LOCK_TIMEOUT, locked, locked_if_free
from eventgraph.packed import PackedGraph

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["FORMAT", "VERSION", "is_leftover", "leftovers", "load", "save"]

FORMAT = "eventgraph"
VERSION = 2
"""Version 2 bodies are columnar (``eventgraph.columnar``), read in place; version 1 bodies
(one JSON document of nodes and edges) are still read."""
_HEADER_LIMIT = 4096
_HASH_FIRST = 1 << 26
"""Bodies larger than this (64 MB) are checked against their checksum before they are read whole."""
_HEADER_START = b'{"format":"eventgraph"'  # how every header begins (``encode`` writes the format first)


def encode(graph: EventGraph, version: int = VERSION) -> bytes:
    """The file's bytes: header line, then body (``version`` 1 writes the older JSON body)."""
    return b"".join(_encoded(graph, version))


def _encoded(graph: EventGraph, version: int = VERSION) -> list[bytes | memoryview]:
    """The file's bytes in parts (header line first), never joined into one copy of the body."""
    if version == 1:
        parts: list[bytes | memoryview] = [
            orjson.dumps(
                {
                    "nodes": [node_to_dict(n) for n in graph.nodes()],
                    "edges": sorted(
                        (edge_to_dict(e) for e in graph.edges()),
                        key=lambda d: (d["source"], d["target"], d["kind"], d.get("title") or ""),
                    ),
                }
            )
        ]
    elif version == 2:
        parts = body_parts(pack(graph))
    else:
        raise ValueError(f"no format version {version} to write (1 or 2)")
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    length = sum(len(part) for part in parts)
    header = {"format": FORMAT, "version": version, "length": length, "sha256": digest.hexdigest()}
    return [orjson.dumps(header) + b"\n", *parts]


_LEFTOVER = re.compile(r"\.(?P<graph>.+)\.[a-z0-9_]{8}\.tmp")
"""How a save names its temporary file: ``.NAME.XXXXXXXX.tmp`` beside the graph ``NAME``."""


def is_leftover(path: str | PathLike[str]) -> bool:
    """Whether ``path`` is named as a save's temporary file (never a graph of its own)."""
    return _LEFTOVER.fullmatch(Path(path).name) is not None


def leftovers(path: str | PathLike[str]) -> list[Path]:
    """The temporary files that saves of the graph at ``path`` left behind, when they were killed."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in sorted(names):
        match = _LEFTOVER.fullmatch(name)
        if match and match.group("graph") == target.name:
            found.append(folder / name)
    return found


def _remove_leftovers(target: Path) -> None:
    """Called with the graph's lock held, so no save of it is under way and every match is a leftover."""
    for leftover in leftovers(target):
        try:
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
        except OSError:
            pass  # not ours to remove after all (permissions): it never stops a save or a load


def save(graph: EventGraph, path: str | PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT) -> None:
    """Write ``graph`` to ``path`` atomically (lock, temporary file, fsync, rename).

    ``GraphLockedError`` when another process holds the graph's lock for over
    ``lock_timeout`` seconds; the file is then left as it was.
    """
    target = Path(path)
    parts = _encoded(graph)
    folder = target.parent if str(target.parent) else Path(".")
    with locked(target, lock_timeout):
        _remove_leftovers(target)
        temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                _keep_mode(target, handle.fileno())
                for part in parts:
                    handle.write(part)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    _fsync_folder(folder)


def _keep_mode(target: Path, fd: int) -> None:
    """Give the new file the permissions of the file it replaces (a new file has the umask's)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


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
    """Read a graph saved by ``save``; ``GraphFormatError`` explains any problem.

    The temporary files of killed saves of this path are removed first, unless a save is
    under way.
    """
    source = Path(path)
    if is_leftover(source):
        raise GraphFormatError(source, "the temporary file of an unfinished save, not a saved graph")
    if leftovers(source):
        with locked_if_free(source) as free:
            if free:
                _remove_leftovers(source)
    try:
        with source.open("rb") as handle:
            raw = handle.read(_HEADER_LIMIT)
            header = _read_header(raw, source)
            start = raw.index(b"\n") + 1
            regular = _check_size(handle, start, header["length"], source)
            if regular and header["version"] >= 2:
                return _mapped(handle, start, header, source)
            if regular and header["length"] > _HASH_FIRST:
                _check_checksum(handle, raw[start:], header["sha256"], source)
            raw += _read_up_to(handle, header["length"] - (len(raw) - start) + 1)  # a byte more shows bytes too many
    except FileNotFoundError:
        raise GraphFormatError(source, "no such file") from None
    except IsADirectoryError:
        raise GraphFormatError(source, "is a folder, not a saved graph") from None
    except OSError as exc:
        raise GraphFormatError(source, f"cannot be read ({exc.strerror or exc})") from None
    return decode(raw, source)


def _check_size(handle: BinaryIO, start: int, length: int, source: object) -> bool:
    """A regular file must hold exactly the header's length after the header: said before reading the body.

    False for a pipe or a device, whose size is unknown (reading stops at the length anyway).
    """
    status = os.fstat(handle.fileno())
    if not stat.S_ISREG(status.st_mode):
        return False
    body = status.st_size - start
    if body < length:
        raise GraphFormatError(source, f"truncated: {body} of {length} body bytes present")
    if body > length:
        raise GraphFormatError(source, "corrupted: the body does not match its checksum")
    return True


def _check_checksum(handle: BinaryIO, head: bytes, checksum: str, source: object) -> None:
    """The body's checksum, read in chunks and not kept: a large body that does not match is
    refused without ever being held whole. The file is left where it was."""
    where = handle.tell()
    digest = hashlib.sha256(head)
    while chunk := handle.read(1 << 24):
        digest.update(chunk)
    if digest.hexdigest() != checksum:
        raise GraphFormatError(source, "corrupted: the body does not match its checksum")
    handle.seek(where)


def _read_up_to(handle: BinaryIO, count: int) -> bytes:
    """At most ``count`` bytes, in chunks: a header claiming a huge length only finds the file short."""
    chunks = []
    while count > 0 and (chunk := handle.read(min(count, 1 << 24))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _mapped(handle: BinaryIO, start: int, header: dict[str, Any], source: object) -> EventGraph:
    """A columnar body read in place from a memory map of the file: only the pages that
    lookups touch are read into memory. The checksum is computed over the map in chunks,
    each dropped from memory once hashed, so checking a large file does not hold it."""
    length = header["length"]
    if length == 0:
        return _unpacked(b"", header, source)
    mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    digest = hashlib.sha256()
    chunk = 1 << 24  # a multiple of the page size
    view = memoryview(mapping)
    for offset in range(0, len(mapping), chunk):
        end = min(offset + chunk, len(mapping))
        if end > start:
            digest.update(view[max(offset, start) : end])
        if hasattr(mmap, "MADV_DONTNEED"):
            mapping.madvise(mmap.MADV_DONTNEED, offset, end - offset)
    if digest.hexdigest() != header["sha256"]:
        raise GraphFormatError(source, "corrupted: the body does not match its checksum")
    return _unpacked(view[start:], header, source)


def _unpacked(body: Any, header: dict[str, Any], source: object) -> EventGraph:
    from eventgraph.graph import EventGraph

    with paused_collection():
        return EventGraph.from_packed(PackedGraph(read_sections(body, source), source))


def decode(raw: bytes, source: object = "<bytes>") -> EventGraph:
    """The graph in a saved file's bytes."""

    header = _read_header(raw, source)
    body = raw[raw.index(b"\n") + 1 :]
    if len(body) < header["length"]:
        raise GraphFormatError(source, f"truncated: {len(body)} of {header['length']} body bytes present")
    if len(body) > header["length"] or hashlib.sha256(body).hexdigest() != header["sha256"]:
        raise GraphFormatError(source, "corrupted: the body does not match its checksum")
    if header["version"] >= 2:
        return _unpacked(body, header, source)
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise GraphFormatError(source, f"corrupted body ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise GraphFormatError(source, "the body lacks its 'nodes' and 'edges' lists")
    try:
        with paused_collection():  # millions of new objects, none of them garbage
            return _build(data)
    except CodecError as exc:
        raise GraphFormatError(source, f"bad content at {exc}") from None
    except (KeyError, TypeError) as exc:
        raise GraphFormatError(source, f"inconsistent content ({exc})") from None


def _build(data: dict[str, Any]) -> EventGraph:
    from eventgraph.graph import EventGraph

    nodes = [node_from_dict(item, f"nodes[{i}]") for i, item in enumerate(data["nodes"])]
    edges = [edge_from_dict(item, f"edges[{i}]") for i, item in enumerate(data["edges"])]
    check_body(nodes, edges)
    return EventGraph(nodes, edges)


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
    if not _whole(version):
        raise GraphFormatError(source, f"the header has no format version ({_shown(version)} is not a whole number)")
    if version > VERSION:
        raise GraphFormatError(
            source,
            f"written by a newer eventgraph (format version {version}; this one reads up to {VERSION}): "
            "upgrade eventgraph",
        )
    if version < 1:
        raise GraphFormatError(source, f"unknown format version {version}")
    length, checksum = header.get("length"), header.get("sha256")
    if not _whole(length) or length < 0:  # type: ignore[operator]
        raise GraphFormatError(
            source, f"the header lacks the body's length or checksum (length {_shown(length)} is not a byte count)"
        )
    if not isinstance(checksum, str) or not _SHA256.fullmatch(checksum):
        raise GraphFormatError(
            source, f"the header lacks the body's length or checksum (sha256 {_shown(checksum)} is not 64 hex digits)"
        )
    return header


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: object) -> str:
    """A header value as JSON, cut short: enough to recognise it in a one-line error."""
    text = orjson.dumps(value).decode() if not isinstance(value, int) or isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
