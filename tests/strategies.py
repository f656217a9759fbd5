"""Hypothesis strategies shared by the property tests: documents, graphs, query ASTs."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

import attrs
from hypothesis import strategies as st

from eventgraph import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EventGraph,
    Meeting,
    Mention,
    Span,
    Topic,
)
from eventgraph.ids import content_id, slug
from eventgraph.query import ast

T = TypeVar("T")

# --- documents and graphs ------------------------------------------------------------------
# Random but valid news documents and event graphs, built only with the public API
# (tests/test_graph_properties.py, tests/test_validate.py, tests/test_store.py).
#
# A document is a few sentences from templates over a small vocabulary of real-looking
# names; writing it records where every name, claim and meeting lies, so every span is a
# real slice of the text. A *draft* holds the document and those records; `fragment`
# turns a draft into the graph ingestion makes of one document (each fact supported by
# that document alone). Entities are `kind:slug(name)`, so fragments share them by id.
# Drafts are written through a `Chooser`, so the same code serves hypothesis (shrinkable
# draws) and `big_graph` (a seeded `random.Random`, for the storage crash test).


@attrs.frozen
class Named:
    """An entity of the vocabulary: its kind, canonical name and every surface form."""

    kind: str
    name: str
    forms: tuple[str, ...]
    country: str | None = None  # for places: the country they lie in
    id: str = attrs.field(init=False)

    @id.default
    def _id(self) -> str:
        return f"{self.kind}:{slug(self.name)}"


def _named(kind: str, *forms: str, country: str | None = None) -> Named:
    return Named(kind, forms[0], forms, country)


PEOPLE = [
    _named("person", "Sergey Lavrov", "Lavrov"),
    _named("person", "Jens Stoltenberg", "Stoltenberg"),
    _named("person", "Antony Blinken", "Blinken"),
    _named("person", "Edgars Rinkēvičs", "Rinkēvičs"),
    _named("person", "Dmytro Kuleba", "Kuleba"),
    _named("person", "Maroš Šefčovič", "Šefčovič"),
    _named("person", "Recep Tayyip Erdoğan", "Erdoğan"),
    _named("person", "Ursula von der Leyen", "von der Leyen"),
]
ORGANISATIONS = [
    _named("organisation", "NATO"),
    _named("organisation", "European Union", "EU"),
    _named("organisation", "OSCE"),
    _named("organisation", "United Nations", "UN"),
    _named("organisation", "Kremlin"),
]
COUNTRIES = [
    _named("country", "Russia"),
    _named("country", "Ukraine"),
    _named("country", "Latvia"),
    _named("country", "Türkiye", "Turkey"),
    _named("country", "Poland"),
    _named("country", "United States", "U.S."),
    _named("country", "Switzerland"),
]
PLACES = [
    _named("place", "Riga", country="Latvia"),
    _named("place", "Kyiv", country="Ukraine"),
    _named("place", "Geneva", "Genève", country="Switzerland"),
    _named("place", "Kraków", "Cracow", country="Poland"),
    _named("place", "Ankara", country="Türkiye"),
    _named("place", "Moscow", country="Russia"),
    _named("place", "Brussels"),
    _named("place", "Vilnius"),
]
ACTORS = [*PEOPLE, *ORGANISATIONS, *COUNTRIES]
LOCATIONS = [*PLACES, *COUNTRIES]
VOCABULARY = [*ACTORS, *PLACES]
BY_NAME = {n.name: n for n in VOCABULARY}

TOPIC_SIGNALS = {
    "sanctions": ("sanctions", "restrictive measures"),
    "expansion": ("expansion", "enlargement"),
    "energy": ("gas", "energy"),
    "security": ("security",),
    "cyber": ("cyber attacks",),
}
TITLES = ("foreign minister", "secretary general", "president", "spokesperson")
CUES = ("said", "warned", "stressed", "added", "told reporters")
HOWS = ("explicit", "relative", "heading", "context", "inferred-year")
MONTHS = tuple(calendar.month_name)[1:]

# A statement is literal text and slots: ("ent", pool) names an entity of the pool and
# makes the claim about it; ("topic", label) writes a signal word of that topic.
_STATEMENTS: list[list[object]] = [
    [("ent", COUNTRIES), " will never accept the ", ("topic", "expansion"), " of ", ("ent", ORGANISATIONS)],
    ["the ", ("topic", "sanctions"), " against ", ("ent", COUNTRIES), " will stay until 2025"],
    ["the talks in ", ("ent", LOCATIONS), " were useful"],
    [("topic", "energy"), " prices are far too high"],
    [("topic", "cyber"), " on ", ("ent", COUNTRIES), " must stop"],
    ["we are ready for dialogue"],
    [("ent", ORGANISATIONS), " guarantees the ", ("topic", "security"), " of ", ("ent", COUNTRIES)],
    ["nobody in ", ("ent", PLACES), " wants a war"],
]


class Chooser(Protocol):
    """Where a draft's choices come from: hypothesis draws or a seeded random generator."""

    def pick(self, items: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...


@attrs.define
class _DrawChooser:
    draw: st.DrawFn

    def pick(self, items: Sequence[T]) -> T:
        return self.draw(st.sampled_from(items))

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))


