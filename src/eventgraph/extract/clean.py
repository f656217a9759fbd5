"""Page furniture out, offsets kept: boilerplate is blanked with spaces, never cut.

Repeated banners, photo credits and captions, share buttons, hashtags and bylines carry
no statements. Replacing them with spaces of the same length keeps every later offset
pointing into the original text, so provenance needs no mapping.
"""

from __future__ import annotations

import re

import attrs

from eventgraph.extract.knowledge import Knowledge

__all__ = ["Byline", "CleanText", "Removed", "clean"]

_REPEATED = re.compile(r"(?P<unit>\S.{11,200}?)(?:\s*(?P=unit)){2,}")
_BYLINE = re.compile(r"^\s*(?:by|By|BY)\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})")
_SECTION_BYLINE = re.compile(r"^\s*#\S+\s*/\s*(?P<name>[A-ZÀ-Ž][\w'’.-]+(?:\s+[A-ZÀ-Ž][\w'’.-]+){1,3})\s*$")
_CAPTION_WORDS = re.compile(r"^[a-z][a-z' -]{0,60}$")
_MEDIA_LINE = re.compile(r"^(photo|image|picture|video)", re.I)
_MAX_REPEAT_LINE = 20_000


@attrs.frozen
class Removed:
    """A stretch of the text judged to be boilerplate, and why."""

    start: int
    end: int
    reason: str


@attrs.frozen
class Byline:
    """An author named in a byline: the name's span in the original text."""

    start: int
    end: int
    name: str


@attrs.frozen
class CleanText:
    """The text with boilerplate blanked (same length as the original), and what was blanked."""

    text: str
    removed: tuple[Removed, ...]
    bylines: tuple[Byline, ...]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in text.split("\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def clean(text: str, knowledge: Knowledge) -> CleanText:
    """Blank the boilerplate of a document's text."""
    chars = list(text)
    removed: list[Removed] = []
    bylines: list[Byline] = []

    def blank(start: int, end: int, reason: str) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        removed.append(Removed(start, end, reason))

    lines = _lines(text)
    media_lines: list[int] = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            continue
        if len(line) <= _MAX_REPEAT_LINE and _may_repeat(line):
            for match in _REPEATED.finditer(line):
                blank(start + match.start(), start + match.end(), "repeated banner")
        offset = start + len(line) - len(line.lstrip())
        if number < 12 and (byline := _BYLINE.match(line) or _SECTION_BYLINE.match(line)):
            name = byline.group("name")
            name_start = start + byline.start("name")
            name = _trim_name(name)
            bylines.append(Byline(name_start, name_start + len(name), name))
            blank(start, end, "byline")
            continue
        if any(p.fullmatch(stripped) for p in knowledge.boilerplate_lines):
            blank(offset, offset + len(stripped), "boilerplate line")
            if _MEDIA_LINE.match(stripped):
                media_lines.append(number)
            continue
        for prefix in knowledge.boilerplate_prefixes:
            match = prefix.match(line, len(line) - len(line.lstrip()))
            if match and match.end() > match.start():
                blank(start + match.start(), start + match.end(), "link text")
                break
    for number in media_lines:
        _blank_caption(text, lines, number, blank)
    for match in knowledge.stage_direction.finditer(text):
        blank(match.start(), match.end(), "stage direction")  # "(Applause.)" is no one's words
    return CleanText("".join(chars), tuple(sorted(removed, key=lambda r: (r.start, r.end))), tuple(bylines))


_UNIT = 12
"""The shortest unit ``_REPEATED`` looks for."""


def _may_repeat(line: str) -> bool:
    """Whether some run of ``_UNIT`` characters occurs three times in the line, as it must
    for ``_REPEATED`` to match: a cheap test that spares most lines the costly pattern."""
    if len(line) < 3 * _UNIT:
        return False
    seen: set[str] = set()
    twice: set[str] = set()
    for i in range(len(line) - _UNIT + 1):
        part = line[i : i + _UNIT]
        if part in twice:
            return True
        if part in seen:
            twice.add(part)
        else:
            seen.add(part)
    return False


def _trim_name(name: str) -> str:
    """A byline name without trailing counts or dates ("Jhon Lennon 53 views")."""
    words = name.split()
    while words and not words[-1][0].isupper():
        words.pop()
    return " ".join(words)


def _blank_caption(text: str, lines: list[tuple[int, int]], media: int, blank) -> None:  # type: ignore[no-untyped-def]
    """A short lower-case line next to a photo credit is its caption (e.g. "biden putin")."""
    for step in (-1, 1):
        number = media + step
        while 0 <= number < len(lines) and not text[lines[number][0] : lines[number][1]].strip():
            number += step
        if not 0 <= number < len(lines):
            continue
        start, end = lines[number]
        stripped = text[start:end].strip()
        if _CAPTION_WORDS.match(stripped) and len(stripped.split()) <= 6:
            offset = start + text[start:end].index(stripped)
            blank(offset, offset + len(stripped), "caption")
