"""What each filter means for each subject, as predicates over the graph's nodes.

``bind`` turns a filter AST into a tree of predicates: ``IdSet`` (the exact ids an index
gives, as ``by Lavrov`` -> the ``said`` index), ``Check`` (a test per node, maybe with an
index-given superset to start from), ``When`` (a temporal filter) and the logic nodes
``AllOf``, ``AnyOf``, ``NoneOf``. The planner reads their lookups and sizes; the
executor calls ``test``. Names are resolved here, so unknown or ambiguous names and
filters that do not apply to a subject are reported before anything runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from eventgraph.model import Claim, DateInterval, Document, Entity, Meeting, NodeKind
from eventgraph.query import ast
from eventgraph.query.context import Context
from eventgraph.query.errors import UnsupportedQueryError
from eventgraph.query.resolve import (
    ACTORS,
    ENTITIES,
    LOCATIONS,
    find_entities,
    resolve_document,
    resolve_entity,
)
from eventgraph.query.text import Phrase, stems

__all__ = [
    "AllOf",
    "AnyOf",
    "Check",
    "Domain",
    "IdSet",
    "NoneOf",
    "Pred",
    "When",
    "bind",
    "date_of",
    "domain_for",
]

_ENTITY_SUBJECTS = {
    "people": frozenset({NodeKind.PERSON}),
    "organisations": frozenset({NodeKind.ORGANISATION}),
    "countries": frozenset({NodeKind.COUNTRY}),
    "places": frozenset({NodeKind.PLACE}),
    "actors": ACTORS,
}


# -- domains -------------------------------------------------------------------------------------
@attrs.frozen
class Domain:
    """The nodes a query ranges over: ``family`` is claims, meetings, entities, documents or topics."""

    family: str
    subject: str
    nodes: tuple[Any, ...] = attrs.field(repr=False)
    ids: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "ids", frozenset(n.id for n in self.nodes))


def domain_for(subject: str, ctx: Context) -> Domain:
    """The nodes a subject word (``statements``, ``people``...) ranges over, built once per graph version."""
    canonical = ast.SUBJECTS[subject]
    found = ctx.domains.get(canonical)
    if found is None:
        found = ctx.domains[canonical] = _domain(canonical, ctx)
    return found


def _domain(canonical: str, ctx: Context) -> Domain:
    if canonical in ("claims", "quotes"):
        claims = ctx.claims()
        nodes = tuple(c for c in claims if c.form == "quote") if canonical == "quotes" else tuple(claims)
        return Domain("claims", canonical, nodes)
    if canonical == "meetings":
        return Domain("meetings", canonical, tuple(ctx.meetings()))
    if canonical == "documents":
        return Domain("documents", canonical, tuple(ctx.documents()))
    if canonical == "topics":
        return Domain("topics", canonical, tuple(ctx.topics()))
    kinds = _ENTITY_SUBJECTS[canonical]
    return Domain("entities", canonical, tuple(e for e in ctx.entities() if NodeKind(e.kind.value) in kinds))


def date_of(ctx: Context, node: Any, clock: str) -> DateInterval | None:
    """The date a temporal filter reads: the fact's own date, its period, or its source's publication."""
    if isinstance(node, Document):
        return node.published
    if clock == "published":
        document = ctx.graph.get(node.document)
        return document.published if isinstance(document, Document) else None
    if clock == "period":
        return getattr(node, "period", None)
    return node.date


# -- predicates ----------------------------------------------------------------------------------
class Pred:
    """A condition on one node; ``lookup`` is an index-given superset of the ids it admits."""

    label: str
    source: str = "scan"
    exact: bool = False

    def lookup(self) -> frozenset[str] | None:
        return None

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        raise NotImplementedError

    def temporal(self) -> list[When]:
        return []


@attrs.define
class IdSet(Pred):
    """Exactly the nodes whose ids an index gives."""

    label: str
    source: str
    ids: frozenset[str]
    exact: bool = True

    def lookup(self) -> frozenset[str]:
        return self.ids

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return node.id in self.ids


@attrs.define
class Check(Pred):
    """A test run on each node, starting from an index-given superset when there is one."""

    label: str
    fn: Callable[[Any], bool] = attrs.field(repr=False)
    superset: frozenset[str] | None = None
    source: str = "scan"

    def lookup(self) -> frozenset[str] | None:
        return self.superset

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        if self.superset is not None and node.id not in self.superset:
            return False
        return self.fn(node)


_RULES: dict[str, Callable[[DateInterval, DateInterval], bool]] = {
    "before": lambda d, q: d.end < q.start,
    "after": lambda d, q: d.start > q.end,
    "since": lambda d, q: d.start >= q.start,
    "until": lambda d, q: d.end <= q.end,
    "overlaps": lambda d, q: d.overlaps(q),
}


@attrs.define
class When(Pred):
    """A temporal filter: ``rule`` compares the node's interval on ``clock`` with ``interval``."""

    label: str
    rule: str
    interval: DateInterval
    clock: str
    ctx: Context = attrs.field(repr=False)
    indexed: bool = False

    def __attrs_post_init__(self) -> None:
        self.source = "dated_between" if self.indexed else "scan"
        self.exact = self.indexed and self.rule == "overlaps"
        self._found: frozenset[str] | None = None

    def lookup(self) -> frozenset[str] | None:
        if not self.indexed:
            return None
        if self._found is None:
            self._found = self._lookup()
        return self._found

    def _lookup(self) -> frozenset[str]:
        q = self.interval
        bounds = {
            "before": (None, _shift(q.start, -1)),
            "after": (_shift(q.end, 1), None),
            "since": (q.start, None),
            "until": (None, q.end),
            "overlaps": (q.start, q.end),
        }[self.rule]
        if any(b is False for b in bounds):
            return frozenset()
        return frozenset(self.ctx.index.dated_between(*bounds))  # type: ignore[arg-type]

    def date(self, node: Any) -> DateInterval | None:
        return date_of(self.ctx, node, self.clock)

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        date = self.date(node)
        if date is None:
            return undated_ok
        return _RULES[self.rule](date, self.interval)

    def temporal(self) -> list[When]:
        return [self]


