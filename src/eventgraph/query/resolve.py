"""Names in a query to entities and documents of the graph, or an error that helps.

Resolution goes through every alias, case- and accent-insensitively. A name nobody has
is an error listing the closest known names ("no actor 'Lavorv'; did you mean Lavrov
(Sergey Lavrov)?"); a name several entities share is an error listing them, unless the
kinds allowed at that position leave only one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventgraph.documents import close_document_names, documents_named
from eventgraph.index import name_key
from eventgraph.model import Document, Entity, NodeKind
from eventgraph.query.ast import Name
from eventgraph.query.errors import AmbiguousNameError, UnknownNameError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["ACTORS", "ENTITIES", "LOCATIONS", "find_entities", "kind_noun", "resolve_document", "resolve_entity"]

ACTORS = frozenset({NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.COUNTRY})
LOCATIONS = frozenset({NodeKind.PLACE, NodeKind.COUNTRY})
ENTITIES = ACTORS | {NodeKind.PLACE}

_NOUNS = {
    ACTORS: "actor",
    LOCATIONS: "place",
    ENTITIES: "person, organisation, country or place",
    frozenset({NodeKind.ORGANISATION}): "organisation",
    frozenset({NodeKind.PERSON}): "person",
    frozenset({NodeKind.COUNTRY}): "country",
    frozenset({NodeKind.PLACE}): "place",
    frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY, NodeKind.PLACE}): "organisation, country or place",
}


def kind_noun(kinds: Iterable[NodeKind]) -> str:
    """What to call the things allowed at a position: "actor", "place", ..."""
    kinds = frozenset(kinds)
    return _NOUNS.get(kinds) or " or ".join(sorted(k.value for k in kinds))


def find_entities(graph: EventGraph, text: str, kinds: Iterable[NodeKind] = ENTITIES) -> list[Entity]:
    """Every entity of these kinds with this name or alias; no error when there is none."""
    return graph.find(text, list(kinds)) if name_key(text) else []


def resolve_entity(graph: EventGraph, name: Name, kinds: frozenset[NodeKind]) -> Entity:
    """The one entity of these kinds a name means, or an error that says why not."""
    found = find_entities(graph, name.text, kinds)
    if len(found) == 1:
        return found[0]
    noun = kind_noun(kinds)
    if found:
        listed = ", ".join(f"{e.name} ({e.kind.value}, {e.id})" for e in found)
        raise AmbiguousNameError(
            f"{name.text!r} could be {len(found)} entities: {listed}",
            position=name.pos,
            hint="write a fuller name or one of their other aliases",
            expected=(f"the name of one {noun}",),
        )
    elsewhere = find_entities(graph, name.text, ENTITIES)
    if elsewhere:
        what = ", ".join(f"{e.name} is a{'n' if e.kind.value[0] in 'aeiou' else ''} {e.kind.value}" for e in elsewhere)
        raise UnknownNameError(
            f"no {noun} {name.text!r}: {what}",
            position=name.pos,
            hint=_kind_hint(kinds),
            expected=(f"the name of a {noun}",),
        )
    raise UnknownNameError(
        _unknown(noun, name.text, _suggest(graph, name.text, kinds)),
        position=name.pos,
        hint="names must match a name or an alias in the graph; `people`, `organisations`, `places` list them",
        expected=(f"the name of a {noun}",),
    )


def _kind_hint(kinds: frozenset[NodeKind]) -> str:
    if kinds == LOCATIONS:
        return "`in`/`at` takes a place or country for meetings; `with` a participant; `of` a convening organisation"
    if kinds == frozenset({NodeKind.ORGANISATION}):
        return "`of` takes the organisation that convened a meeting"
    return "use a name of the right kind"


def _unknown(noun: str, text: str, suggestions: list[str]) -> str:
    if not suggestions:
        return f"no {noun} {text!r} in the graph"
    if len(suggestions) == 1:
        return f"no {noun} {text!r}; did you mean {suggestions[0]}?"
    return f"no {noun} {text!r}; did you mean {', '.join(suggestions[:-1])} or {suggestions[-1]}?"


def _suggest(graph: EventGraph, text: str, kinds: frozenset[NodeKind]) -> list[str]:
    """Up to three known names close to ``text``, each shown with its entity's name."""
    shown: dict[str, str] = {}
    for entity in graph.entities():
        if NodeKind(entity.kind.value) not in kinds:
            continue
        for alias in sorted({entity.name, *entity.aliases}):
            key = name_key(alias)
            if key and key not in shown:
                same = key == name_key(entity.name)
                shown[key] = alias if same else f"{alias} ({entity.name})"
    close = difflib.get_close_matches(name_key(text), list(shown), n=3, cutoff=0.6)
    return [shown[k] for k in close]


def resolve_document(graph: EventGraph, name: Name) -> Document:
    """A document by id, path, file name or stem (the file name without its extension)."""
    text = name.text.strip()
    documents = graph.documents()
    found = documents_named(documents, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AmbiguousNameError(
            f"{text!r} could be {len(found)} documents: {', '.join(d.path for d in found)}",
            position=name.pos,
            hint="give more of the path",
            expected=("one document's path, file name or id",),
        )
    raise UnknownNameError(
        _unknown("document", text, close_document_names(documents, text)),
        position=name.pos,
        hint="name a document by its path, file name, file name without extension, or id; `documents` lists them",
        expected=("a document's path, file name or id",),
    )
