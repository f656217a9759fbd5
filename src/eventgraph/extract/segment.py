"""Blocks and sentences: headings, datelines and paragraphs, each parsed on its own.

News pages put headlines, dates and paragraphs on separate lines without closing
punctuation; parsed as one stream, a headline would fuse with the next sentence. Each
line-level block is therefore parsed separately, and a date glued to the front of a
line ("05 Oct. 2015I just met ...") becomes a dateline block of its own.

The parser's memory grows with the text it is given at once (about 3 kB a character),
so a line longer than ``MAX_BLOCK`` characters is cut into pieces at sentence ends, and
blocks go to spaCy in batches of at most ``BATCH_CHARS`` characters: memory stays
bounded however long a document or one of its lines is.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import attrs
from spacy.tokens import Doc, Span

from eventgraph.extract.budget import check_time
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.nlp import pipeline
from eventgraph.extract.turns import Label, Turn, find_labels, turn_at, turns_of

__all__ = ["BATCH_CHARS", "MAX_BLOCK", "Block", "Parsed", "Sentence", "batches", "parse", "split_blocks"]

_FINAL = re.compile(r"[.!?…]['\"’”)\]]*\s*$")
_LIST_MARK = re.compile(r"\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+")
_QUOTES_OPEN = "\"“„«‘'"
_QUOTES_CLOSE = "\"”»’'"
MAX_BLOCK = 10_000
"""The longest block parsed whole; a longer line is cut at sentence ends (news paragraphs are shorter)."""
BATCH_CHARS = 100_000
"""The most characters given to the parser at once (a longer block goes alone)."""
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*(?=\s)")
_GAP = re.compile(r"\S(?=\s)")


@attrs.frozen
class Block:
    """A line-level stretch of text: ``heading``, ``dateline``, ``body``, or a transcript's
    speaker ``label``."""

    start: int
    end: int
    kind: str
    quoted: bool = False


@attrs.frozen
class Sentence:
    """A sentence with its block and its spaCy span (token offsets relative to the block)."""

    start: int
    end: int
    block: int
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Parsed:
    """A document's blocks, their spaCy docs and its sentences in order."""

    blocks: tuple[Block, ...]
    docs: tuple[Doc, ...] = attrs.field(repr=False)
    sentences: tuple[Sentence, ...]
    turns: tuple[Turn, ...] = ()

    def turn_at(self, offset: int) -> Turn | None:
        """The transcript turn whose words hold a character offset, if the document is a transcript."""
        return turn_at(list(self.turns), offset) if self.turns else None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset (sentences are in text order and do not overlap)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap ``[start, end)``, in order."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        last = bisect.bisect_left(self._starts, end)
        return [s for s in self.sentences[first:last] if s.start < end and start < s.end]

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def blocks_over(self, start: int, end: int) -> range:
        """The indices of the blocks that overlap ``[start, end)`` (blocks are in text order and do not overlap)."""
        return range(bisect.bisect_right(self._block_ends, start), bisect.bisect_left(self._block_starts, end))

    @functools.cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    @functools.cached_property
    def _block_ends(self) -> list[int]:
        return [block.end for block in self.blocks]


def _leading_date(knowledge: Knowledge) -> re.Pattern[str]:
    """A date glued to the front of a line ("05 Oct. 2015I just met"), or a news dateline
    ("MOSCOW, April 14, 2022 (Reuters) - ", "WASHINGTON (AP) — ", "LONDON — ")."""
    month = knowledge.month_pattern
    day_month = rf"\d{{1,2}}\s+(?:{month})\.?,?\s+\d{{4}}"
    month_day = rf"(?:{month})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    glued = rf"\s*(?i:{day_month}|{month_day},?\s+\d{{4}})(?=\S)"
    date = rf"(?i:{day_month}|{month_day}(?:,?\s+\d{{4}})?)"
    place = r"[A-Z][A-Z'.]{2,}(?:[ -][A-Z][A-Z'.]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    agency = r"\([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}\)"
    news = rf"\s*{place}(?:(?:,\s+{date})?\s*{agency}\s*[-—–]{{1,2}}|,\s+{date}\s*[-—–]{{1,2}}|\s*(?:—|--))\s+(?=\S)"
    return re.compile(rf"^(?:{news}|{glued})")