def _shift(day: dt.date, days: int) -> dt.date | bool:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return False


@attrs.define
class AllOf(Pred):
    """Every item holds; the smallest item lookup bounds the candidates."""

    items: list[Pred]
    label: str = "all of"

    def lookup(self) -> frozenset[str] | None:
        sets = [s for s in (i.lookup() for i in self.items) if s is not None]
        return min(sets, key=len) if sets else None

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return all(i.test(node, undated_ok) for i in self.items)

    def temporal(self) -> list[When]:
        return [w for i in self.items for w in i.temporal()]


@attrs.define
class AnyOf(Pred):
    """At least one item holds; an index lookup when every item has one."""

    items: list[Pred]
    label: str = "any of"

    def __attrs_post_init__(self) -> None:
        self.exact = all(i.exact for i in self.items)
        self.source = "union of indexes" if all(i.lookup() is not None for i in self.items) else "scan"

    def lookup(self) -> frozenset[str] | None:
        sets = [i.lookup() for i in self.items]
        if any(s is None for s in sets):
            return None
        return frozenset().union(*sets)  # type: ignore[arg-type]

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return any(i.test(node, undated_ok) for i in self.items)

    def temporal(self) -> list[When]:
        return [w for i in self.items for w in i.temporal()]


@attrs.define
class NoneOf(Pred):
    """The item does not hold (so no index can say which nodes do)."""

    item: Pred
    label: str = "not"

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return not self.item.test(node, undated_ok)

    def temporal(self) -> list[When]:
        return self.item.temporal()


def describe(pred: Pred) -> str:
    """A one-line account of a predicate, for ``explain``."""
    if isinstance(pred, AllOf):
        return "(" + " and ".join(describe(i) for i in pred.items) + ")"
    if isinstance(pred, AnyOf):
        return "(" + " or ".join(describe(i) for i in pred.items) + ")"
    if isinstance(pred, NoneOf):
        return pred.label if pred.label != "not" else "not " + describe(pred.item)
    return pred.label


# -- "about": topics, entities, words -------------------------------------------------------------
@attrs.frozen
class AboutMatch:
    """What ``about X`` looks for: topics, entities and the words themselves; or all of ``parts``."""

    text: str
    topics: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    aliases: tuple[Phrase, ...] = ()
    phrase: Phrase | None = None
    parts: tuple[AboutMatch, ...] = ()

    def describe(self, ctx: Context) -> str:
        if self.parts:
            return " + ".join(p.describe(ctx) for p in self.parts)
        found = [f"topic {ctx.node(t).label}" for t in sorted(self.topics)]  # type: ignore[attr-defined]
        found += [f"{ctx.node(e).kind.value} {ctx.node(e).name}" for e in sorted(self.entities)]  # type: ignore[attr-defined]
        found.append(f"the words {self.text!r}")
        return " or ".join(found)


_SPLIT_WORDS = 8
"""Only phrases this short are tried as an entity's name plus more words."""


