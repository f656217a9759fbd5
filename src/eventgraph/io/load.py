"""Finding and reading documents: plain text, Markdown, HTML and JSON lines.

Every file is either read into ``Document`` values or reported with its path (and line,
for JSON lines) and the reason, so one bad file never stops a batch and nothing is
dropped without a word.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

import attrs
import orjson

from eventgraph.errors import DocumentError
from eventgraph.ids import content_id
from eventgraph.io.html import html_to_text
from eventgraph.model import DateInterval, Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "LoadReport",
    "decode_bytes",
    "discover",
    "load_documents",
    "load_file",
    "make_document",
]

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


@attrs.frozen
class LoadReport:
    """What a batch yielded: documents, files that failed (path, reason) and skipped files."""

    documents: tuple[Document, ...]
    problems: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()


def discover(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[tuple[str, str]], list[tuple[str, str]]]:
    """Files to read under the given paths: (files, problems, skipped), in a stable order.

    Folders are walked depth first in name order, following links but never twice into one
    folder, so a symlink loop ends; the walk keeps its own stack, so no depth of folders
    exhausts Python's. Hidden files are passed over; files of unknown type and pipes,
    sockets or devices inside folders are skipped (and listed); a file named explicitly is
    read whatever its suffix.
    """
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        _walk(Path(raw), files, problems, skipped)
    return files, problems, skipped


def _walk(
    root: Path,
    files: list[Path],
    problems: list[tuple[str, str]],
    skipped: list[tuple[str, str]],
) -> None:
    seen: set[tuple[int, int]] = set()
    stack = [(root, True)]  # (path, named by the user)
    while stack:
        path, named = stack.pop()
        status = _status(path)
        if isinstance(status, str):
            problems.append((str(path), status))
        elif S_ISDIR(status.st_mode):
            if (status.st_dev, status.st_ino) in seen:
                skipped.append((str(path), "folder already visited (link loop)"))
                continue
            seen.add((status.st_dev, status.st_ino))
            try:
                names = sorted(os.listdir(path))
            except OSError as exc:
                problems.append((str(path), f"cannot be listed ({exc.strerror or exc})"))
                continue
            stack.extend((path / name, False) for name in reversed(names) if not name.startswith("."))
        elif named:
            files.append(path)
        elif path.suffix.lower() not in SUFFIXES:
            skipped.append((str(path), f"unsupported file type {path.suffix or '(no suffix)'}"))
        elif not S_ISREG(status.st_mode):  # reading a pipe nobody writes to would wait forever
            skipped.append((str(path), "not a regular file (a pipe, socket or device)"))
        else:
            files.append(path)


def _status(path: Path) -> os.stat_result | str:
    """What ``path`` leads to (links followed), or why it leads nowhere."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if isinstance(exc, PermissionError):
            return "permission denied"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            try:
                return "broken link" if S_ISLNK(path.lstat().st_mode) else "no such file or folder"
            except OSError:
                return "no such file or folder"
        return f"cannot be read ({exc.strerror or exc})"


