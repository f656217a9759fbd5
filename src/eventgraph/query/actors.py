"""Who a speaker or a party in a query is: a name, an office on a date, or a body's people.

``by`` and ``with`` (and ``who met``) take more than names:

- an **office** (``the Russian foreign minister``, ``the NATO Secretary General``, ``NATO
  chief``): whoever held it on the date of each fact, by the dated role table, or by the
  titles the graph recorded for people (its ``role`` edges: a person the fact's own
  document titles so, or one titled so over the fact's date). An undated fact is dated by
  its document's publication for this. An office is never read through the alias index,
  so a role mentioned once does not stand for one person on every date.
- a **body's people** (``Russian officials``, ``NATO diplomats``): the country or
  organisation, the people the graph records in it, its government bodies, and whoever
  held one of its offices on the fact's date; a government body (``the Kremlin``, ``the
  White House``) is itself, its people and the holders of its offices (for the Kremlin,
  its spokesperson and the president the tables call "Kremlin leader").
- a **capital** as a speaker or a party: its country's government (``Moscow`` said).
- any **name**, as ``eventgraph.query.resolve`` reads names.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from eventgraph.index import GraphIndex
from eventgraph.model import DateInterval, Document, Edge, EdgeKind, Entity, NodeKind
from eventgraph.query.errors import AmbiguousNameError, UnknownNameError
from eventgraph.query.lexicon import Lexicon, Owner, RolePhrase, normal
from eventgraph.query.resolve import ACTORS, find_entities, find_named, resolve_entity

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.ast import Name

__all__ = ["Actors", "Holding", "resolve_actors", "roles"]


@attrs.frozen
class Holding:
    """An entity that stands for a phrase over a period, or in the facts of some documents."""

    entity: str
    start: dt.date | None = None
    end: dt.date | None = None
    documents: frozenset[str] = frozenset()
    dated: bool = True  # False: only the documents count (a title the graph recorded undated)

    def admits(self, date: DateInterval | None, document: str) -> bool:
        if document in self.documents:
            return True
        if not self.dated or date is None:
            return False
        return (self.start is None or self.start <= date.end) and (self.end is None or date.start <= self.end)


@attrs.frozen
class Actors:
    """The entities a phrase stands for: some on every date, some per fact."""

    text: str
    label: str
    always: frozenset[str] = frozenset()
    holdings: tuple[Holding, ...] = ()

    @property
    def candidates(self) -> frozenset[str]:
        return self.always | {h.entity for h in self.holdings}

    @property
    def exact(self) -> bool:
        """Whether the phrase means the same entities on every date."""
        return not self.holdings

    def admits(self, entity: str, date: DateInterval | None, document: str) -> bool:
        if entity in self.always:
            return True
        return any(h.entity == entity and h.admits(date, document) for h in self.holdings)


def fact_date(graph: EventGraph, date: DateInterval | None, document: str) -> DateInterval | None:
    """The date an office is read on: the fact's own, else its document's publication."""
    if date is not None:
        return date
    source = graph.get(document)
    return source.published if isinstance(source, Document) else None


def resolve_actors(
    graph: EventGraph, name: Name, lexicon: Lexicon, notes: list[str], kinds: frozenset[NodeKind] = ACTORS
) -> Actors:
    """The actors a speaker or party phrase means (see the module's docstring)."""
    text = name.text
    role = lexicon.read_role(text) or _recorded_title(graph, text)
    if role is not None:
        found = _office(graph, name, role, lexicon, notes)
        if found is not None:
            return found
    group = lexicon.read_group(text)
    exact = find_entities(graph, text, kinds)
    if group is not None and (group.noun is not None or _is_government(exact, lexicon)):
        found = _group(graph, name, group.owner, group.noun, lexicon, notes)
        if found is not None:
            return found
    if not exact:
        capital = _capital(graph, text, kinds, lexicon)
        if capital is not None:
            owner = lexicon.owner(capital.name) or Owner("country", capital.name)
            found = _group(graph, name, owner, "government", lexicon, notes)
            if found is not None:
                notes[-1] = (
                    f"{text!r} as a speaker or a party is {capital.name}'s government: " + notes[-1].split(": ", 1)[1]
                )
                return found
    entity = resolve_entity(graph, name, kinds, lexicon, notes)
    return Actors(text, entity.name, frozenset({entity.id}))


def _is_government(entities: list[Entity], lexicon: Lexicon) -> bool:
    return len(entities) == 1 and normal(entities[0].name) in lexicon.governments


def _capital(graph: EventGraph, text: str, kinds: frozenset[NodeKind], lexicon: Lexicon) -> Entity | None:
    places = find_named(graph, text, {NodeKind.PLACE}).entities
    names = {lexicon.capitals.get(normal(p.name)) for p in places} | {lexicon.capitals.get(normal(text))}
    names.discard(None)
    if len(names) != 1:
        return None
    countries = find_entities(graph, names.pop(), kinds & {NodeKind.COUNTRY})  # type: ignore[arg-type]
    return countries[0] if len(countries) == 1 else None


# -- offices ---------------------------------------------------------------------------------
def _office(graph: EventGraph, name: Name, role: RolePhrase, lexicon: Lexicon, notes: list[str]) -> Actors | None:
    """The holders of an office, per date; None when the phrase is no office after all."""
    owners = {normal(o.of) for o in role.offices}
    if role.owner is None and len(owners) > 1:
        shown = sorted({o.of for o in role.offices})
        title = name.text.strip().removeprefix("the ").strip()
        examples = ", ".join(f"`the {_demonym(lexicon, o)} {title}`" for o in shown[:3])
        listed = ", ".join(shown[:6]) + ("..." if len(shown) > 6 else "")
        raise AmbiguousNameError(
            f"{name.text!r} is a title {len(shown)} offices have ({listed})",
            position=name.pos,
            hint=f"say whose: {examples}, or give the name",
            expected=("an office with its country or organisation, or a name",),
        )
    holdings: list[Holding] = []
    for office in role.offices:
        for holder in office.holders:
            for entity in _people(graph, (holder.name, *holder.aliases)):
                holdings.append(Holding(entity.id, holder.start, holder.end))
    owner_ids = _owner_ids(graph, role.owner)
    for _, edge in roles(graph):
        if _titled(edge, role, lexicon) and (role.owner is None or edge.target in owner_ids):
            holdings.append(_edge_holding(edge))
    if not holdings:
        if role.offices or _known_title(role, lexicon):
            raise UnknownNameError(
                f"no one in the graph held the office {name.text!r}",
                position=name.pos,
                hint="the role table and the titles recorded in the documents name no one in the graph for it",
                expected=("a name, or an office someone in the graph held",),
            )
        return None
    people = sorted({graph.node(h.entity).name for h in holdings})  # type: ignore[union-attr]
    label = f"{name.text} (per date: {', '.join(people)})"
    notes.append(
        f"{name.text!r} is whoever held the office on each fact's date, by the role table and the titles in the "
        f"documents: {', '.join(people)}"
    )
    return Actors(name.text, label, frozenset(), tuple(dict.fromkeys(holdings)))


_ROLES: weakref.WeakKeyDictionary[GraphIndex, list[tuple[str, Edge]]] = weakref.WeakKeyDictionary()


def roles(graph: EventGraph) -> list[tuple[str, Edge]]:
    """The graph's ``role`` edges with their titles as keys, read once per graph version."""
    index = graph.index
    found = _ROLES.get(index)
    if found is None:
        found = _ROLES[index] = [(normal(e.title or ""), e) for e in graph.edges(EdgeKind.ROLE)]
    return found


def _recorded_title(graph: EventGraph, text: str) -> RolePhrase | None:
    """A title no table knows but the graph recorded for someone (``Presidential
    Commissioner for Children's Rights``), written whole."""
    key = normal(text)
    if key and any(title == key for title, _ in roles(graph)):
        return RolePhrase(text, frozenset({key}), frozenset(), None, ())
    return None


def _known_title(role: RolePhrase, lexicon: Lexicon) -> bool:
    return bool(role.functions) or any(t in lexicon.titles for t in role.titles)


def _demonym(lexicon: Lexicon, owner: str) -> str:
    country = next((c for c in lexicon.knowledge.countries if c.name == owner), None)
    return country.demonyms[0] if country and country.demonyms else owner


def _titled(edge: Edge, role: RolePhrase, lexicon: Lexicon) -> bool:
    """Whether a ``role`` edge records the title of a role phrase (by words, or by function)."""
    title = normal(edge.title or "")
    if not title:
        return False
    if title in role.titles:
        return True
    functions = {f for f in lexicon.titles.get(title, ()) if f}
    return bool(functions & role.functions)


def _edge_holding(edge: Edge) -> Holding:
    documents = frozenset(edge.documents)
    if edge.interval is not None:
        return Holding(edge.source, edge.interval.start, edge.interval.end, documents)
    return Holding(edge.source, documents=documents, dated=False)


def _people(graph: EventGraph, names: Iterable[str]) -> list[Entity]:
    found: dict[str, Entity] = {}
    for text in names:
        for entity in find_named(graph, text, {NodeKind.PERSON}).entities:
            found[entity.id] = entity
    return list(found.values())


def _owner_ids(graph: EventGraph, owner: Owner | None) -> set[str]:
    if owner is None:
        return set()
    return {e.id for e in find_entities(graph, owner.name, {NodeKind.COUNTRY, NodeKind.ORGANISATION})}


# -- a body's people ---------------------------------------------------------------------------
def _group(
    graph: EventGraph, name: Name, owner: Owner, noun: str | None, lexicon: Lexicon, notes: list[str]
) -> Actors | None:
    bodies = _owner_ids(graph, owner)
    if owner.kind == "country":
        for body in lexicon.bodies_of(owner.name):
            bodies |= {e.id for e in find_entities(graph, body, {NodeKind.ORGANISATION})}
    if not bodies:
        return None
    index = graph.index
    always = set(bodies)
    for body in bodies:
        always |= index.members.get(body, set())
    holdings: list[Holding] = []
    offices = list(lexicon.government_offices(owner.name))
    if owner.kind == "country" and noun is not None:
        offices += [o for b in lexicon.bodies_of(owner.name) for o in lexicon.government_offices(b)]
        offices += lexicon.offices_of.get(normal(owner.name), [])
    for office in dict.fromkeys(offices):
        for holder in office.holders:
            for entity in _people(graph, (holder.name, *holder.aliases)):
                if entity.id not in always:
                    holdings.append(Holding(entity.id, holder.start, holder.end))
    shown = sorted(graph.node(i).name for i in always)  # type: ignore[union-attr]
    held = sorted({graph.node(h.entity).name for h in holdings})  # type: ignore[union-attr]
    what = f"{', '.join(shown)}" + (f", and per date {', '.join(held)}" if held else "")
    notes.append(f"{name.text!r} is the people of {owner.name}: {what}")
    return Actors(name.text, f"{name.text} ({what})", frozenset(always), tuple(dict.fromkeys(holdings)))