def resolve_about(ctx: Context, text: str) -> AboutMatch:
    """Read ``about X``: a topic label or signal, an entity, or else words of the text.

    A phrase that is neither may be an entity's name plus more words: ``NATO membership``
    is about NATO and about membership.
    """
    key = stems(text)
    topics = frozenset(
        t.id for t in ctx.topics() if key.strip() and (stems(t.label) == key or any(stems(s) == key for s in t.signals))
    )
    entities = find_entities(ctx.graph, text)
    if topics or entities:
        return _about(ctx, text, topics, entities)
    words = text.split()
    if len(words) > _SPLIT_WORDS:
        return AboutMatch(text, phrase=Phrase(text))
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        found = find_entities(ctx.graph, head)
        if found:
            return AboutMatch(text, parts=(_about(ctx, head, frozenset(), found), resolve_about(ctx, tail)))
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        found = find_entities(ctx.graph, tail)
        if found:
            return AboutMatch(text, parts=(resolve_about(ctx, head), _about(ctx, tail, frozenset(), found)))
    return AboutMatch(text, phrase=Phrase(text))


def _about(ctx: Context, text: str, topics: frozenset[str], entities: Iterable[Entity]) -> AboutMatch:
    found = list(entities)
    aliases = tuple(Phrase(a) for e in found for a in sorted({e.name, *e.aliases}) if stems(a).strip())
    return AboutMatch(text, topics, frozenset(e.id for e in found), aliases, Phrase(text))


def _says(about: AboutMatch, text: str) -> bool:
    return bool(about.phrase and about.phrase.found_in(text)) or any(a.found_in(text) for a in about.aliases)


def claim_about(ctx: Context, claim: Claim, about: AboutMatch) -> bool:
    if about.parts:
        return all(claim_about(ctx, claim, p) for p in about.parts)
    if ctx.topics_of.get(claim.id, set()) & about.topics:
        return True
    if about.entities and (
        ctx.entities_of.get(claim.id, set()) & about.entities
        or ctx.mentioned_within(claim.document, claim.span) & about.entities
    ):
        return True
    return _says(about, claim.text)


def meeting_about(ctx: Context, meeting: Meeting, about: AboutMatch) -> bool:
    if about.parts:
        return all(meeting_about(ctx, meeting, p) for p in about.parts)
    if about.entities & ctx.mentioned_within(meeting.document, meeting.span):
        return True
    labels = (Phrase(ctx.node(t).label) for t in about.topics)  # type: ignore[attr-defined]
    return _says(about, meeting.text) or any(p.found_in(meeting.text) for p in labels)


def document_about(ctx: Context, document: Document, about: AboutMatch) -> bool:
    if about.parts:
        return all(document_about(ctx, document, p) for p in about.parts)
    if about.entities & ctx.entities_in.get(document.id, set()):
        return True
    claims = (ctx.node(c) for c in ctx.claims_of(document.id))
    return any(claim_about(ctx, c, about) for c in claims) or _says(about, document.text)  # type: ignore[arg-type]


# -- binding -------------------------------------------------------------------------------------
_HINTS = {
    ("meetings", "by"): "meetings have participants, not speakers: `meetings with Lavrov`",
    ("claims", "of"): "`of` names the organisation that convened a meeting (`meetings of NATO`); "
    "for a speaker's organisation use `in`: `claims in NATO`",
    ("entities", "by"): "to find who said something: `who said about sanctions`",
    ("entities", "about"): "to find who said something: `who said about sanctions`",
    ("entities", "quoting"): 'to find who said something: `who said "red line"`',
    ("entities", "mentioning"): "use `from DOCUMENT` for the entities a document names",
    ("entities", "date"): "dates apply to claims, meetings and documents: `who met Lavrov in 2022`",
    ("documents", "in"): "`documents mentioning Riga` finds documents that name a place",
    ("documents", "of"): "`documents with NATO` finds documents that name an organisation",
    ("documents", "period"): "documents have one date, when they were published: `documents published in 2022`",
    ("topics", "date"): "to count topics in a period: `count claims in 2022 by topic`",
}


def _unsupported(keyword: str, domain: Domain, pos: int) -> UnsupportedQueryError:
    temporal = keyword in ast.TEMPORAL_OPS or keyword == "between"
    hint = _HINTS.get((domain.family, keyword)) or _HINTS.get((domain.family, "date" if temporal else ""))
    if hint is None and domain.family == "topics":
        hint = "topics take `by` (the speakers of their claims) and `from` (a document)"
    return UnsupportedQueryError(
        f"`{keyword}` does not apply to {domain.subject}",
        position=pos,
        hint=hint,
        expected=("a filter that applies to " + domain.subject,),
    )