def split_blocks(text: str, knowledge: Knowledge, labels: list[Label] | None = None) -> list[Block]:
    """Cut the (cleaned) text into line-level blocks and say what each one is; a transcript's
    speaker labels are blocks of their own, and the words after a label are a body block."""
    labels = labels or []
    label_starts = [label.start for label in labels]
    dateline = _leading_date(knowledge)
    blocks: list[Block] = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        stripped = part.strip()
        if stripped:
            lead = start + len(part) - len(part.lstrip())
            match = dateline.match(part)
            if match and match.end() < len(part.rstrip()):
                blocks.append(Block(lead, start + match.end(), "dateline"))
                lead = start + match.end()
            for piece_start, piece_end in _pieces(text, lead, start + len(part.rstrip())):
                blocks.extend(_labelled(text, piece_start, piece_end, labels, label_starts))
        start = end + 1
    return blocks


def _labelled(text: str, start: int, end: int, labels: list[Label], starts: list[int]) -> Iterator[Block]:
    """A piece of a line cut at the speaker labels inside it: the labels, and the words after each."""
    first = bisect.bisect_left(starts, start)
    inside = [label for label in labels[first:] if label.start < end]
    if not inside:
        yield _classify(text, start, end)
        return
    if inside[0].start > start and text[start : inside[0].start].strip():
        yield _classify(text, start, _rstrip(text, start, inside[0].start))
    for index, label in enumerate(inside):
        yield Block(label.start, label.end, "label")
        stop = inside[index + 1].start if index + 1 < len(inside) else end
        body = label.end
        while body < stop and text[body] in " \t":
            body += 1
        stop = _rstrip(text, body, stop)
        if stop > body:
            yield Block(body, stop, "body")


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A line longer than ``MAX_BLOCK`` in pieces of at most that length, each ending at the last
    sentence end of its second half, else at its last space, else at the limit."""
    while end - start > MAX_BLOCK:
        limit = start + MAX_BLOCK
        cut = _last_end(_SENTENCE_END, text, start + MAX_BLOCK // 2, limit) or _last_end(
            _GAP, text, start + MAX_BLOCK // 2, limit
        )
        yield start, cut or limit
        start = cut or limit
        while start < end and text[start].isspace():
            start += 1
    yield start, end


def _last_end(pattern: re.Pattern[str], text: str, low: int, high: int) -> int | None:
    """Where the last match of ``pattern`` inside ``[low, high]`` ends (the lookahead may see ``high``)."""
    last = None
    for match in pattern.finditer(text, low, high + 1):
        if match.end() <= high:
            last = match.end()
    return last


def _classify(text: str, start: int, end: int) -> Block:
    line = text[start:end].strip()
    mark = _LIST_MARK.match(text, start)
    if mark and mark.end() < end:
        start = mark.end()  # the parser reads "• Meeting in Berlin" badly; the marker carries no words
    lead = _LIST_MARK.match(line)
    body = line[lead.end() :] if lead else line
    quoted = body[:1] in _QUOTES_OPEN and body[-1:] in _QUOTES_CLOSE and not _FINAL.search(body[:-1])
    words = len(body.split())
    if quoted and words <= 25:
        return Block(start, end, "heading", quoted=True)
    if words <= 16 and not _FINAL.search(body) and not mark:
        return Block(start, end, "heading")
    if body.endswith(":") and words <= 8:
        return Block(start, end, "heading")
    return Block(start, end, "body")


def parse(text: str, knowledge: Knowledge) -> Parsed:
    """Blocks of the cleaned text, each parsed by spaCy, and the sentences in order."""
    labels = find_labels(text, knowledge)
    blocks = split_blocks(text, knowledge, labels)
    nlp = pipeline()
    parsed: list[Doc] = []
    for batch in batches(blocks):
        check_time()
        parsed.extend(nlp.pipe((text[b.start : b.end] for b in batch), batch_size=len(batch)))
    docs = tuple(parsed)
    sentences = []
    for number, (block, doc) in enumerate(zip(blocks, docs, strict=True)):
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            sentences.append(Sentence(block.start + sent.start_char, block.start + sent.end_char, number, sent))
    return Parsed(tuple(blocks), docs, tuple(sentences), tuple(turns_of(text, labels)))


def batches(blocks: list[Block]) -> Iterator[list[Block]]:
    """Consecutive blocks in groups of at most ``BATCH_CHARS`` characters (a longer block alone)."""
    batch: list[Block] = []
    size = 0
    for block in blocks:
        length = block.end - block.start
        if batch and size + length > BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(block)
        size += length
    if batch:
        yield batch