@attrs.define
class _RandomChooser:
    rng: random.Random

    def pick(self, items: Sequence[T]) -> T:
        return self.rng.choice(items)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


@attrs.frozen
class ClaimDraft:
    span: Span
    sentence: Span
    form: str
    cue: str
    speaker: str | None
    about: tuple[str, ...]  # entity ids and topic ids
    date: DateInterval | None
    period: DateInterval | None


@attrs.frozen
class MeetingDraft:
    span: Span
    kind: str
    participants: tuple[str, ...]
    place: str | None
    conveners: tuple[str, ...]
    date: DateInterval | None
    status: str


@attrs.frozen
class DocumentDraft:
    """A document and every fact written into it, with spans into its text."""

    document: Document
    mentions: dict[str, tuple[Mention, ...]]  # entity id -> where the text names it
    names: dict[str, str]  # entity id -> the name this document gives it
    claims: tuple[ClaimDraft, ...]
    meetings: tuple[MeetingDraft, ...]
    roles: tuple[tuple[str, str, str], ...]  # (person, organisation or country, title)
    located: tuple[tuple[str, str], ...]  # (place, country)
    topics: dict[str, tuple[str, ...]]  # topic label -> signal words used


class _Writer:
    """Text written piece by piece, remembering where each name went."""

    def __init__(self, choose: Chooser) -> None:
        self.choose = choose
        self.parts: list[str] = []
        self.length = 0
        self.mentions: dict[str, list[Mention]] = defaultdict(list)
        self.topics: dict[str, set[str]] = defaultdict(set)

    def write(self, text: str) -> Span:
        self.parts.append(text)
        self.length += len(text)
        return Span(self.length - len(text), self.length)

    def name(self, entity: Named) -> str:
        surface = self.choose.pick(entity.forms)
        span = self.write(surface)
        self.mentions[entity.id].append(Mention(surface, span.start, span.end))
        return entity.id

    def entity(self, pool: Sequence[Named], avoid: Iterable[str] = ()) -> str:
        taken = set(avoid)
        return self.name(self.choose.pick([n for n in pool if n.id not in taken]))

    def statement(self, template: list[object], speaker: str | None) -> tuple[Span, tuple[str, ...]]:
        start = self.length
        about: list[str] = []
        for part in template:
            if isinstance(part, str):
                self.write(part)
            elif part[0] == "ent":  # type: ignore[index]
                about.append(self.entity(part[1], avoid=[speaker] if speaker else ()))  # type: ignore[index]
            else:
                label = part[1]  # type: ignore[index]
                signal = self.choose.pick(TOPIC_SIGNALS[label])
                self.write(signal)
                self.topics[label].add(signal)
                about.append(f"topic:{slug(label)}")
        return Span(start, self.length), tuple(dict.fromkeys(about))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _interval(choose: Chooser) -> DateInterval | None:
    """None, a day, a month or a year between 2019 and 2024."""
    shape = choose.integer(0, 3)
    if shape == 0:
        return None
    year = choose.integer(2019, 2024)
    how = choose.pick(HOWS)
    if shape == 3:
        return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), how)
    month = choose.integer(1, 12)
    last = calendar.monthrange(year, month)[1]
    if shape == 2:
        return DateInterval(dt.date(year, month, 1), dt.date(year, month, last), how)
    return DateInterval.day(dt.date(year, month, choose.integer(1, last)), how)


