"""Topics carried within a passage: what a statement that refers back is about.

"Such guarantees must be binding" is about whatever the passage was about: the topics of
the speaker's previous statement in the same passage (paragraph or transcript turn), or,
for the first statement of an answer, those of the question it answers. A statement
takes them when it refers back ("this issue", "such guarantees", "it") or names no topic
of its own; each such topic is marked as obtained from the context.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from eventgraph.extract.records import ClaimRecord
from eventgraph.extract.segment import Parsed
from eventgraph.extract.topics import TopicHit, TopicMatcher

__all__ = ["StatementTopic", "statement_topics"]

_REFERS_BACK = re.compile(
    r"\b(?:this|that|these|those|such|the\s+same)\s+(?:[a-z-]+\s+)?"
    r"(?:issue|issues|question|questions|matter|matters|topic|problem|problems|process|decision|step|steps|"
    r"measure|measures|guarantee|guarantees|agreement|agreements|proposal|proposals|plan|plans|idea|initiative|"
    r"approach|position|policy|situation|work|programme|program|document|declaration|treaty|conflict|"
    r"war|crisis|threat|threats|demand|demands|request|talks|format|project|task|goal|effort|efforts)\b"
    r"|^(?:it|this|that|they|these)\b"
    r"|\b(?:it|them)\b(?!\s+(?:is|was|will|would|has|had|must|should|can|could|seems|appears|remains|takes)\b)",
    re.I,
)


@attrs.frozen
class StatementTopic:
    """A topic of a statement and how it was found: ``text`` (its own words) or ``context``."""

    hit: TopicHit
    how: str


def statement_topics(
    text: str,
    parsed: Parsed,
    claims: list[ClaimRecord],
    matcher: TopicMatcher,
    lemmas: Callable[[int, int], str],
) -> list[list[StatementTopic]]:
    """For each claim (in the order given), its topics: its own, then those the passage carries."""
    own = [matcher.find(text[c.span.start : c.span.end], lemmas(c.span.start, c.span.end)) for c in claims]
    out: list[list[StatementTopic]] = [[StatementTopic(h, "text") for h in hits] for hits in own]
    order = sorted(range(len(claims)), key=lambda i: (claims[i].span.start, claims[i].speakers))
    last: dict[tuple[int, tuple[str, ...]], list[TopicHit]] = {}
    for index in order:
        claim = claims[index]
        passage = _passage(parsed, claim.span.start)
        key = (passage, claim.speakers)
        carried = last.get(key)
        if carried is None:
            carried = _question_topics(text, parsed, claim.span.start, matcher, lemmas)
        content = text[claim.span.start : claim.span.end]
        if carried and (not own[index] or _REFERS_BACK.search(content)):
            labels = {h.label for h in own[index]}
            out[index].extend(StatementTopic(h, "context") for h in carried if h.label not in labels)
        if own[index]:
            last[key] = own[index]
    return out


def _passage(parsed: Parsed, offset: int) -> int:
    """A transcript turn, else the paragraph (block) holding the offset."""
    turn = parsed.turn_at(offset)
    if turn is not None:
        return -1 - turn.start
    sentence = parsed.sentence_at(offset)
    return sentence.block if sentence is not None else -1


def _question_topics(
    text: str, parsed: Parsed, offset: int, matcher: TopicMatcher, lemmas: Callable[[int, int], str]
) -> list[TopicHit]:
    """The topics of the question a transcript turn answers (the question turn just before it)."""
    turn = parsed.turn_at(offset)
    if turn is None:
        return []
    turns = list(parsed.turns)
    index = turns.index(turn)
    if index == 0 or turns[index - 1].label.role != "question":
        return []
    question = turns[index - 1]
    return matcher.find(text[question.start : question.end], lemmas(question.start, question.end))