@attrs.define
class Binder:
    """Binds filters for one domain of one graph."""

    ctx: Context
    domain: Domain

    def bind(self, node: Any) -> Pred:
        if isinstance(node, ast.And):
            return AllOf([self.bind(i) for i in node.items])
        if isinstance(node, ast.Or):
            return AnyOf([self.bind(i) for i in node.items])
        if isinstance(node, ast.Not):
            return NoneOf(self.bind(node.item))
        if isinstance(node, ast.Temporal):
            return self._when(node, node.op, node.date.interval(), node.clock)
        if isinstance(node, ast.Between):
            span = DateInterval(node.start.interval().start, node.end.interval().end)
            return self._when(node, "between", span, node.clock)
        method = getattr(self, f"_{self.domain.family}_{node.keyword}", None)
        if method is None:
            raise _unsupported(node.keyword, self.domain, node.pos)
        return method(node)

    # -- time
    def _when(self, node: Any, op: str, interval: DateInterval, clock: str) -> When:
        family = self.domain.family
        if family in ("entities", "topics"):
            raise _unsupported(op, self.domain, node.pos)
        if family == "documents" and clock == "period":
            raise _unsupported("period", self.domain, node.pos)
        rule = op if op in ("before", "after", "since", "until") else "overlaps"
        indexed = clock == "date" and family in ("claims", "meetings")
        return When(node.render(), rule, interval, clock, self.ctx, indexed=indexed)

    # -- helpers
    def _entity(self, name: ast.Name, kinds: frozenset[NodeKind]) -> Entity:
        return resolve_entity(self.ctx.graph, name, kinds)

    def _ids(self, label: str, source: str, ids: Iterable[str]) -> IdSet:
        return IdSet(label, source, frozenset(ids) & self.domain.ids)

    def _speakers(self, speakers: Iterable[str]) -> set[str]:
        return {c for s in speakers for c in self.ctx.index.said.get(s, ())}

    def _claims_naming(self, entity: str) -> frozenset[str]:
        index = self.ctx.index
        claims = set(index.about.get(entity, ()))
        for document in index.mentioned_in.get(entity, ()):
            claims.update(self.ctx.claims_of(document))
        return frozenset(claims)

    def _mentioned(self, name: ast.Name) -> tuple[Phrase, set[str]]:
        return Phrase(name.text), {e.id for e in find_entities(self.ctx.graph, name.text)}

    # -- claims
    def _claims_by(self, node: ast.By) -> Pred:
        speaker = self._entity(node.name, ACTORS)
        return self._ids(f"by {speaker.name}", "said", self._speakers([speaker.id]))

    def _claims_about(self, node: ast.About) -> Pred:
        about = resolve_about(self.ctx, node.name.text)
        return Check(f"about {about.describe(self.ctx)}", lambda c: claim_about(self.ctx, c, about))

    def _claims_with(self, node: ast.With) -> Pred:
        entity = self._entity(node.name, ENTITIES)
        ctx = self.ctx

        def test(claim: Claim) -> bool:
            return entity.id in ctx.entities_of.get(claim.id, set()) or entity.id in ctx.mentioned_within(
                claim.document, claim.sentence
            )

        return Check(
            f"with {entity.name} (named in the sentence)", test, self._claims_naming(entity.id), "mentioned_in"
        )

    def _claims_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._claims_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"without {node.name.text}"
        return pred

    def _claims_in(self, node: ast.In) -> Pred:
        group = self._entity(node.name, frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY}))
        speakers = {group.id} | self.ctx.index.members.get(group.id, set())
        return self._ids(f"speaker in {group.name} ({len(speakers)} actors)", "members+said", self._speakers(speakers))

    def _claims_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(claim: Claim) -> bool:
            return phrase.found_in(claim.text) or bool(entities & ctx.mentioned_within(claim.document, claim.span))

        return Check(f"mentioning {node.name.text!r}", test)

    def _claims_from(self, node: ast.From) -> Pred:
        document = resolve_document(self.ctx.graph, node.name)
        return self._ids(f"from {document.path}", "by_document", self.ctx.index.by_document.get(document.id, ()))

    def _claims_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda c: phrase.found_in(c.text))

    # -- meetings
    def _meetings_about(self, node: ast.About) -> Pred:
        about = resolve_about(self.ctx, node.name.text)
        return Check(f"about {about.describe(self.ctx)}", lambda m: meeting_about(self.ctx, m, about))

    def _meetings_with(self, node: ast.With) -> Pred:
        party = self._entity(node.name, ACTORS)
        return self._ids(f"with {party.name}", "participants", self.ctx.index.participants.get(party.id, ()))

    def _meetings_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._meetings_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"without {node.name.text}"
        return pred

    def _meetings_in(self, node: ast.In) -> Pred:
        place = self._entity(node.name, LOCATIONS)
        places = self.ctx.index.places_within(place.id)
        meetings = {m for p in places for m in self.ctx.index.held_in.get(p, ())}
        inside = f" and {len(places) - 1} places inside" if len(places) > 1 else ""
        return self._ids(f"in {place.name}{inside}", "held_in+located_in", meetings)

    def _meetings_of(self, node: ast.Of) -> Pred:
        organisation = self._entity(node.name, frozenset({NodeKind.ORGANISATION}))
        return self._ids(f"of {organisation.name}", "convened_by", self.ctx.index.convened_by.get(organisation.id, ()))

    def _meetings_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(meeting: Meeting) -> bool:
            return phrase.found_in(meeting.text) or bool(
                entities & ctx.mentioned_within(meeting.document, meeting.span)
            )

        return Check(f"mentioning {node.name.text!r}", test)

    def _meetings_from(self, node: ast.From) -> Pred:
        return self._claims_from(node)

    def _meetings_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda m: phrase.found_in(m.text))

    # -- entities
    def _entities_with(self, node: ast.With) -> IdSet:
        party = self._entity(node.name, ACTORS)
        met = {p for m in self.ctx.index.participants.get(party.id, ()) for p in self.ctx.parties.get(m, ())}
        return self._ids(f"met {party.name}", "participants", met - {party.id})

    def _entities_without(self, node: ast.Without) -> Pred:
        party = self._entity(node.name, ACTORS)
        met = self._entities_with(ast.With(node.name, pos=node.pos)).ids | {party.id}
        return Check(f"never met {party.name}", lambda e: e.id not in met)

    def _entities_in(self, node: ast.In) -> Pred:
        group = self._entity(node.name, frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY, NodeKind.PLACE}))
        inside = self.ctx.index.members.get(group.id, set()) | (self.ctx.index.places_within(group.id) - {group.id})
        return self._ids(f"in {group.name}", "members+located_in", inside)

    _entities_of = _entities_in

    def _entities_from(self, node: ast.From) -> Pred:
        document = resolve_document(self.ctx.graph, node.name)
        return self._ids(f"named in {document.path}", "mentioned_in", self.ctx.entities_in.get(document.id, ()))

    # -- documents
    def _documents_by(self, node: ast.By) -> Pred:
        speaker = self._entity(node.name, ACTORS)
        claims = self._speakers([speaker.id])
        return self._ids(f"has claims by {speaker.name}", "said", {self.ctx.node(c).document for c in claims})  # type: ignore[attr-defined]

    def _documents_about(self, node: ast.About) -> Pred:
        about = resolve_about(self.ctx, node.name.text)
        return Check(f"about {about.describe(self.ctx)}", lambda d: document_about(self.ctx, d, about))

    def _documents_with(self, node: ast.With) -> Pred:
        entity = self._entity(node.name, ENTITIES)
        return self._ids(f"names {entity.name}", "mentioned_in", self.ctx.index.mentioned_in.get(entity.id, ()))

    def _documents_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._documents_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"does not name {node.name.text}"
        return pred

    def _documents_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(document: Document) -> bool:
            return phrase.found_in(document.text) or bool(entities & ctx.entities_in.get(document.id, set()))

        return Check(f"mentioning {node.name.text!r}", test)

    def _documents_from(self, node: ast.From) -> Pred:
        document = resolve_document(self.ctx.graph, node.name)
        return self._ids(f"is {document.path}", "id", {document.id})

    def _documents_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda d: phrase.found_in(d.text))

    # -- topics
    def _topics_by(self, node: ast.By) -> Pred:
        speaker = self._entity(node.name, ACTORS)
        claims = self._speakers([speaker.id])
        topics = {t for c in claims for t in self.ctx.topics_of.get(c, ())}
        return self._ids(f"of claims by {speaker.name}", "said+about", topics)

    def _topics_from(self, node: ast.From) -> Pred:
        document = resolve_document(self.ctx.graph, node.name)
        topics = {t for c in self.ctx.claims_of(document.id) for t in self.ctx.topics_of.get(c, ())}
        return self._ids(f"of claims in {document.path}", "by_document+about", topics)


def bind(node: Any, ctx: Context, domain: Domain) -> Pred | None:
    """The predicate a filter AST means over a domain (``None`` for no filter)."""
    return None if node is None else Binder(ctx, domain).bind(node)