def _claim_sentence(w: _Writer, choose: Chooser) -> ClaimDraft:
    start = w.length
    shape = choose.pick(["quote", "reported", "quote-first", "anonymous"])
    cue = choose.pick(CUES)
    template = choose.pick(_STATEMENTS)
    speaker: str | None = None
    if shape == "quote-first":
        w.write('"')
        span, about = w.statement(template, None)
        w.write('," ')
        speaker = w.entity(ACTORS, avoid=about)
        w.write(f" {cue}.")
    elif shape == "anonymous":
        w.write(f"Officials {cue} that ")
        span, about = w.statement(template, None)
        w.write(".")
    else:
        speaker = w.entity(ACTORS)
        w.write(f' {cue}: "' if shape == "quote" else f" {cue} that ")
        span, about = w.statement(template, speaker)
        w.write('."' if shape == "quote" else ".")
    form = "reported" if shape in ("reported", "anonymous") else "quote"
    until = any(isinstance(part, str) and "until 2025" in part for part in template)
    period = DateInterval(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) if until else None
    return ClaimDraft(span, Span(start, w.length), form, cue, speaker, about, _interval(choose), period)


def _meeting_sentence(w: _Writer, choose: Chooser) -> MeetingDraft:
    start = w.length
    shape = choose.integer(0, 3)
    place: str | None = None
    conveners: tuple[str, ...] = ()
    date = None
    if shape == 0:
        a = w.entity(ACTORS)
        w.write(" met ")
        b = w.entity(ACTORS, avoid=[a])
        w.write(" in ")
        place = w.entity(LOCATIONS, avoid=[a, b])
        day = dt.date(choose.integer(2019, 2024), choose.integer(1, 12), choose.integer(1, 28))
        w.write(f" on {day.day} {MONTHS[day.month - 1]} {day.year}.")
        date, kind, parties = DateInterval.day(day), "talks", (a, b)
    elif shape == 1:
        a = w.entity(ACTORS)
        w.write(" and ")
        b = w.entity(ACTORS, avoid=[a])
        w.write(" will hold talks in ")
        place = w.entity(LOCATIONS, avoid=[a, b])
        w.write(".")
        kind, parties = "talks", (a, b)
    elif shape == 2:
        convener = w.entity(ORGANISATIONS)
        w.write(" convened a summit with ")
        a = w.entity(ACTORS, avoid=[convener])
        w.write(" and ")
        b = w.entity(ACTORS, avoid=[convener, a])
        w.write(".")
        kind, parties, conveners = "summit", (a, b), (convener,)
    else:
        a = w.entity(PEOPLE)
        w.write(" spoke with ")
        b = w.entity(PEOPLE, avoid=[a])
        w.write(" by phone.")
        kind, parties = "call", (a, b)
    status = "scheduled" if shape == 1 else "held"
    return MeetingDraft(Span(start, w.length), kind, parties, place, conveners, date or _interval(choose), status)


def _write_document(choose: Chooser, sentences: int, appendix: str = "") -> DocumentDraft:
    w = _Writer(choose)
    claims: list[ClaimDraft] = []
    meetings: list[MeetingDraft] = []
    roles: list[tuple[str, str, str]] = []
    located: list[tuple[str, str]] = []
    for index in range(sentences):
        if index:
            w.write(choose.pick([" ", "\n\n"]))
        shape = choose.pick(["claim", "claim", "meeting", "role", "located", "filler"])
        if shape == "claim":
            claims.append(_claim_sentence(w, choose))
        elif shape == "meeting":
            meetings.append(_meeting_sentence(w, choose))
        elif shape == "role":
            person = w.entity(PEOPLE)
            title = choose.pick(TITLES)
            w.write(f", the {title} of ")
            owner = w.entity([*ORGANISATIONS, *COUNTRIES])
            w.write(", arrived in ")
            w.entity(LOCATIONS, avoid=[owner])
            w.write(".")
            roles.append((person, owner, title))
        elif shape == "located":
            place = choose.pick([p for p in PLACES if p.country])
            w.name(place)
            w.write(" lies in ")
            w.name(BY_NAME[place.country])  # type: ignore[index]
            w.write(".")
            located.append((place.id, BY_NAME[place.country].id))  # type: ignore[index]
        else:
            w.write("It was cold in ")
            w.entity(LOCATIONS)
            w.write(" that week.")
    text = w.text + appendix
    topic_words = {label: tuple(sorted(words)) for label, words in w.topics.items()}
    names = {}
    for entity_id, found in w.mentions.items():
        names[entity_id] = choose.pick(sorted({m.surface for m in found}))
    number = choose.integer(1, 999)
    document = Document(
        id=content_id("doc", text),
        path=choose.pick(["news", "wire", "archive/2022"]) + f"/story-{number}.txt",
        text=text,
        title=choose.pick(["", "Talks in Riga", "Ministers meet", "Sanctions debate"]),
        published=_interval(choose),
    )
    return DocumentDraft(
        document,
        {k: tuple(v) for k, v in w.mentions.items()},
        names,
        tuple(claims),
        tuple(meetings),
        tuple(dict.fromkeys(roles)),
        tuple(dict.fromkeys(located)),
        topic_words,
    )