def decode_bytes(raw: bytes, path: object) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:8192]:
        raise DocumentError(path, "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 1 << 20]).best()
    if best is None or best.encoding is None:
        raise DocumentError(path, f"not UTF-8 (byte {utf8_error.start}) and no other text encoding fits")
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise DocumentError(path, f"not UTF-8 and not {best.encoding} either") from None


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def make_document(path: str, text: str, title: str = "", published: DateInterval | None = None) -> Document:
    """A document value; its id is a hash of its text."""
    text = _clean_text(text)
    if not title:
        title = next((line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip()), "")[:200]
    return Document(id=content_id("doc", text), path=path, text=text, title=title, published=published)


def parse_published(value: object, where: object) -> DateInterval | None:
    """A publication date from metadata: ISO date or datetime, year-month, or year."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DocumentError(where, f"'published' must be a date string, not {type(value).__name__}")
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        raise DocumentError(where, f"'published' is not an ISO date: {value!r}")
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            return DateInterval.day(dt.date(int(year), int(month), int(day)), "metadata")
        if month:
            start = dt.date(int(year), int(month), 1)
            nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            return DateInterval(start, nxt - dt.timedelta(days=1), "metadata")
        return DateInterval(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), "metadata")
    except ValueError:
        raise DocumentError(where, f"'published' is not a real date: {value!r}") from None


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | DocumentError]:
    """The documents in one file, and a ``DocumentError`` for each part that fails."""
    if not _encodable(str(path)):  # a saved graph is UTF-8 JSON, and the path is the document's provenance
        yield DocumentError(path, "the file name is not valid UTF-8; rename the file")
        return
    try:
        raw = _read_at_most(path, max_bytes)
        if isinstance(raw, int):
            limit = f"the limit is {max_bytes / 2**20:.1f} MB"
            yield DocumentError(path, f"too large ({raw / 2**20:.1f} MB; {limit})" if raw else f"too large ({limit})")
            return
    except PermissionError:
        yield DocumentError(path, "permission denied")
        return
    except OSError as exc:
        yield DocumentError(path, f"cannot be read ({exc.strerror or exc})")
        return
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "jsonl":
        yield from _jsonl_documents(path, raw)
        return
    try:
        text = decode_bytes(raw, path)
    except DocumentError as exc:
        yield exc
        return
    title, published = "", None
    if kind == "html" or (kind == "text" and re.match(r"\s*<(!doctype html|html)", text[:200], re.I)):
        page = html_to_text(text)
        text, title = page.text, page.title
        try:
            published = parse_published(page.published, path)
        except DocumentError:
            published = None
    if not text.strip():
        yield DocumentError(path, "empty: no text to read")
        return
    yield make_document(str(path), text, title, published)


def _read_at_most(path: Path, max_bytes: int) -> bytes | int:
    """The file's bytes, or its size (0 if unknown) when it holds more than ``max_bytes``.

    The size is checked before reading, and the read stops one byte past the limit, so
    neither a huge file nor one that grows meanwhile, nor a pipe or device, fills memory.
    """
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            return size
        chunks, count = [], 0
        while count <= max_bytes:  # read(n) allocates n bytes first: ask for what is there, not the limit
            chunk = handle.read(min(max_bytes + 1 - count, max(size + 1, 1 << 20)))
            if not chunk:
                break
            chunks.append(chunk)
            count += len(chunk)
    return b"".join(chunks) if count <= max_bytes else 0


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _jsonl_lines(path: Path, raw: bytes) -> list[str | None] | DocumentError:
    """The file's lines, None for a line holding a NUL byte (binary data), or why none can be read.

    A NUL byte is judged per line, so one damaged record costs only its own line; a file
    with NUL bytes in its first 8 kB that does not start like a JSON record (``{``) is binary.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: NUL bytes are part of its characters
        return list(raw.decode("utf-16").split("\n"))
    if b"\x00" in raw[:8192] and not raw.lstrip().startswith(b"{"):
        return DocumentError(path, "binary file (NUL bytes), not text")
    parts = raw.split(b"\n")
    damaged = {i for i, part in enumerate(parts) if b"\x00" in part}
    try:  # line breaks are the same bytes in every encoding a file without NUL bytes may have
        text = decode_bytes(b"\n".join(b"" if i in damaged else part for i, part in enumerate(parts)), path)
    except DocumentError as exc:
        return exc
    return [None if i in damaged else line for i, line in enumerate(text.split("\n"))]


def _jsonl_documents(path: Path, raw: bytes) -> Iterator[Document | DocumentError]:
    lines = _jsonl_lines(path, raw)
    if isinstance(lines, DocumentError):
        yield lines
        return
    for number, line in enumerate(lines, start=1):
        if line is None:
            yield DocumentError(path, "binary data (a NUL byte), not a JSON record", line=number)
            continue
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield DocumentError(path, f"not valid JSON ({exc})", line=number)
            continue
        if not isinstance(record, dict):
            yield DocumentError(path, "a record must be a JSON object", line=number)
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield DocumentError(path, "the record has no 'text' string", line=number)
            continue
        wrong = _wrong_metadata(record)
        if wrong is not None:
            yield DocumentError(path, wrong, line=number)
            continue
        key = record.get("url") or (f"{path}#{record['id']}" if record.get("id") is not None else f"{path}#L{number}")
        try:
            published = parse_published(record.get("published"), f"{path}:{number}")
        except DocumentError as exc:
            yield DocumentError(path, exc.reason, line=number)
            continue
        yield make_document(str(key), body, record.get("title") or "", published)


def _wrong_metadata(record: dict[str, object]) -> str | None:
    """Why a record's ``url``, ``id`` or ``title`` cannot be used, or None: each is a string (an
    ``id`` may be a whole number), or null, or absent."""
    for field, allowed in (("url", (str,)), ("title", (str,)), ("id", (str, int))):
        value = record.get(field)
        if value is not None and (not isinstance(value, allowed) or isinstance(value, bool)):
            kinds = " or a whole number" if int in allowed else ""
            return f"'{field}' must be a string{kinds}, not {_json_type(value)}"
    return None


def _json_type(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object", str: "a string"}
    return names.get(type(value), type(value).__name__)


def load_documents(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES) -> LoadReport:
    """Read every document under ``paths``; failures are reported, never raised."""
    files, problems, skipped = discover(paths)
    documents: dict[str, Document] = {}
    duplicates: list[tuple[str, str]] = []
    for path in files:
        try:
            items = list(load_file(path, max_bytes))
        except Exception as exc:  # a file no rule above foresaw must not stop the batch
            items = [DocumentError(path, f"cannot be loaded ({type(exc).__name__}: {exc})")]
        for item in items:
            if isinstance(item, DocumentError):
                where = f"{item.path}:{item.line}" if item.line is not None else item.path
                problems.append((where, item.reason))
                continue
            kept = documents.get(item.id)
            if kept is not None:
                first, second = sorted((kept.path, item.path))
                duplicates.append((second, first))
                if item.path < kept.path:
                    documents[item.id] = item
                continue
            documents[item.id] = item
    return LoadReport(tuple(documents.values()), tuple(problems), tuple(skipped), tuple(duplicates))
