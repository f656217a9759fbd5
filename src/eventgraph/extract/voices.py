"""Whose words a passage is, when no speech verb says so.

Three layouts make the text itself someone's speech: a transcript turn is its label's
speaker's ("PRESIDENT BIDEN: ..."); a document titled as a statement, remarks or an
address of someone ("Statement from President Doe on ...") is its author's throughout;
and a text that opens "We, President Doe and President Roe, ..." speaks for both from
there on. A question from the floor or a moderator's turn is nobody's statement.
"""

from __future__ import annotations

import attrs
from spacy.tokens import Token

from eventgraph.extract.entities import EntityTable
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.segment import Parsed
from eventgraph.ids import fold

__all__ = ["Voices", "find_voices"]

_ACTORS = ("person", "organisation", "country")


@attrs.frozen
class Voices:
    """For each block that is someone's speech, the actors speaking (empty: nobody we can name),
    and, in a transcript, whom they address."""

    speakers: dict[int, tuple[str, ...]] = attrs.field(factory=dict)
    addressees: dict[int, tuple[str, ...]] = attrs.field(factory=dict)
    how: dict[int, str] = attrs.field(factory=dict)

    def of(self, block: int) -> tuple[str, ...] | None:
        return self.speakers.get(block)


def find_voices(text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge) -> Voices:
    """The speaking voice of every block that speaks without a verb of speech."""
    voices = Voices()
    if parsed.turns:
        _turn_voices(parsed, table, voices, _interviewee(parsed, table, knowledge), knowledge.answer_labels)
        return voices
    author = _titled_author(text, parsed, table, knowledge)
    if author:
        keys, first = author
        _speak_from(parsed, first, keys, "statement", voices)
        return voices
    joint = _joint_opening(parsed, table) or _introduced(text, parsed, table, knowledge)
    if joint:
        keys, first = joint
        _speak_from(parsed, first, keys, "statement", voices)
    return voices


def _introduced(
    text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge
) -> tuple[tuple[str, ...], int] | None:
    """ "The Minister issued the following statement:" - the passages after that line are the
    statement, in its issuer's words."""
    for sentence in parsed.sentences:
        block = parsed.blocks[sentence.block]
        if not text[block.start : block.end].rstrip().endswith(":"):  # a short lead-in may look like a heading
            continue
        if sentence.end < block.end - 2 or sentence.block + 1 >= len(parsed.blocks):
            continue
        for verb in sentence.span:
            texts = [
                c for c in verb.children if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in knowledge.document_nouns
            ]
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in knowledge.issue_verbs or not texts:
                continue
            if not any(g.lower_ == "following" for g in texts[0].children):
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            start = block.start + subject.left_edge.idx
            end = block.start + subject.right_edge.idx + len(subject.right_edge.text)
            keys = [k for k in table.within(start, end) if _actor(table, k)]
            people = [k for k in keys if table.entities[k].kind == "person"]
            if keys:
                return tuple(dict.fromkeys(people or keys)), sentence.block + 1
    return None


def _interviewee(parsed: Parsed, table: EntityTable, knowledge: Knowledge) -> str | None:
    """An interview written "Q: ... A: ..." answers in the voice of the one person its title and
    introduction name; with no answer labels, or several people named, nobody is guessed."""
    answers = [t for t in parsed.turns if fold(t.label.name).rstrip(".") in knowledge.answer_labels]
    if not answers or any(t.label.role == "speaker" for t in parsed.turns):
        return None
    before = parsed.turns[0].label.start
    people = {k for k in table.within(0, before) if table.entities[k].kind == "person"}
    return next(iter(people)) if len(people) == 1 else None


