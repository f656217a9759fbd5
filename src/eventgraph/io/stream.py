"""Documents read one at a time, so memory holds one document, not the whole input.

``load_documents`` reads every file before returning; ``stream_documents`` yields each
document (or the ``DocumentError`` that stands for a file or line that failed) as it is
read. A JSON-lines file is read line by line, so a file of many gigabytes never sits in
memory: ``max_bytes`` then limits each record, not the file. Files are found as
``discover`` finds them, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from eventgraph.errors import DocumentError
from eventgraph.io.load import (
    DEFAULT_MAX_BYTES,
    SUFFIXES,
    _encodable,
    _wrong_metadata,
    decode_bytes,
    discover,
    load_file,
    make_document,
    parse_published,
)
from eventgraph.model import Document

__all__ = ["stream_documents", "stream_jsonl"]


def stream_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    problems: list[tuple[str, str]] | None = None,
    skipped: list[tuple[str, str]] | None = None,
) -> Iterator[Document | DocumentError]:
    """Each document under ``paths`` as it is read, or the error of a file or record that failed.

    What discovery finds wrong (missing files, link loops) goes to ``problems`` and what it
    passes over (unknown file types) to ``skipped``, when lists are given.
    """
    files, found_problems, found_skipped = discover(paths)
    if problems is not None:
        problems.extend(found_problems)
    if skipped is not None:
        skipped.extend(found_skipped)
    for path in files:
        try:
            if SUFFIXES.get(path.suffix.lower()) == "jsonl" and _plain_bytes(path):
                yield from stream_jsonl(path, max_bytes=max_bytes)
            else:
                yield from load_file(path, max_bytes)
        except Exception as exc:  # a file no rule foresaw must not stop the batch
            yield DocumentError(path, f"cannot be loaded ({type(exc).__name__}: {exc})")


def _plain_bytes(path: Path) -> bool:
    """Whether a JSON-lines file can be read line by line (not UTF-16, whose line breaks are two bytes)."""
    try:
        with path.open("rb") as handle:
            return not handle.read(2).startswith((b"\xff\xfe", b"\xfe\xff"))
    except OSError:
        return False  # ``load_file`` reports why


def stream_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | DocumentError]:
    """The documents of a JSON-lines file, one line in memory at a time.

    Each record is as ``load_file`` reads it (``text``, optional ``title``, ``published``,
    ``url``, ``id``); a record over ``max_bytes``, a line that is not UTF-8 JSON or a
    record without text is reported with its line number and the rest is read.
    """
    if not _encodable(str(path)):
        yield DocumentError(path, "the file name is not valid UTF-8; rename the file")
        return
    try:
        handle = path.open("rb")
    except PermissionError:
        yield DocumentError(path, "permission denied")
        return
    except OSError as exc:
        yield DocumentError(path, f"cannot be read ({exc.strerror or exc})")
        return
    with handle:
        number = 0
        while True:
            number += 1
            raw = handle.readline(max_bytes + 1)
            if not raw:
                return
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                    raw = handle.readline(1 << 20)
                yield DocumentError(path, f"record too large (the limit is {max_bytes / 2**20:.1f} MB)", line=number)
                continue
            item = _record(path, raw, number)
            if item is not None:
                yield item


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _record(path: Path, raw: bytes, number: int) -> Document | DocumentError | None:
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None
    if b"\x00" in raw:
        return DocumentError(path, "binary data (a NUL byte), not a JSON record", line=number)
    try:
        record = orjson.loads(raw if _utf8(raw) else decode_bytes(raw, path))
    except DocumentError as exc:
        return DocumentError(path, exc.reason, line=number)
    except orjson.JSONDecodeError as exc:
        return DocumentError(path, f"not valid JSON ({exc})", line=number)
    if not isinstance(record, dict):
        return DocumentError(path, "a record must be a JSON object", line=number)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return DocumentError(path, "the record has no 'text' string", line=number)
    wrong = _wrong_metadata(record)
    if wrong is not None:
        return DocumentError(path, wrong, line=number)
    key = record.get("url") or (f"{path}#{record['id']}" if record.get("id") is not None else f"{path}#L{number}")
    try:
        published = parse_published(record.get("published"), f"{path}:{number}")
    except DocumentError as exc:
        return DocumentError(path, exc.reason, line=number)
    return make_document(str(key), body, record.get("title") or "", published)
