"""Speech without speech verbs: the sentences of a transcript turn or of a statement in its
author's own words, and the sentences of a long quotation.

Each substantive sentence is a statement of its own; a very short one joins the next
(or, last in its passage, the one before), so "There is enough fuel. Stocks are full."
stays one statement. Questions, greetings, thanks and forms of address state nothing and
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs
from spacy.tokens import Span as SpacySpan

from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.quotations import TRIM
from eventgraph.extract.segment import Sentence

__all__ = ["Passage", "passages", "substantive"]

_WORD = re.compile(r"[^\W_][\w'’-]*")
_SHORT = 5
_VOCATIVE = re.compile(
    r"^(?:(?:mr|mrs|ms|madam|dear|my|esteemed|distinguished|ladies|colleagues|friends|your)\b[^,]{0,40},\s*)+", re.I
)
_MIN_WORDS = 3


@attrs.frozen
class Passage:
    """One statement cut from running speech: its span and the sentences it covers."""

    start: int
    end: int
    first: Sentence
    last: Sentence


def passages(text: str, sentences: Iterable[Sentence], knowledge: Knowledge, start: int, end: int) -> list[Passage]:
    """The statements in ``text[start:end]``: its substantive sentences, short ones joined."""
    kept: list[tuple[int, int, Sentence]] = []
    for sentence in sentences:
        piece_start, piece_end = _trim(text, max(sentence.start, start), min(sentence.end, end))
        if piece_end > piece_start and substantive(text[piece_start:piece_end], sentence.span, knowledge):
            kept.append((piece_start, piece_end, sentence))
    out: list[Passage] = []
    pending: tuple[int, int, Sentence] | None = None
    for piece in kept:
        if len(_WORD.findall(text[piece[0] : piece[1]])) < _SHORT:
            pending = pending or piece
            continue
        head = pending or piece
        pending = None
        out.append(Passage(head[0], piece[1], head[2], piece[2]))
    if pending is not None:
        if out:  # a short last sentence closes the statement before it
            out[-1] = attrs.evolve(out[-1], end=kept[-1][1], last=kept[-1][2])
        elif len(_WORD.findall(text[pending[0] : kept[-1][1]])) > _MIN_WORDS:
            out.append(Passage(pending[0], kept[-1][1], pending[2], kept[-1][2]))
    return out


def substantive(sentence: str, span: SpacySpan | None, knowledge: Knowledge) -> bool:
    """A sentence that states something: not a question, a courtesy or a list of names."""
    stripped = sentence.strip().strip(TRIM.replace("?", ""))
    if not stripped or stripped.endswith("?"):
        return False
    if len(_WORD.findall(stripped)) < _MIN_WORDS:
        return False
    plain = _VOCATIVE.sub("", stripped.rstrip(".!…").strip())
    if any(p.fullmatch(plain) for p in knowledge.pleasantries):
        return False
    if span is None:
        return True
    tokens = [t for t in span if not t.is_punct and not t.is_space]
    if tokens and sum(t.pos_ == "PROPN" for t in tokens) > 0.6 * len(tokens):
        return False  # "President Doe; Prime Minister Roe; ...": an address, not a statement
    root = span.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    first_person = all(s.lower_ in ("i", "we") for s in subjects) if subjects else root.tag_ == "VB"
    if root.lemma_.lower() in knowledge.polite_verbs and first_person:
        return False  # "I thank our hosts"
    return not (
        root.lemma_.lower() == "want"
        and any(c.dep_ == "xcomp" and c.lemma_.lower() in knowledge.polite_verbs for c in root.children)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end
