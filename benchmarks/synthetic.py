"""A seeded synthetic news graph with the skew of real news, and the same facts as tables.

A few speakers say most (Zipf over the speakers), a few topics come up most, claims and
meetings are spread over twenty years, a document reports about 25 claims and names its
speakers, and meetings join two to four people at a place. ``facts`` gives the same
claims, topics, meetings and participants as rows, for DuckDB.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import attrs

from eventgraph import EventGraph
from eventgraph.model import Claim, DateInterval, Document, Edge, Entity, Meeting, Mention, Span, Topic

__all__ = ["FIRST_DAY", "TOPICS", "YEARS", "Facts", "build", "speaker_count"]

TOPICS = [
    "sanctions",
    "energy",
    "cyber",
    "troops",
    "dialogue",
    "expansion",
    "trade",
    "climate",
    "elections",
    "refugees",
    "inflation",
    "vaccines",
    "drones",
    "grain",
    "pipelines",
    "nuclear",
    "terrorism",
    "borders",
    "tariffs",
    "ceasefire",
]
YEARS = 20
FIRST_DAY = dt.date(2006, 1, 1)
_SPEAKERS_PER_MILLION = 5000
_PLACES = 60
_CLAIMS_PER_DOCUMENT = 25
_FILLER = [f"w{i}" for i in range(3000)]


@attrs.define
class Facts:
    """The graph's facts as rows: claims, claim topics, meetings and participants."""

    claims: list[tuple[str, str, str, dt.date, dt.date]] = attrs.Factory(list)  # id, speaker, document, start, end
    claim_topics: list[tuple[str, str]] = attrs.Factory(list)  # claim id, topic label
    meetings: list[tuple[str, str, dt.date, dt.date]] = attrs.Factory(list)  # id, place, start, end
    participants: list[tuple[str, str]] = attrs.Factory(list)  # meeting id, entity name
    speakers: dict[str, str] = attrs.Factory(dict)  # entity id -> name


def _zipf(count: int, skew: float) -> list[float]:
    """Weights by rank: the first says (or comes up) most."""
    return [1.0 / (rank**skew) for rank in range(1, count + 1)]


def speaker_count(claims: int) -> int:
    """How many speakers a graph of ``claims`` claims has (Speaker 0 to Speaker count - 1)."""
    return max(50, claims * _SPEAKERS_PER_MILLION // 1_000_000)


def build(claims: int, seed: int = 12) -> tuple[EventGraph, Facts]:
    """A graph of about ``claims`` claims and a tenth as many meetings, and its facts as rows."""
    rng = random.Random(seed)
    facts = Facts()
    nodes: list = []
    edges: list[Edge] = []
    speakers = [
        Entity(f"person:speaker-{i}", "person", f"Speaker {i}", [f"Speaker {i}"]) for i in range(speaker_count(claims))
    ]
    places = [Entity(f"place:city-{i}", "place", f"City {i}", [f"City {i}"]) for i in range(_PLACES)]
    topics = [Topic(f"topic:{t}", t, [t]) for t in TOPICS]
    nodes += speakers + places + topics
    facts.speakers = {s.id: s.name for s in speakers}
    speaker_weights = _zipf(len(speakers), 1.1)
    topic_weights = _zipf(len(TOPICS), 1.0)
    days = YEARS * 365
    for first in range(0, claims, _CLAIMS_PER_DOCUMENT):
        chunk = range(first, min(claims, first + _CLAIMS_PER_DOCUMENT))
        said = rng.choices(speakers, speaker_weights, k=len(chunk))
        about = rng.choices(topics, topic_weights, k=len(chunk))
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        sentences = []
        for speaker, topic in zip(said, about, strict=True):
            words = " ".join(rng.choices(_FILLER, k=4))
            sentences.append(f"{speaker.name} said the {topic.label} question {words} mattered.")
        text = " ".join(sentences)
        document = Document(f"doc:{first:08d}", f"news/{published.year}/doc-{first:08d}.txt", text, f"Report {first}")
        document = attrs.evolve(document, published=DateInterval.day(published))
        nodes.append(document)
        mentions: dict[str, list[Mention]] = {}
        offset = 0
        for number, sentence, speaker, topic in zip(chunk, sentences, said, about, strict=True):
            mentions.setdefault(speaker.id, []).append(Mention(speaker.name, offset, offset + len(speaker.name)))
            start = offset + len(speaker.name) + len(" said ")
            end = offset + len(sentence) - 1
            day = published - dt.timedelta(days=rng.randrange(3))
            claim_id = f"claim:{number:08d}"
            nodes.append(
                Claim(
                    claim_id,
                    document.id,
                    text[start:end],
                    "reported",
                    "say",
                    Span(start, end),
                    Span(offset, offset + len(sentence)),
                    DateInterval.day(max(day, FIRST_DAY)),
                )
            )
            edges.append(Edge("source", claim_id, document.id, [document.id]))
            edges.append(Edge("said", speaker.id, claim_id, [document.id]))
            edges.append(Edge("about", claim_id, topic.id, [document.id]))
            facts.claims.append((claim_id, speaker.name, document.id, max(day, FIRST_DAY), max(day, FIRST_DAY)))
            facts.claim_topics.append((claim_id, topic.label))
            offset += len(sentence) + 1
        for speaker_id, found in mentions.items():
            edges.append(Edge("mentions", document.id, speaker_id, [document.id], found, facts.speakers[speaker_id]))
        for meeting in _meetings(rng, first, document, published, speakers, speaker_weights, places, len(text)):
            node, parties, place = meeting
            nodes.append(node)
            edges.append(Edge("source", node.id, document.id, [document.id]))
            edges.append(Edge("held_in", node.id, place.id, [document.id]))
            edges.extend(Edge("participant", p.id, node.id, [document.id]) for p in parties)
            facts.meetings.append((node.id, place.name, node.date.start, node.date.end))  # type: ignore[union-attr]
            facts.participants.extend((node.id, p.name) for p in parties)
    return EventGraph(nodes, edges), facts


def _meetings(
    rng: random.Random,
    first: int,
    document: Document,
    published: dt.date,
    speakers: list[Entity],
    weights: list[float],
    places: list[Entity],
    length: int,
) -> Iterator[tuple[Meeting, list[Entity], Entity]]:
    """Two or three meetings per document (a tenth as many as claims), of two to four people."""
    for number in range(rng.choice((2, 3))):
        parties = list({p.id: p for p in rng.choices(speakers, weights, k=rng.randint(2, 4))}.values())
        if len(parties) < 2:
            continue
        place = rng.choice(places)
        day = max(FIRST_DAY, published - dt.timedelta(days=rng.randrange(5)))
        start = min(number * 40, max(0, length - 40))
        yield (
            Meeting(
                f"meeting:{first:08d}-{number}",
                document.id,
                "talks",
                Span(start, min(start + 40, length)),
                document.text[start : start + 40],
                DateInterval.day(day),
            ),
            parties,
            place,
        )
