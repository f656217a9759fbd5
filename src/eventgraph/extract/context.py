"""Topics carried within a passage: what a statement that refers back is about.

"Such guarantees must be binding" is about whatever the passage was about: the topics of
the speaker's previous statement in the same passage (paragraph or transcript turn), or,
for the first statement of an answer, those of the question it answers. A statement
takes them when it refers back ("this issue", "such guarantees", "it") or names no topic
of its own; each such topic is marked as obtained from the context.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.records import ClaimRecord
from eventgraph.extract.segment import Parsed
from eventgraph.extract.topics import TopicHit, TopicMatcher

__all__ = ["StatementTopic", "statement_topics"]


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
    knowledge: Knowledge,
    named: Callable[[int, int], list[str]],
) -> list[list[StatementTopic]]:
    """For each claim (in the order given), its topics: its own, then those the passage carries,
    and those of another actor's statements it refers to ("the guarantees put forward by X")."""
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
        if carried and (not own[index] or knowledge.refers_back.search(content)):
            _extend(out[index], carried)
        referred = knowledge.proposal_of.search(content)
        if referred:
            group = "by" if referred.group("by") else "owner"
            start = claim.span.start + referred.start(group)
            others = set(named(start, claim.span.start + referred.end(group))) - set(claim.speakers)
            _extend(out[index], [h for i, c in enumerate(claims) if set(c.speakers) & others for h in own[i]])
        if own[index]:
            last[key] = own[index]
    return out


def _extend(topics: list[StatementTopic], hits: list[TopicHit]) -> None:
    labels = {t.hit.label for t in topics}
    for hit in hits:
        if hit.label not in labels:
            topics.append(StatementTopic(hit, "context"))
            labels.add(hit.label)


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