@st.composite
def document_drafts(draw: st.DrawFn, *, min_sentences: int = 1, max_sentences: int = 4) -> DocumentDraft:
    """A random document with the records of every name and fact written into it."""
    choose = _DrawChooser(draw)
    return _write_document(choose, choose.integer(min_sentences, max_sentences))


def documents() -> st.SearchStrategy[Document]:
    """Random but plausible news documents, ids from their text."""
    return document_drafts().map(lambda d: d.document)


def fragment(draft: DocumentDraft) -> EventGraph:
    """The graph of one document, as ingestion makes it: every fact supported by it alone."""
    doc = draft.document
    support = (doc.id,)
    graph = EventGraph([doc])
    for entity_id, mentions in sorted(draft.mentions.items()):
        kind = entity_id.split(":", 1)[0]
        name = draft.names[entity_id]
        graph.add(Entity(entity_id, kind, name, aliases=[*(m.surface for m in mentions), name]))
        graph.link(Edge(EdgeKind.MENTIONS, doc.id, entity_id, support, mentions, name=name))
    for label, signals in sorted(draft.topics.items()):
        graph.add(Topic(f"topic:{slug(label)}", label, signals))
    for person, owner, title in draft.roles:
        graph.link(Edge(EdgeKind.ROLE, person, owner, support, title=title, interval=doc.published))
    for place, country in draft.located:
        graph.link(Edge(EdgeKind.LOCATED_IN, place, country, support))
    for c in draft.claims:
        claim_id = content_id("claim", doc.id, c.span.start, c.span.end, c.speaker)
        text = c.span.slice(doc.text)
        graph.add(Claim(claim_id, doc.id, text, c.form, c.cue, c.span, c.sentence, c.date, c.period))
        graph.link(Edge(EdgeKind.SOURCE, claim_id, doc.id, support))
        if c.speaker is not None:
            graph.link(Edge(EdgeKind.SAID, c.speaker, claim_id, support))
        for target in c.about:
            graph.link(Edge(EdgeKind.ABOUT, claim_id, target, support))
    for m in draft.meetings:
        meeting_id = content_id("meeting", doc.id, m.span.start)
        graph.add(Meeting(meeting_id, doc.id, m.kind, m.span, m.span.slice(doc.text), m.date, m.status))
        graph.link(Edge(EdgeKind.SOURCE, meeting_id, doc.id, support))
        for party in m.participants:
            graph.link(Edge(EdgeKind.PARTICIPANT, party, meeting_id, support))
        for convener in m.conveners:
            graph.link(Edge(EdgeKind.CONVENED_BY, meeting_id, convener, support))
        if m.place is not None:
            graph.link(Edge(EdgeKind.HELD_IN, meeting_id, m.place, support))
    return graph


@st.composite
def copies(draw: st.DrawFn, draft: DocumentDraft) -> DocumentDraft:
    """The same text found again under another path, title and date: one document id, other
    metadata, and dates and names of its facts read differently."""
    choose = _DrawChooser(draw)
    doc = draft.document
    document = attrs.evolve(
        doc,
        path=choose.pick(["mirror", "feeds"]) + f"/copy-{choose.integer(1, 99)}.txt",
        title=choose.pick(["", doc.title, "Copy"]),
        published=_interval(choose),
    )
    return attrs.evolve(
        draft,
        document=document,
        names={k: choose.pick(sorted({m.surface for m in v})) for k, v in draft.mentions.items()},
        claims=tuple(attrs.evolve(c, date=_interval(choose)) for c in draft.claims),
        meetings=tuple(
            attrs.evolve(m, date=m.date if choose.integer(0, 1) else _interval(choose)) for m in draft.meetings
        ),
    )