def _turn_voices(
    parsed: Parsed, table: EntityTable, voices: Voices, interviewee: str | None, answers: frozenset[str]
) -> None:
    speakers: list[tuple[str, ...]] = []
    for turn in parsed.turns:
        label = turn.label
        key = table.at(label.name_start, label.name_end) if label.role == "speaker" else None
        if interviewee is not None and label.role == "anonymous":
            key = interviewee if fold(label.name).rstrip(".") in answers else None
        if key is None and label.role == "speaker":
            key = next((k for k in table.within(label.name_start, label.name_end) if _actor(table, k)), None)
        speaker: tuple[str, ...] = (key,) if key is not None and _actor(table, key) else ()
        speakers.append(speaker)
    for index, turn in enumerate(parsed.turns):
        speaker = speakers[index]
        addressee = _addressee(speakers, index)
        for number, block in enumerate(parsed.blocks):
            if block.kind == "body" and turn.start <= block.start < turn.end:
                voices.speakers[number] = speaker
                voices.how[number] = "transcript"
                if addressee:
                    voices.addressees[number] = addressee


def _addressee(speakers: list[tuple[str, ...]], index: int) -> tuple[str, ...]:
    """In a dialogue, "you" is the other speaker of the turns around this one."""
    own = speakers[index]
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(speakers):
            if speakers[other] and speakers[other] != own:
                return speakers[other]
            if speakers[other] != own:
                break
            other += step
    return ()


def _titled_author(
    text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge
) -> tuple[tuple[str, ...], int] | None:
    """ "Statement from President Doe on ...": the author of a document in their own words."""
    for number, block in enumerate(parsed.blocks[:3]):
        if block.kind == "body" and number > 0:
            return None
        line = text[block.start : block.end]
        for pattern in knowledge.statement_titles:
            match = pattern.match(line)
            if match is None:
                continue
            start, end = block.start + match.start("who"), block.start + match.end("who")
            keys = tuple(dict.fromkeys(k for k in table.within(start, end) if _actor(table, k)))
            people = tuple(k for k in keys if table.entities[k].kind == "person")
            if (people or keys) and _first_person(parsed, number + 1):
                return people or keys, number + 1
    return None


def _first_person(parsed: Parsed, first: int) -> bool:
    """The body speaks as "I" or "we" somewhere outside a quotation (a report about a speech does not)."""
    for sentence in parsed.sentences:
        if sentence.block < first or parsed.blocks[sentence.block].kind != "body":
            continue
        if any(t.lower_ in ("i", "we", "my", "our") and t.pos_ == "PRON" for t in sentence.span):
            return True
    return False


def _joint_opening(parsed: Parsed, table: EntityTable) -> tuple[tuple[str, ...], int] | None:
    """ "We, President Doe and President Roe, note ...": the text speaks for those it lists."""
    for sentence in parsed.sentences:
        block = parsed.blocks[sentence.block]
        if block.kind != "body":
            continue
        offset = block.start
        first = sentence.span[0]
        if first.lower_ != "we":
            return None
        keys = _listed(first, offset, table)
        body = len(keys) == 1 and table.entities[keys[0]].kind == "organisation"  # "We, the Leaders of the G7,"
        return (keys, sentence.block) if len(keys) >= 2 or body else None
    return None


def _listed(we: Token, offset: int, table: EntityTable) -> tuple[str, ...]:
    """The actors an opening "We, A and B," names before its verb (people first)."""
    verb = we.head
    span_end = offset + (verb.idx if verb.i > we.i else we.sent[-1].idx)
    keys = [k for k in table.within(offset + we.idx, span_end) if _actor(table, k)]
    people = [k for k in keys if table.entities[k].kind == "person"]
    return tuple(dict.fromkeys(people or keys))


def _speak_from(parsed: Parsed, first: int, keys: tuple[str, ...], how: str, voices: Voices) -> None:
    for number in range(first, len(parsed.blocks)):
        if parsed.blocks[number].kind == "body":
            voices.speakers[number] = keys
            voices.how[number] = how


def _actor(table: EntityTable, key: str) -> bool:
    return table.entities[key].kind in _ACTORS
