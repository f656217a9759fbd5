"""Quotation spans: double quotes paired within a block, single quotes only when balanced.

Unbalanced marks are not guessed at: a block with an odd number of straight double
quotes keeps only its curly-quote pairs.
"""

from __future__ import annotations

import re

import attrs

from eventgraph.extract.segment import Block

__all__ = ["Quote", "find_quotes"]

_PAIRS = (("“", "”"), ("„", "“"), ("«", "»"))
_WORD = re.compile(r"[^\W_]+")


@attrs.frozen
class Quote:
    """The text between a pair of quotation marks (``start``/``end`` exclude the marks)."""

    start: int
    end: int
    words: int
    leading: bool = False

    @property
    def full(self) -> bool:
        """Long enough to be a quoted statement rather than a quoted word or phrase; a short
        quotation that opens its sentence and hands over to a tag ('"We will respond," he said')
        is a statement too."""
        return self.words >= 4 or (self.leading and self.words >= 2)


def find_quotes(text: str, blocks: tuple[Block, ...] | list[Block]) -> list[Quote]:
    """Every quotation in the text, outermost only, in order."""
    found: list[Quote] = []
    for block in blocks:
        segment = text[block.start : block.end]
        spans: list[tuple[int, int]] = []
        for opening, closing in _PAIRS:
            spans.extend(_paired(segment, opening, closing))
        spans.extend(_straight(segment))
        doubled = [m.start() for m in re.finditer("''", segment)]
        if doubled and len(doubled) % 2 == 0:  # archive text writes a double quote as two apostrophes
            spans.extend((doubled[i] + 2, doubled[i + 1]) for i in range(0, len(doubled), 2))
        spans.extend(_single(segment))
        for start, end in sorted(spans):
            if any(s <= start and end <= e for s, e in spans if (s, e) != (start, end)):
                continue
            inner = segment[start:end]
            leading = _leading(segment, start, inner)
            found.append(Quote(block.start + start, block.start + end, len(_WORD.findall(inner)), leading))
    return sorted(set(found), key=lambda q: q.start)


def _leading(segment: str, start: int, inner: str) -> bool:
    """The quotation opens its sentence and ends on a comma, "!" or "?": a quoted clause before its tag."""
    before = segment[: max(0, start - 1)].rstrip()
    return inner.rstrip()[-1:] in (",", "!", "?") and (not before or before[-1] in '.!?:”"—–')


def _paired(segment: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Matched pairs; an opening mark never closed is left alone rather than guessed at."""
    out = []
    stack: list[int] = []
    for i, ch in enumerate(segment):
        if ch == opening:
            stack.append(i + 1)
        elif ch == closing and stack:
            out.append((stack.pop(), i))
    return out


def _straight(segment: str) -> list[tuple[int, int]]:
    """Pairs of straight double quotes. Each mark opens (space before, a word after) or closes
    (a word before, space or punctuation after), so '"It is a "horror story", he said"' nests;
    marks that say neither are paired in turn, and an odd count of those is not guessed at."""
    marks = [m.start() for m in re.finditer('"', segment)]
    if not marks:
        return []
    sides = [_side(segment, i) for i in marks]
    if None in sides:
        if len(marks) % 2:
            return []
        return [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks), 2)]
    out = []
    stack: list[int] = []
    for position, side in zip(marks, sides, strict=True):
        if side == "open":
            stack.append(position + 1)
        elif stack:
            out.append((stack.pop(), position))
    if stack and len(marks) % 2 == 0:
        return [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks), 2)]
    return out


def _side(segment: str, index: int) -> str | None:
    before = segment[index - 1] if index > 0 else " "
    after = segment[index + 1] if index + 1 < len(segment) else " "
    opens = (before.isspace() or before in "([{—–-/:") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-…")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return None


def _single(segment: str) -> list[tuple[int, int]]:
    """‘…’ pairs whose closing mark is not an apostrophe inside a word."""
    out = []
    for match in re.finditer(r"‘([^‘’]{1,400}?)’(?![A-Za-z])", segment):
        out.append((match.start(1), match.end(1)))
    return out