def fragment_lists(*, min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[list[EventGraph]]:
    """Per-document graphs of distinct documents, sharing entities and topics by id."""
    drafts = st.lists(document_drafts(), min_size=min_size, max_size=max_size, unique_by=lambda d: d.document.id)
    return drafts.map(lambda ds: [fragment(d) for d in ds])


KNOWN_LOCATIONS = [(p, BY_NAME[p.country]) for p in PLACES if p.country]
"""Places and their countries, as a gazetteer knows them (``located_in`` without documents)."""


def knowledge(pairs: Iterable[tuple[Named, Named]]) -> EventGraph:
    """``located_in`` facts from a gazetteer: supported by no document, entities unmentioned."""
    graph = EventGraph()
    for place, country in pairs:
        for entity in (place, country):
            graph.add(Entity(entity.id, entity.kind, entity.name, aliases=entity.forms))
        graph.link(Edge(EdgeKind.LOCATED_IN, place.id, country.id))
    return graph


def merged(parts: Iterable[EventGraph]) -> EventGraph:
    """All the graphs merged, in order."""
    out = EventGraph()
    for part in parts:
        out.update(part)
    return out


@st.composite
def graphs(draw: st.DrawFn, *, max_documents: int = 4, with_knowledge: bool = True) -> EventGraph:
    """A valid event graph: the fragments of a few documents (texts may repeat, so one
    document can arrive twice with other paths, titles and dates), merged, and sometimes
    gazetteer knowledge (``located_in`` with no supporting document)."""
    drafts = draw(st.lists(document_drafts(), max_size=max_documents))
    if drafts:
        drafts += draw(st.lists(st.sampled_from(drafts).flatmap(copies), max_size=2))
    parts = [fragment(d) for d in drafts]
    if with_knowledge:
        pairs = draw(st.lists(st.sampled_from(KNOWN_LOCATIONS), max_size=2, unique=True))
        if pairs:
            parts.insert(draw(st.integers(0, len(parts))), knowledge(pairs))
    return merged(parts)


def big_graph(documents: int, seed: int, *, sentences: int = 30, appendix: int = 0) -> EventGraph:
    """A large valid graph, the same for the same arguments (no hypothesis needed).

    Each document ends with ``appendix`` characters of factless text, to make big files cheaply.
    """
    choose = _RandomChooser(random.Random(seed))
    padding = ("\n\nThe rest of this page is an archive of earlier reports." * (appendix // 56 + 1))[:appendix]
    drafts = {}
    while len(drafts) < documents:
        draft = _write_document(choose, sentences, padding)
        drafts[draft.document.id] = draft
    return merged(fragment(d) for d in drafts.values())


# --- query ASTs ------------------------------------------------------------------------------
# Random syntax trees of the query language (tests/test_query_properties.py). They build
# only trees the parser itself can produce: `and`/`or` with two or more items, never an
# `and` directly inside an `and` (the constructors flatten those anyway), dates that
# exist, and a `between` whose first date does not come after its second.

QUERY_WORDS = [
    "claims", "statements", "quotes", "meetings", "people", "organisations", "countries", "places",
    "actors", "documents", "topics", "count", "who", "met", "said", "path", "from", "to", "by",
    "about", "with", "without", "in", "at", "of", "before", "after", "since", "until", "on", "during",
    "between", "and", "or", "not", "(", ")", "mentioning", "quoting", "published", "period", "order",
    "limit", "asc", "desc", "speaker", "date", "month", "year", "topic", "document", "place", "2022",
    "2021-12", "2021-12-07", "December", "May", "7", ",", "Lavrov", "Jens Stoltenberg", "Riga",
    '"Nord Stream 2"', "the", "NATO-Russia", "Council", '"', "x", "5", "'", "-", "9999-99-99",
    "what", "did", "say", "has", "when", "meet", "whom", "show", "me", "top", "?", "newest", "first",
    "last", "this", "past", "6", "months", "week", "today", "undated", "dated", "status", "type", "form",
    "scheduled", "calls", "talks", "reported", "Lavrov's", "how", "many", "is", "connected", "sorted",
    "participant", "regarding", "people", "(people", "who met", "Secretary", "Minister",
]  # fmt: skip
"""Words of the language and a few names, for token-soup queries."""

SAMPLE_NAMES = [
    "last week",
    "the past 6 months",
    "no date",
    "scheduled",
    "Secretary",
    "Lavrov",
    "Jens Stoltenberg",
    "the NATO-Russia Council",
    "Nord Stream 2",
    "May",
    "Rinkēvičs",
    "AT&T",
    "U.S.",
    "O'Brien",
    "Ministry of Defence",
    "speaker",
    "2022",
]


def query_names(pool: list[str] | None = None) -> st.SearchStrategy[ast.Name]:
    """Names: from a pool (default: awkward samples), or any text that is not blank."""
    sampled = st.sampled_from(pool or SAMPLE_NAMES)
    if pool is not None:
        return sampled.map(ast.Name)
    anything = st.text(min_size=1, max_size=16).filter(lambda t: t.strip())
    return st.one_of(sampled, anything).map(ast.Name)


@st.composite
def query_dates(draw: st.DrawFn, years: tuple[int, int] = (1, 9999)) -> ast.Date:
    year = draw(st.integers(*years))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return ast.Date(year, month, day)


@st.composite
def query_betweens(draw: st.DrawFn, dates: st.SearchStrategy[ast.Date], clocks: list[str]) -> ast.Between:
    first, second = draw(dates), draw(dates)
    if first.interval().start > second.interval().end:
        first, second = second, first
    return ast.Between(first, second, draw(st.sampled_from(clocks)))


NAME_FILTERS = [
    ast.By,
    ast.About,
    ast.With,
    ast.Without,
    ast.In,
    ast.Of,
    ast.Mentioning,
    ast.From,
    ast.Quoting,
    ast.Status,
    ast.Type,
    ast.Form,
]
ENTITY_SUBJECTS = ["people", "organisations", "countries", "places", "actors", "documents", "person"]


def query_filters(
    *,
    name_filters: list[type[ast.NameFilter]] | None = None,
    names: st.SearchStrategy[ast.Name] | None = None,
    dates: st.SearchStrategy[ast.Date] | None = None,
    ops: tuple[str, ...] = ast.TEMPORAL_OPS,
    clocks: tuple[str, ...] = ("date", "published", "period"),
    max_leaves: int = 6,
    nested: bool = False,
) -> st.SearchStrategy[object]:
    """Filter trees: name filters (with nested queries when ``nested``), temporal filters,
    ``undated``, and their `and`/`or`/`not`."""
    names = names if names is not None else query_names()
    dates = dates if dates is not None else query_dates()
    kinds = name_filters if name_filters is not None else NAME_FILTERS
    leaves: list[st.SearchStrategy[object]] = []
    if kinds:
        leaves.append(st.builds(lambda k, n: k(n), st.sampled_from(kinds), names))
        if nested:
            leaves.append(st.builds(lambda k, q: k(q), st.sampled_from(kinds), nested_queries(names)))
    if ops:
        leaves.append(st.builds(ast.Temporal, st.sampled_from(ops), dates, st.sampled_from(clocks)))
        leaves.append(query_betweens(dates, list(clocks)))
        leaves.append(st.builds(ast.Undated, st.sampled_from(clocks)))
    leaf = st.one_of(leaves)

    def extend(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        several = st.lists(children, min_size=2, max_size=3)
        return st.one_of(
            several.map(lambda items: ast.And(tuple(items))),
            several.map(lambda items: ast.Or(tuple(items))),
            children.map(ast.Not),
        )

    return st.recursive(leaf, extend, max_leaves=max_leaves)


def nested_queries(names: st.SearchStrategy[ast.Name]) -> st.SearchStrategy[ast.Subquery]:
    """``(people in Russia)``: a query of entities or documents standing for a name."""
    inner = st.none() | query_filters(names=names, ops=("before", "in"), clocks=("date",), max_leaves=2)
    return st.builds(lambda s, w: ast.Subquery(ast.Select(subject=s, where=w)), st.sampled_from(ENTITY_SUBJECTS), inner)


def query_orders() -> st.SearchStrategy[ast.Order | None]:
    return st.none() | st.builds(ast.Order, st.sampled_from(ast.SORT_KEYS), st.booleans())


@st.composite
def _groups(draw: st.DrawFn) -> tuple[str | None, str | None]:
    group = draw(st.none() | st.sampled_from(ast.GROUP_KEYS))
    if group is None:
        return None, None
    return group, draw(st.none() | st.sampled_from([k for k in ast.GROUP_KEYS if k != group]))


def query_asts() -> st.SearchStrategy[object]:
    """Whole queries of every statement type, with modifiers."""
    where = st.none() | query_filters(nested=True)
    limits = st.none() | st.integers(0, 10**6)
    subjects = st.sampled_from(sorted(ast.SUBJECTS))
    common = {"order": query_orders(), "limit": limits}
    return st.one_of(
        st.builds(ast.Select, subject=subjects, where=where, **common),
        st.builds(
            lambda subject, where, groups, order, limit: ast.Count(
                subject=subject, where=where, group=groups[0], subgroup=groups[1], order=order, limit=limit
            ),
            subjects,
            where,
            _groups(),
            query_orders(),
            limits,
        ),
        st.builds(ast.WhoMet, name=query_names(), where=where, **common),
        st.builds(ast.WhoMetWhom, where=where, **common),
        st.builds(ast.WhoSaid, phrase=st.none() | query_names(), where=where, **common),
        st.builds(ast.Path, source=query_names(), target=query_names(), **common),
    )


# --- questions as people type them -------------------------------------------------------------
# A question form of a canonical query: the text an analyst types and the tree of the
# canonical query it asks for (tests/test_query_properties.py). Names are ones a question
# may open with; the filters are any canonical filters over them.

QUESTION_NAMES = ["Lavrov", "Jens Stoltenberg", "NATO", "Rinkēvičs", "von der Leyen", "U.S.", "O'Brien", "Xi"]
QUESTION_TOPICS = ["expansion", "cyber attacks", "arms control", "sanctions"]


def _and(*items: object) -> object:
    found: list = [i for i in items if i is not None]
    return None if not found else found[0] if len(found) == 1 else ast.And(tuple(found))


@st.composite
def question_forms(draw: st.DrawFn) -> tuple[str, object]:
    """``(typed, tree)``: a question as people type it, and its canonical query's tree."""
    names = query_names(QUESTION_NAMES)
    x, y = draw(names), draw(names)
    topic = draw(query_names(QUESTION_TOPICS))
    where = draw(st.none() | query_filters(names=names, dates=query_dates((1900, 2100)), max_leaves=3))
    tail = ast.render_filter(where)
    shape = draw(st.integers(0, 6))
    if shape == 0:
        text = draw(
            st.sampled_from(
                [f"what did {x.text} say", f"what has {x.text} said", f"what {x.text} said", f"{x.text}'s statements"]
            )
        )
        tree: object = ast.Select(subject="statements", where=_and(ast.By(x), where))
    elif shape == 1:
        text = f"{x.text} {draw(st.sampled_from(['on', 'about']))} {topic.render()}"
        tree = ast.Select(subject="statements", where=_and(ast.By(x), ast.About(topic), where))
    elif shape == 2:
        text = draw(st.sampled_from([f"who has {x.text} met", f"who did {x.text} meet", f"who met with {x.text}"]))
        tree = ast.WhoMet(name=x, where=where)
    elif shape == 3:
        text = draw(
            st.sampled_from(
                [
                    f"when did {x.text} meet {y.text}",
                    f"when did {x.text} and {y.text} meet",
                    f"meetings between {x.text} and {y.text}",
                ]
            )
        )
        tree = ast.Select(subject="meetings", where=_and(ast.With(x), ast.With(y), where))
    elif shape == 4:
        number = draw(st.integers(1, 50))
        text = f"top {number} speakers"
        tree = ast.Count(subject="claims", where=where, group="speaker", limit=number)
    elif shape == 5:
        text = "phone calls between " + f"{x.text} and {y.text}"
        tree = ast.Select(subject="meetings", where=_and(ast.Type(ast.Name("call")), ast.With(x), ast.With(y), where))
    else:
        text = "claims"
        tree = ast.Select(subject="claims", where=where)
    text += tail
    if shape not in (4, 6) or draw(st.booleans()):
        order = draw(st.sampled_from(["", " newest first", " sorted by date", " oldest first"]))
        if order and shape != 4:
            text += order
            tree = attrs.evolve(tree, order=ast.Order("date", descending="newest" in order))  # type: ignore[misc]
    lead = draw(st.sampled_from(["", "show me ", "list ", "find all "]))
    mark = draw(st.sampled_from(["", "?"]))
    return lead + text + mark, tree


def query_token_soup() -> st.SearchStrategy[str]:
    """Sequences of the language's own words: mostly wrong, sometimes right."""
    return st.lists(st.sampled_from(QUERY_WORDS), max_size=14).map(" ".join)
