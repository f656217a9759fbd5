"""Meetings: talks, calls, summits and visits, with who took part, where, and when.

Each mention of a meeting is read from the parse (a verb such as "met", a noun such as
"talks" with its "with"/"between" phrases, possessor and compounds, or the clause that
governs it). Mentions of one encounter in a document ("the NATO-Russia Council held its
first meeting ... The meeting was attended by ...") are then merged: a definite mention
without parties of its own joins the meeting it refers back to, and mentions with the
same parties, or with parties that stand for the same sides, become one.
"""

from __future__ import annotations

import attrs
from spacy.tokens import Token

from eventgraph.extract.entities import EntityTable
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.segment import Parsed, Sentence
from eventgraph.extract.speakers import Discourse, subject_of
from eventgraph.extract.voices import Voices
from eventgraph.ids import fold
from eventgraph.model import Span

__all__ = ["MeetingRecord", "extract_meetings"]

_ACTORS = ("person", "organisation", "country")
_CONVENERS = ("council", "assembly", "committee", "commission", "union", "parliament", "organization", "organisation")
_DEFINITE = {"the", "this", "that", "these", "those"}


@attrs.define
class MeetingRecord:
    """One meeting of a document, possibly from several mentions."""

    sentence: Span
    kind: str
    status: str
    participants: list[str]
    conveners: list[str]
    place: str | None
    triggers: list[int]
    clauses: list[Span]
    item: int = 0
    evidence: list[tuple[int, int, Span]] = attrs.field(factory=list)
    unnamed_party: bool = False
    definite: bool = False


def extract_meetings(
    text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge, voices: Voices | None = None
) -> list[MeetingRecord]:
    """The meetings a (cleaned) document reports, merged per encounter."""
    finder = _MeetingFinder(text, parsed, table, knowledge, voices or Voices())
    return finder.run()


