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
_ENCOUNTERS = ("call", "video conference", "talks", "meeting", "visit")


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
    text: str,
    parsed: Parsed,
    table: EntityTable,
    knowledge: Knowledge,
    voices: Voices | None = None,
    principal: str | None = None,
) -> list[MeetingRecord]:
    """The meetings a (cleaned) document reports, merged per encounter. ``principal`` is the
    person an office's page speaks for: the host of the encounter its title reports."""
    finder = _MeetingFinder(text, parsed, table, knowledge, voices or Voices(), principal)
    return finder.run()


class _MeetingFinder:
    def __init__(
        self,
        text: str,
        parsed: Parsed,
        table: EntityTable,
        knowledge: Knowledge,
        voices: Voices,
        principal: str | None,
    ) -> None:
        self.text = text
        self.parsed = parsed
        self.table = table
        self.k = knowledge
        self.principal = principal
        self.discourse = Discourse(table, knowledge, voices)
        self.mentions: list[MeetingRecord] = []
        self.joined: list[tuple[int, int, list[str], list[str]]] = []
        self.items = _items(parsed)

    def run(self) -> list[MeetingRecord]:
        for sentence, offset, _block in self.discourse.walk(self.parsed):
            if self.text[sentence.start : sentence.end].rstrip().endswith("?"):
                continue
            for token in sentence.span:
                record = self._mention(token, sentence, offset)
                if record is not None:
                    self.mentions.append(record)
                self._participation(token, sentence, offset)
        merged = _merge(self.mentions, self.table)
        _attach_participants(merged, self.joined)
        return [m for m in merged if _enough(m)]

    def _participation(self, token: Token, sentence: Sentence, offset: int) -> None:
        """ "Jane Doe, who was also in attendance", "took part via video link": someone joins the
        encounter the passage reports (or the one of the body named: "the work of the Council")."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.k.participation_verbs:
            verb = token
            if any(c.dep_ in ("dobj", "obj") for c in verb.children):
                return  # "joined the alliance" is membership; "joined the call" is the noun's mention
        elif token.lower_ == "part" and token.head.lemma_.lower() == "take":
            verb = token.head
        elif token.lower_ == "attendance" and token.head.lower_ == "in":
            verb = token.head.head
        elif token.lower_ == "present" and token.head.lemma_.lower() == "be":
            verb = token.head
        else:
            return
        subject = subject_of(verb)
        if subject is None:
            return
        keys = [k for k in (self.discourse.resolve(subject, offset) or ()) if self.table.entities[k].kind in _ACTORS]
        if not keys:
            return
        bodies = [
            k
            for c in verb.children
            if c.dep_ == "prep"
            for k in self._entities_in(c, offset)
            if self.table.entities[k].kind == "organisation"
        ]
        self.joined.append((offset + token.idx, self.items[sentence.block], keys, bodies))

    # -- one mention --------------------------------------------------------------------
    def _mention(self, token: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.k.dated_speech:
            conversation = self._dated_conversation(token, sentence, offset)
            if conversation is not None:
                return conversation
        if token.pos_ == "VERB" and lemma in self.k.meeting_verbs:
            return self._verb_mention(token, sentence, offset)
        if token.pos_ in ("NOUN", "PROPN") and lemma in self.k.meeting_nouns:
            return self._noun_mention(token, sentence, offset)
        return None

    def _verb_mention(self, verb: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        lemma = verb.lemma_.lower()
        kind = self.k.meeting_verbs[lemma]
        preps = self.k.meeting_verb_preps.get(lemma)
        if preps is not None and not any(c.dep_ == "prep" and c.lower_ in preps for c in verb.children):
            return None  # "spoke about the plan" reports no encounter; "spoke with the minister" does
        if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in verb.children):
            return None
        for child in verb.children:  # "spoke by phone", "talked via video link"
            for obj in (g for g in child.children if child.dep_ == "prep" and g.dep_ == "pobj"):
                kind = (
                    self.k.meeting_modifiers.get(obj.lemma_.lower(), kind) if obj.lemma_.lower() != "summit" else kind
                )
        parties: list[str] = []
        unnamed = False
        subject = subject_of(verb)
        subject_keys: tuple[str, ...] = ()
        if subject is not None:
            subject_keys = self.discourse.resolve(subject, offset) or ()
            if lemma != "host":
                parties.extend(subject_keys)
            else:  # a country or city hosting an event is no party to it; a person hosting a guest is
                parties.extend(k for k in subject_keys if self.table.entities[k].kind == "person")
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if lemma not in self.k.object_only_meetings:  # "welcomed the chance to talk with X": X is not welcomed
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
            if obj.lemma_.lower() in self.k.audiences or obj.lower_ in self.k.audiences:
                continue  # "spoke to reporters" is no encounter of parties
            keys = self._named(obj, offset)
            if keys and lemma == "visit":  # visiting a city or a country is no encounter by itself
                keys = tuple(k for k in keys if self.table.entities[k].kind in ("person", "organisation"))
            if keys:
                parties.extend(k for k in keys if k not in parties)
            elif obj.pos_ in ("NOUN", "PROPN"):
                unnamed = unnamed or obj.lemma_.lower() in self.k.group_nouns or obj.lower_ in self.k.group_nouns
        if lemma == "visit" and not any(self.table.entities[k].kind == "person" for k in parties):
            return None
        if lemma in self.k.object_only_meetings and not any(k not in subject_keys for k in parties):
            return None  # "welcomed the opportunity" welcomes no one
        conveners: list[str] = []
        group = subject is not None and (
            subject.lemma_.lower() in self.k.group_nouns or subject.lower_ in self.k.group_nouns
        )
        if group and not objects and not parties and subject is not None:  # "The G7 foreign ministers met"
            parties = [k for k in self._entities_in(subject, offset) if self.table.entities[k].kind == "organisation"]
        if group and not objects and len(parties) == 1 and self.table.entities[parties[0]].kind == "organisation":
            conveners, parties, unnamed = parties, [], True  # "foreign ministers of the G7 met": a G7 meeting
        return self._record(verb, kind, parties, conveners, unnamed, sentence, offset, definite=False)

    def _dated_conversation(self, verb: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        """ "As I told President X on August 23": speaking to a named person on a given day is a conversation."""
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        dated = any(
            c.dep_ in ("prep", "npadvmod")
            and self.k.day_pattern.search(
                self.text, offset + c.left_edge.idx, offset + c.right_edge.idx + len(c.right_edge.text)
            )
            for c in verb.children
        )
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        people = [k for o in objects for k in (self._named(o, offset) or ()) if self.table.entities[k].kind == "person"]
        subject = subject_of(verb)
        speakers = (
            [k for k in (self.discourse.resolve(subject, offset) or ()) if self.table.entities[k].kind == "person"]
            if subject is not None
            else []
        )
        if not dated or not people or not speakers:
            return None
        return self._record(verb, "talks", [*speakers, *people], [], False, sentence, offset, definite=False)

    def _noun_mention(self, noun: Token, sentence: Sentence, offset: int) -> MeetingRecord | None:
        lemma = noun.lemma_.lower()
        if lemma in self.k.proper_only_meetings and not (
            noun.text[:1].isupper() or noun.head.lemma_.lower() in self.k.light_verbs
        ):
            return None  # "dialogue" in general is no meeting; "the Strategic Stability Dialogue" is one
        kind = self.k.meeting_nouns[lemma]
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
                    keys = self._named(obj, offset)
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
                parties.extend(k for k in (self._named(child, offset) or ()) if k not in parties)
            elif child.dep_ in ("compound", "amod", "nmod"):
                keys = [k for k in self._entities_in(child, offset) if self.table.entities[k].kind in _ACTORS]
                places = [k for k in self._entities_in(child, offset) if self.table.entities[k].kind == "place"]
                if places:
                    place = places[0]
                if len(keys) == 1 and self.table.entities[keys[0]].kind == "organisation":
                    conveners.append(keys[0])  # "a NATO meeting", "the EU summit"
                else:
                    parties.extend(k for k in keys if k not in parties)  # "Russia-NATO talks"

        described = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
        for child in (c for d in described for c in d.children):  # "a summit hosted by A and B": the hosts take part
            if child.dep_ == "acl" and child.tag_ == "VBN":
                for agent in (g for g in child.children if g.dep_ == "agent"):
                    for obj in (g for g in agent.children if g.dep_ == "pobj"):
                        parties.extend(k for k in (self._named(obj, offset) or ()) if k not in parties)
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
        if noun.dep_ in ("dobj", "obj") and (
            governor.lemma_.lower() in self.k.light_verbs or governor.lemma_.lower() in self.k.hypothetical_words
        ):
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
                        parties.extend(k for k in (self._named(obj, offset) or ()) if k not in parties)
        elif noun.dep_ in ("nsubjpass", "nsubj"):
            for child in governor.children:
                if child.dep_ == "agent":
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        parties.extend(k for k in (self._named(obj, offset) or ()) if k not in parties)
        elif (not parties or self._modality(noun) == "proposed") and (
            (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"))
            or (noun.dep_ in ("advcl", "npadvmod", "dep") and noun.head.pos_ == "VERB" and noun.i == noun.sent.start)
        ):  # "at the meeting, X told Y"; "X asked for a meeting with Y": X is a party too
            verb = noun.head.head if noun.dep_ == "pobj" else noun.head
            subject = subject_of(verb)
            if subject is not None:
                parties.extend(k for k in (self.discourse.resolve(subject, offset) or ()) if k not in parties)
            for child in verb.children:
                if child.dep_ in ("dobj", "obj", "dative"):
                    parties.extend(k for k in (self._named(child, offset) or ()) if k not in parties)
        definite = any(c.lower_ in _DEFINITE for c in noun.children if c.dep_ == "det") or noun.dep_ == "poss"
        record = self._record(noun, kind, parties, conveners, unnamed, sentence, offset, definite=definite)
        record.place = record.place or place
        return record

    def _entities_in(self, token: Token, offset: int) -> list[str]:
        start = offset + token.left_edge.idx
        end = offset + token.right_edge.idx + len(token.right_edge.text)
        return self.table.within(start, end)

    def _modality(self, token: Token) -> str | None:
        """A meeting only proposed or invited to ("proposed fresh negotiations in Geneva"), or called off."""
        current = token
        for _ in range(6):
            lemma = current.lemma_.lower()
            if current.pos_ == "VERB" and lemma in self.k.cancelling_words:
                return "cancelled"
            if current.pos_ == "VERB" and lemma in self.k.hypothetical_words:
                return "proposed"
            if current.pos_ == "VERB" and lemma in self.k.requesting_words:
                return "requested"
            if current.head.i == current.i:
                return None
            current = current.head
        return None

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
        status = self._modality(trigger) or ("scheduled" if self._scheduled(trigger) else "held")
        if status == "proposed" and len(parties) == 1:
            parties = parties + [p for p in self._counterpart(parties[0]) if p not in parties]
        if self.parsed.blocks[sentence.block].kind == "heading" and sentence.block < 3:
            parties = self._hosted(parties, kind)
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

    def _named(self, token: Token, offset: int) -> tuple[str, ...] | None:
        """The actors a phrase names; "you", "me" and "him" through the discourse."""
        return self.discourse.resolve(token, offset) if token.pos_ == "PRON" else self.discourse.name(token, offset)

    def _counterpart(self, party: str) -> list[str]:
        """Whom a proposal is made to: the other side of the encounter the text reports ("X spoke with Y.
        X proposed a summit")."""
        pair = self.discourse.pair or ()
        return [p for p in pair if p != party] if party in pair else []

    def _hosted(self, parties: list[str], kind: str) -> list[str]:
        """A title "Telephone conversation with X" on an office's page: its principal spoke with X."""
        if self.principal is None or self.principal in parties or len(parties) != 1:
            return parties
        if self.table.entities[parties[0]].kind != "person" or kind not in _ENCOUNTERS:
            return parties
        return [self.principal, *parties]

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
        """ "will meet", "will hold talks", "will embark on a dialogue"; not "will brief X on the talks"."""
        verb = trigger
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb is not trigger and trigger.dep_ not in ("dobj", "obj", "nsubj", "nsubjpass"):
            topic = trigger.head.lower_ in ("on", "about", "over", "regarding", "of")  # "brief X on the talks"
            if topic or verb.lemma_.lower() not in self.k.light_verbs:
                return False
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
    return merged


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
    """The earlier mention of the same encounter, if any: a proposed meeting is not the one held."""
    merged = [m for m in merged if m.item == mention.item and _same_status(m, mention)]
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
        people_only = all(table.entities[k].kind == "person" for k in (*parties, *other.participants))
        if people_only and not parties & set(other.participants):
            continue  # two different pairs of people from the same two countries met twice
        if len(sides & other_sides) >= 2 and (sides <= other_sides or other_sides <= sides):
            return other
    if mention.place is not None:
        for other in reversed(merged):
            shared = not parties or not other.participants or parties <= set(other.participants) | sides
            if other.place == mention.place and shared:
                return other
    for other in reversed(merged):
        if (
            mention.conveners
            and set(mention.conveners) & set(other.conveners)
            and (other.place is None or mention.place is None or other.place == mention.place)
            and _remote(mention) == _remote(other)
        ):
            return other  # "a meeting of the Council ... the Council's session"
    if mention.definite and not mention.conveners:
        sentence = mention.sentence
        for other in reversed(merged):
            same_sentence = any(sentence.start <= t < sentence.end for t in other.triggers)
            place_fits = mention.place is None or other.place in (None, mention.place)
            parties_fit = not parties or not other.participants or bool(parties & set(other.participants))
            if not same_sentence and place_fits and parties_fit and _remote(mention) == _remote(other):
                return other
    return None


def _same_status(one: MeetingRecord, other: MeetingRecord) -> bool:
    """A meeting agreed for later is another encounter than the one that agreed it."""
    return one.status == other.status


def _remote(record: MeetingRecord) -> bool:
    """Calls and video conferences are other encounters than meetings in person."""
    return record.kind in ("call", "video conference")


def _enough(record: MeetingRecord) -> bool:
    """An encounter needs two parties, or one named party and an unnamed counterpart, or a body
    that convenes it ("the June summit of the alliance": the body's members meet, so the body
    takes part)."""
    if record.status == "requested":
        return False  # only asked of others ("invited Russia to new talks"): not a reported encounter
    parties = len(record.participants)
    enough = parties >= 2 or (parties == 1 and record.unnamed_party) or bool(record.conveners)
    if enough:
        record.participants.extend(k for k in record.conveners if k not in record.participants)
    return enough


def _attach_participants(merged: list[MeetingRecord], joined: list[tuple[int, int, list[str], list[str]]]) -> None:
    """Add those who joined an encounter: to the one convened by the body they name, else the last
    one reported before them in the same news item."""
    for position, item, keys, bodies in joined:
        here = [m for m in merged if m.item == item]
        target = next((m for m in here if set(bodies) & set(m.conveners)), None)
        if target is None and not bodies:
            before = [m for m in here if min(m.triggers) <= position]
            target = max(before, key=lambda m: max(t for t in m.triggers if t <= position), default=None)
        if target is not None:
            target.participants.extend(k for k in keys if k not in target.participants)
