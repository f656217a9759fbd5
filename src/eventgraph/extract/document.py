"""One document in, its facts out: the per-document stage of ingestion.

``extract_document`` is a pure function of the document, the knowledge base and the
reference date, so documents can be extracted in any order or in parallel and merged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import attrs

from eventgraph.extract.budget import check_time
from eventgraph.extract.claims import ClaimRecord, extract_claims
from eventgraph.extract.clean import clean
from eventgraph.extract.context import StatementTopic, statement_topics
from eventgraph.extract.dating import Dates, date_facts
from eventgraph.extract.entities import EntityTable, detect_entities
from eventgraph.extract.frame import Frame, document_frame
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.meetings import MeetingRecord, extract_meetings
from eventgraph.extract.publisher import HouseStyle, house_style
from eventgraph.extract.roles import complete_owners, principal_person, resolve_roles
from eventgraph.extract.segment import Parsed, parse
from eventgraph.extract.timex import dated_years, find_times
from eventgraph.extract.topics import TopicMatcher
from eventgraph.extract.voices import Voices, find_voices
from eventgraph.graph import EventGraph
from eventgraph.ids import content_id, fold, slug
from eventgraph.model import Claim, DateInterval, Document, Edge, EdgeKind, Entity, Meeting, Mention, Span, Topic

__all__ = ["Analysis", "analyse", "extract_document"]


@functools.cache
def _topic_matcher(knowledge: Knowledge) -> TopicMatcher:
    return TopicMatcher(knowledge)


@attrs.frozen
class Analysis:
    """Everything found in one document, before it becomes graph values."""

    document: Document
    parsed: Parsed
    table: EntityTable
    frame: Frame
    claims: list[ClaimRecord]
    meetings: list[MeetingRecord]
    dates: Dates
    voices: Voices
    style: HouseStyle


def analyse(document: Document, knowledge: Knowledge, today: dt.date | None = None) -> Analysis:
    """Run every extraction stage over one document."""
    today = today or dt.date.today()
    cleaned = clean(document.text, knowledge)
    style = house_style(cleaned.text, knowledge)
    parsed = parse(cleaned.text, knowledge)
    check_time()
    times = find_times(cleaned.text, knowledge)
    table = detect_entities(cleaned.text, parsed, knowledge, cleaned.bylines, dated_years(times, document.published))
    check_time()
    frame = document_frame(cleaned.text, parsed, times, table, knowledge, document.published, today)
    resolve_roles(table, frame, knowledge, style.principal)
    complete_owners(table, knowledge, style.principal)
    voices = find_voices(cleaned.text, parsed, table, knowledge)
    claims = extract_claims(cleaned.text, parsed, table, knowledge, voices, style)
    check_time()
    principal = principal_person(table, frame, knowledge, style.principal)
    meetings = extract_meetings(cleaned.text, parsed, table, knowledge, voices, principal)
    dates = date_facts(cleaned.text, parsed, times, frame, claims, meetings)
    published = document.published or frame.published
    title = _title(document, cleaned.text)
    found = attrs.evolve(document, published=published, title=title)
    return Analysis(found, parsed, table, frame, claims, meetings, dates, voices, style)


def _first_line(text: str) -> str:
    return next((line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip()), "")[:200]


def _title(document: Document, cleaned: str) -> str:
    """A title taken from the first line of the text is retaken after cleaning (not a banner)."""
    if document.title and document.title != _first_line(document.text):
        return document.title
    return _first_line(cleaned) or document.title


def extract_document(document: Document, knowledge: Knowledge, today: dt.date | None = None) -> EventGraph:
    """The graph of one document: the document node and every fact found in it."""
    found = analyse(document, knowledge, today)
    builder = _Builder(found.document, found.table, knowledge)
    builder.entities()
    topics = statement_topics(
        found.document.text,
        found.parsed,
        found.claims,
        _topic_matcher(knowledge),
        lambda start, end: _lemmas(found.parsed, Span(start, end)),
        knowledge,
        found.table.within,
    )
    for index, record in enumerate(found.claims):
        builder.claim(record, found.dates.claims[index], found.dates.periods[index], topics[index])
    for index, meeting in enumerate(found.meetings):
        builder.meeting(meeting, found.dates.meetings[index])
    return builder.graph


class _Builder:
    def __init__(self, document: Document, table: EntityTable, knowledge: Knowledge) -> None:
        self.doc = document
        self.table = table
        self.k = knowledge
        self.graph = EventGraph([document])
        self.support = (document.id,)

    def edge(self, kind: EdgeKind, source: str, target: str, **fields: object) -> None:
        self.graph.link(Edge(kind, source, target, documents=self.support, **fields))  # type: ignore[arg-type]

    def entities(self) -> None:
        by_name = {}
        for entity in self.table.entities.values():
            if not entity.mentions:
                continue
            surfaces = {self.doc.text[s:e] for _, s, e in entity.mentions if (s, e) not in self.table.role_spans}
            node = Entity(entity.key, entity.kind, entity.name, aliases=surfaces | {entity.name})
            self.graph.add(node)
            mentions = [
                Mention(self.doc.text[s:e], s, e, by_role=(s, e) in self.table.role_spans)
                for _, s, e in entity.mentions
            ]
            self.edge(EdgeKind.MENTIONS, self.doc.id, entity.key, mentions=mentions, name=entity.name)
            by_name[(entity.kind, fold(entity.name))] = entity.key
        for entity in self.table.entities.values():
            if entity.kind != "person" or not entity.mentions:
                continue
            for title, _function, of in sorted(entity.titles, key=lambda t: (t[0], t[2] or "")):
                owner = by_name.get(("organisation", fold(of or ""))) or by_name.get(("country", fold(of or "")))
                if owner is not None:
                    self.edge(EdgeKind.ROLE, entity.key, owner, title=title, interval=self.doc.published)
        self._located_in(by_name)

    def _located_in(self, by_name: dict[tuple[str, str], str]) -> None:
        """Places inside other places the document names: gazetteer knowledge and "X in Y"."""
        text = self.doc.text
        for entity in self.table.entities.values():
            if entity.kind != "place" or not entity.mentions:
                continue
            containers = set()
            country = self.k.place_country.get(fold(entity.name))
            place = self.k.place_by_name.get(fold(entity.name))
            for name in (country, place.within if place else None):
                if name:
                    containers.add(by_name.get(("country", fold(name))) or by_name.get(("place", fold(name))))
            for _, _, end in entity.mentions:
                match = re.match(r",?\s+in\s+(?:the\s+)?", text[end : end + 12])
                if match:
                    key = self.table.at(end + match.end(), end + match.end() + 1)
                    if key is not None and self.table.entities[key].kind in ("place", "country"):
                        containers.add(key)
            for container in containers - {None, entity.key}:
                self.edge(EdgeKind.LOCATED_IN, entity.key, container)  # type: ignore[arg-type]

    def claim(
        self,
        record: ClaimRecord,
        date: DateInterval | None,
        period: DateInterval | None,
        topics: list[StatementTopic],
    ) -> None:
        speaker = self._entity(record.speakers[0])
        span = record.span
        claim_id = content_id("claim", self.doc.id, span.start, span.end, speaker)
        text = self.doc.text[span.start : span.end]
        node = Claim(claim_id, self.doc.id, text, record.form, record.cue, span, record.sentence, date, period)
        self.graph.add(node)
        self.edge(EdgeKind.SOURCE, claim_id, self.doc.id)
        self.edge(EdgeKind.SAID, speaker, claim_id)
        for topic in topics:
            topic_id = f"topic:{slug(topic.hit.label)}"
            self.graph.add(Topic(topic_id, topic.hit.label, signals=(topic.hit.signal,)))
            how = "context" if topic.how == "context" else None  # carried from the passage, not in its words
            self.edge(EdgeKind.ABOUT, claim_id, topic_id, name=how)
        for key in self._about(span, speaker):
            self.edge(EdgeKind.ABOUT, claim_id, key)

    def _about(self, span: Span, speaker: str) -> list[str]:
        keys = [k for k in self.table.within(span.start, span.end) if k != speaker and k in self.graph]
        for key in list(keys):
            for edge in self.graph.edges(EdgeKind.LOCATED_IN, source=key):
                if edge.target not in keys:
                    keys.append(edge.target)
        return keys

    def meeting(self, record: MeetingRecord, date: DateInterval | None) -> None:
        sentence = record.sentence
        meeting_id = content_id("meeting", self.doc.id, min(record.triggers))
        text = self.doc.text[sentence.start : sentence.end]
        node = Meeting(
            meeting_id, self.doc.id, record.kind, Span(sentence.start, sentence.end), text, date, record.status
        )
        self.graph.add(node)
        self.edge(EdgeKind.SOURCE, meeting_id, self.doc.id)
        for key in record.participants:
            self.edge(EdgeKind.PARTICIPANT, self._entity(key), meeting_id)
        for key in record.conveners:
            self.edge(EdgeKind.CONVENED_BY, meeting_id, self._entity(key))
        if record.place is not None:
            self.edge(EdgeKind.HELD_IN, meeting_id, self._entity(record.place))

    def _entity(self, key: str) -> str:
        """An entity a fact names; one the text names only through another word (a capital for
        its government: "Moscow said") enters the graph with the fact that needs it."""
        if key not in self.graph:
            local = self.table.entities[key]
            self.graph.add(Entity(key, local.kind, local.name, aliases=(local.name,)))
        return key


def _lemmas(parsed: Parsed, span: Span) -> str:
    words = []
    for index in parsed.blocks_over(span.start, span.end):
        block, doc = parsed.blocks[index], parsed.docs[index]
        for token in doc:
            position = block.start + token.idx
            if span.start <= position < span.end:
                words.append(token.lemma_)
    return " ".join(words)