class _MeetingFinder:
    def __init__(self, text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge, voices: Voices) -> None:
        self.text = text
        self.parsed = parsed
        self.table = table
        self.k = knowledge
        self.discourse = Discourse(table, knowledge, voices)
        self.mentions: list[MeetingRecord] = []
        self.items = _items(parsed)

    def run(self) -> list[MeetingRecord]:
        for sentence, offset, _block in self.discourse.walk(self.parsed):
            if self.text[sentence.start : sentence.end].rstrip().endswith("?"):
                continue
            for token in sentence.span:
                record = self._mention(token, sentence, offset)
                if record is not None:
                    self.mentions.append(record)
        return _merge(self.mentions, self.table)

    # -- one mention --------------------------------------------------------------------
    def _mention(self, token: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.k.meeting_verbs:
            return self._verb_mention(token, sentence, offset)
        if token.pos_ in ("NOUN", "PROPN") and lemma in self.k.meeting_nouns:
            return self._noun_mention(token, sentence, offset)
        return None

    def _verb_mention(self, verb: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        lemma = verb.lemma_.lower()
        kind = self.k.meeting_verbs[lemma]
        if self._hypothetical(verb) or any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in verb.children):
            return None
        parties: list[str] = []
        unnamed = False
        subject = subject_of(verb)
        if subject is not None:
            keys = self.discourse.resolve(subject, offset) or ()
            if lemma != "host":  # the host receives the meeting; it is not a party to it
                parties.extend(keys)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        objects += [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in ("with", "to")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for obj in objects:
            if obj.lemma_.lower() in self.k.meeting_nouns:
                return None  # "hosted a meeting": the noun is the mention
            keys = self.discourse.name(obj, offset)
            if keys and lemma == "visit":  # visiting a city or a country is no encounter by itself
                keys = tuple(k for k in keys if self.table.entities[k].kind in ("person", "organisation"))
            if keys:
                parties.extend(k for k in keys if k not in parties)
            elif obj.pos_ in ("NOUN", "PROPN"):
                unnamed = unnamed or obj.lemma_.lower() in self.k.group_nouns or obj.tag_ in ("NNS",)
        if lemma == "visit" and not any(self.table.entities[k].kind == "person" for k in parties):
            return None
        conveners: list[str] = []
        group = subject is not None and subject.lemma_.lower() in self.k.group_nouns
        if group and not objects and len(parties) == 1 and self.table.entities[parties[0]].kind == "organisation":
            conveners, parties, unnamed = parties, [], True  # "foreign ministers of the G7 met": a G7 meeting
        return self._record(verb, kind, parties, conveners, unnamed, sentence, offset, definite=False)

    def _noun_mention(self, noun: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        if self._hypothetical(noun):
            return None
        kind = self.k.meeting_nouns[noun.lemma_.lower()]
        if any(c.lower_ in ("press", "news") for c in noun.children if c.dep_ in ("compound", "amod", "nmod")):
            return None
        parties: list[str] = []
        conveners: list[str] = []
        place: str | None = None
        unnamed = False
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.lower_ in self.k.meeting_modifiers:
                kind = self.k.meeting_modifiers[child.lower_]
        bare_call = kind == "call" and not any(c.lower_ in self.k.meeting_modifiers for c in noun.children)
        if bare_call and not any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children):
            return None  # "a call for restraint" is not a phone call
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    keys = self.discourse.name(obj, offset)
                    if keys:
                        parties.extend(k for k in keys if k not in parties)
                    else:
                        unnamed = True
            elif child.dep_ == "prep" and child.lower_ == "of":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    for key in self._entities_in(obj, offset):
                        if self.table.entities[key].kind == "organisation":
                            conveners.append(key)
            elif child.dep_ == "poss":
                parties.extend(k for k in (self.discourse.name(child, offset) or ()) if k not in parties)
            elif child.dep_ in ("compound", "amod", "nmod"):
                keys = [k for k in self._entities_in(child, offset) if self.table.entities[k].kind in _ACTORS]
                places = [k for k in self._entities_in(child, offset) if self.table.entities[k].kind == "place"]
                if places:
                    place = places[0]
                if len(keys) == 1 and self.table.entities[keys[0]].kind == "organisation":
                    conveners.append(keys[0])  # "a NATO meeting", "the EU summit"
                else:
                    parties.extend(k for k in keys if k not in parties)  # "Russia-NATO talks"

        for child in noun.subtree:
            if child.dep_ == "relcl" and any(g.lower_ == "where" for g in child.children):
                subject = subject_of(child)
                if subject is not None:
                    parties.extend(k for k in (self.discourse.resolve(subject, offset) or ()) if k not in parties)
        start = offset + noun.idx
        own = self.table.at(start, start + len(noun.text))
        if own is not None and self.table.entities[own].kind == "organisation":
            conveners.append(own)
        governor = noun.head
        if noun.dep_ in ("dobj", "obj") and governor.lemma_.lower() in self.k.light_verbs:
            subject = subject_of(governor)
            keys = self.discourse.resolve(subject, offset) if subject is not None else None
            for key in keys or ():
                entity = self.table.entities[key]
                if governor.lemma_.lower() == "host":
                    continue
                if entity.kind == "organisation" and fold(entity.name).split()[-1] in _CONVENERS:
                    conveners.append(key)
                elif key not in parties:
                    parties.append(key)
            for child in governor.children:
                if child.dep_ == "prep" and child.lower_ in ("with", "between"):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        parties.extend(k for k in (self.discourse.name(obj, offset) or ()) if k not in parties)
        elif noun.dep_ in ("nsubjpass", "nsubj"):
            for child in governor.children:
                if child.dep_ == "agent":
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        parties.extend(k for k in (self.discourse.name(obj, offset) or ()) if k not in parties)
        elif not parties and (
            (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"))
            or (noun.dep_ in ("advcl", "npadvmod", "dep") and noun.head.pos_ == "VERB" and noun.i == noun.sent.start)
        ):
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            subject = subject_of(verb)
            if subject is not None:
                parties.extend(self.discourse.resolve(subject, offset) or ())
            for child in verb.children:
                if child.dep_ in ("dobj", "obj", "dative"):
                    parties.extend(k for k in (self.discourse.name(child, offset) or ()) if k not in parties)
        definite = any(c.lower_ in _DEFINITE for c in noun.children if c.dep_ == "det") or noun.dep_ == "poss"
        record = self._record(noun, kind, parties, conveners, unnamed, sentence, offset, definite=definite)
        record.place = record.place or place
        return record

    def _entities_in(self, token: Token, offset: int) -> list[str]:
        start = offset + token.left_edge.idx
        end = offset + token.right_edge.idx + len(token.right_edge.text)
        return self.table.within(start, end)

    def _hypothetical(self, token: Token) -> bool:
        """A meeting only proposed or invited to ("proposed fresh negotiations in Geneva")."""
        current = token
        for _ in range(6):
            if current.lemma_.lower() in self.k.hypothetical_words and current.pos_ == "VERB":
                return True
            if current.head.i == current.i:
                return False
            current = current.head
        return False

    def _record(
        self,
        trigger: Token,
        kind: str,
        parties: list[str],
        conveners: list[str],
        unnamed: bool,
        sentence: Sentence,
        offset: int,
        definite: bool,
    ) -> MeetingRecord:
        parties = [p for p in dict.fromkeys(parties) if self.table.entities[p].kind in _ACTORS]
        place = self._place(trigger, offset)
        clause_head = trigger.head if trigger.pos_ != "VERB" and trigger.head.pos_ in ("VERB", "AUX") else trigger
        clause = Span(
            offset + clause_head.left_edge.idx, offset + clause_head.right_edge.idx + len(clause_head.right_edge.text)
        )
        status = "scheduled" if self._scheduled(trigger) else "held"
        heading = self.parsed.blocks[sentence.block].kind != "body"
        evidence = [(0 if heading else 1, len(parties), Span(sentence.start, sentence.end))]
        return MeetingRecord(
            evidence=evidence,
            sentence=Span(sentence.start, sentence.end),
            kind=kind,
            status=status,
            participants=parties,
            conveners=list(dict.fromkeys(conveners)),
            place=place,
            triggers=[offset + trigger.idx],
            clauses=[clause],
            item=self.items[sentence.block],
            unnamed_party=unnamed,
            definite=definite,
        )

    def _place(self, trigger: Token, offset: int) -> str | None:
        preps = [
            t for t in trigger.subtree if t.dep_ == "prep" and t.lower_ in ("in", "at") and _within_clause(t, trigger)
        ]
        if trigger.pos_ != "VERB" and trigger.head.pos_ in ("VERB", "AUX"):
            preps += [c for c in trigger.head.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
        for _ in (0,):
            for child in preps:
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    start = offset + obj.idx
                    key = self.table.at(start, start + len(obj.text))
                    if key is not None and self.table.entities[key].kind in ("place", "country"):
                        return key
        return None

    def _scheduled(self, trigger: Token) -> bool:
        verb = trigger if trigger.pos_ == "VERB" else trigger.head
        words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "advmod")}
        words |= {c.lower_ for c in trigger.children if c.dep_ in ("amod", "advmod")}
        return bool(words & self.k.scheduled_words - {"to"}) or (verb.tag_ == "VB" and "to" in words)


def _within_clause(token: Token, head: Token) -> bool:
    """True when no clause boundary (another verb's clause) lies between token and head."""
    current = token.head
    while current.i != head.i and current.head.i != current.i:
        if current.pos_ in ("VERB", "AUX") or current.dep_ in ("relcl", "advcl", "ccomp", "acl"):
            return False
        current = current.head
    return True


def _items(parsed: Parsed) -> list[int]:
    """For each block, the news item it belongs to: a date line (with its heading) starts one."""
    items = []
    current = 0
    blocks = parsed.blocks
    for number, block in enumerate(blocks):
        starts = block.kind == "dateline" and not (number > 0 and blocks[number - 1].kind == "heading")
        starts = starts or (
            block.kind == "heading" and number + 1 < len(blocks) and blocks[number + 1].kind == "dateline"
        )
        if starts:
            current += 1
        items.append(current)
    return items


def _sides(record: MeetingRecord, table: EntityTable) -> set[str]:
    """The sides at the table: a titled person stands for the body their title names."""
    sides = set()
    for key in record.participants:
        entity = table.entities[key]
        owners = [
            o.key
            for of in sorted(entity.affiliations)
            for o in table.entities.values()
            if o.kind in ("organisation", "country") and fold(o.name) == fold(of)
        ]
        sides.add(owners[0] if owners else key)
    return sides


def _merge(mentions: list[MeetingRecord], table: EntityTable) -> list[MeetingRecord]:
    merged: list[MeetingRecord] = []
    for mention in mentions:
        target = _same_as(mention, merged, table)
        if target is None:
            merged.append(mention)
            continue
        represented = _sides(target, table) - set(target.participants)
        for key in mention.participants:
            if key not in target.participants and key not in represented:
                target.participants.append(key)
        target.evidence.extend(mention.evidence)
        target.conveners.extend(k for k in mention.conveners if k not in target.conveners)
        target.place = target.place or mention.place
        target.triggers.extend(mention.triggers)
        target.clauses.extend(mention.clauses)
        target.unnamed_party = target.unnamed_party or mention.unnamed_party
        if target.kind in ("meeting", "talks") and mention.kind not in ("meeting", "talks"):
            target.kind = mention.kind
    for record in merged:
        record.sentence = _passage(record)
    return [m for m in merged if _enough(m)]


def _passage(record: MeetingRecord) -> Span:
    """The report of a meeting: its first mention in running text (headlines only when there is
    none), with the sentences right after it that mention the meeting again."""
    body = sorted(e[2] for e in record.evidence if e[0])
    spans = body or sorted(e[2] for e in record.evidence)
    start, end = spans[0].start, spans[0].end
    for span in spans[1:]:
        if span.start > end + 2 or span.start < start:
            break
        end = max(end, span.end)
    return Span(start, end)


def _same_as(mention: MeetingRecord, merged: list[MeetingRecord], table: EntityTable) -> MeetingRecord | None:
    merged = [m for m in merged if m.item == mention.item]
    if not merged:
        return None
    parties = set(mention.participants)
    for other in reversed(merged):
        if parties and parties == set(other.participants):
            return other
    sides = _sides(mention, table)
    for other in reversed(merged):
        if _remote(mention) != _remote(other):
            continue
        other_sides = _sides(other, table)
        if len(sides & other_sides) >= 2 and (sides <= other_sides or other_sides <= sides):
            return other
    if mention.place is not None:
        for other in reversed(merged):
            shared = not parties or not other.participants or parties <= set(other.participants) | sides
            if other.place == mention.place and shared:
                return other
    if mention.definite or not parties:
        for other in reversed(merged):
            if (
                mention.conveners
                and set(mention.conveners) & set(other.conveners)
                and other.place in (None, mention.place)
            ):
                return other
    if mention.definite:
        sentence = mention.sentence
        for other in reversed(merged):
            same_sentence = any(sentence.start <= t < sentence.end for t in other.triggers)
            place_fits = mention.place is None or other.place in (None, mention.place)
            parties_fit = not parties or not other.participants or bool(parties & set(other.participants))
            convener_fits = (
                not mention.conveners or not other.conveners or bool(set(mention.conveners) & set(other.conveners))
            )
            if (
                not same_sentence
                and place_fits
                and parties_fit
                and convener_fits
                and _remote(mention) == _remote(other)
            ):
                return other
    return None


def _remote(record: MeetingRecord) -> bool:
    """Calls and video conferences are other encounters than meetings in person."""
    return record.kind in ("call", "video conference")


def _enough(record: MeetingRecord) -> bool:
    """An encounter needs two parties, or one named party and an unnamed counterpart."""
    parties = len(record.participants)
    return parties >= 2 or (parties == 1 and (record.unnamed_party or bool(record.conveners)))
