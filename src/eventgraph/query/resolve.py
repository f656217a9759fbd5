"""Names in a query to entities and documents of the graph, or an error that helps.

Resolution goes through every alias, case- and accent-insensitively. When no alias is
the name as written, it is tried as people write names: without the titles before it
(``Foreign Minister Lavrov``, ``NATO chief Stoltenberg``), with hyphens as spaces
(``Secretary-General``), in another transliteration (``Zelenskyy``, ``Zelenskiy`` and
``Zelensky``; ``Sergei`` and ``Sergey``), or as one part of a person's name (``Xi``);
each such reading is reported. A name nobody has is an error listing the closest known
names ("no actor 'Lavorv'; did you mean Lavrov (Sergey Lavrov)?"); a name several
entities share is an error listing them, unless the kinds allowed at that position
leave only one. A title alone (``the minister``) is never read as a name.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from eventgraph.documents import close_document_names, documents_named
from eventgraph.index import GraphIndex, name_key
from eventgraph.model import Document, Entity, NodeKind
from eventgraph.query.ast import Name
from eventgraph.query.errors import AmbiguousNameError, UnknownNameError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.lexicon import Lexicon

__all__ = [
    "ACTORS",
    "ENTITIES",
    "LOCATIONS",
    "Found",
    "find_entities",
    "find_named",
    "kind_noun",
    "resolve_document",
    "resolve_entity",
    "spelling_key",
]

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


# -- names as people write them ----------------------------------------------------------------
_SPELLING = [
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z0-9]+", " "),
        (r"kh", "h"),
        (r"[ijw]", lambda m: "v" if m.group() == "w" else "y"),
        (r"(.)\1+", r"\1"),
    )
]


def spelling_key(text: str) -> str:
    """A key shared by the transliterations of a name: ``Zelenskyy``, ``Zelenskiy``,
    ``Zelenski`` and ``Zelensky``; ``Sergei`` and ``Sergey``; ``Dmitri`` and ``Dmitry``."""
    key = name_key(text).replace("-", " ")
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return " ".join(key.split())


@attrs.frozen
class Found:
    """The entities a name means, and how it was read when not as written (else None)."""

    entities: tuple[Entity, ...]
    how: str | None = None
    written: str = ""  # the part of the name that named them, when titles were left aside


class _Variants:
    """Names keyed as people vary them, built once per graph version."""

    def __init__(self, index: GraphIndex) -> None:
        self.plain: dict[str, set[str]] = defaultdict(set)
        self.spelling: dict[str, set[str]] = defaultdict(set)
        self.parts: dict[str, set[str]] = defaultdict(set)
        self.shown: dict[str, str] = {}
        graph = index.graph
        for key, ids in [*index.names.items(), *index.surnames.items()]:
            self.plain[" ".join(key.replace("-", " ").split())].update(ids)
        for entity in graph.entities():
            for alias in {entity.name, *entity.aliases}:
                spelled = spelling_key(alias)
                if spelled:
                    self.spelling[spelled].add(entity.id)
                    self.shown.setdefault(spelled, alias if alias == entity.name else f"{alias} ({entity.name})")
            if entity.kind.value == "person" and "(" not in entity.name:
                words = spelling_key(entity.name).split()
                if len(words) >= 2:  # a surname in another spelling (Zelenskyy), the first word (Xi)
                    self.spelling[words[-1]].add(entity.id)
                    self.shown.setdefault(words[-1], f"{entity.name.split()[-1]} ({entity.name})")
                    self.parts[words[0]].add(entity.id)
                for alias in entity.aliases:  # the last word of every alias: a surname as written
                    last = spelling_key(alias).split()[-1:]
                    if last and len(last[0]) >= 2:
                        self.parts[last[0]].add(entity.id)


_VARIANTS: weakref.WeakKeyDictionary[GraphIndex, _Variants] = weakref.WeakKeyDictionary()


def _variants(graph: EventGraph) -> _Variants:
    index = graph.index
    found = _VARIANTS.get(index)
    if found is None:
        found = _VARIANTS[index] = _Variants(index)
    return found


def _of_kinds(graph: EventGraph, ids: Iterable[str], kinds: Iterable[NodeKind]) -> list[Entity]:
    wanted = set(kinds)
    entities = [graph.get(i) for i in sorted(ids)]
    return [e for e in entities if isinstance(e, Entity) and NodeKind(e.kind.value) in wanted]


def find_named(
    graph: EventGraph, text: str, kinds: Iterable[NodeKind] = ENTITIES, lexicon: Lexicon | None = None
) -> Found:
    """The entities a name means: as written, else as people vary names (titles before it,
    hyphens, transliteration, one part of a person's name), the first reading that finds any."""
    kinds = frozenset(kinds)
    exact = find_entities(graph, text, kinds)
    if exact or not name_key(text):
        return Found(tuple(exact))
    variants = _variants(graph)
    plain = re.sub(r"['’]s$", "", name_key(text)).replace("-", " ")
    found = _of_kinds(graph, variants.plain.get(" ".join(plain.split()), ()), kinds)
    if found:
        return Found(tuple(found), "written otherwise")
    if lexicon is not None:
        stripped = lexicon.strip_titles(text)
        if stripped is not None:
            inner = find_named(graph, stripped[1], kinds, None)
            if inner.entities:
                return Found(inner.entities, "title", stripped[1])
    spelled = spelling_key(re.sub(r"['’]s$", "", text))
    found = _of_kinds(graph, variants.spelling.get(spelled, ()), kinds)
    if found:
        return Found(tuple(found), "spelling")
    if " " not in spelled and NodeKind.PERSON in kinds:
        found = _of_kinds(graph, variants.parts.get(spelled, ()), kinds)
        if len(found) == 1:
            return Found(tuple(found), "part")
    return Found(())


def resolve_entity(
    graph: EventGraph,
    name: Name,
    kinds: frozenset[NodeKind],
    lexicon: Lexicon | None = None,
    notes: list[str] | None = None,
) -> Entity:
    """The one entity of these kinds a name means, or an error that says why not.

    With a lexicon, titles before a name are left aside and a title alone is refused;
    every reading other than the name as written is added to ``notes``.
    """
    if lexicon is not None and lexicon.is_title(name.text) and not find_entities(graph, name.text, kinds):
        raise UnknownNameError(
            f"{name.text!r} is a title, not a name",
            position=name.pos,
            hint="say whose (`the Russian foreign minister`, `the NATO Secretary General`) or give the name",
            expected=(f"the name of a {kind_noun(kinds)}",),
        )
    result = find_named(graph, name.text, kinds, lexicon)
    found = list(result.entities)
    if len(found) == 1:
        if result.how is not None and notes is not None:
            notes.append(reading_note(name.text, found[0], result))
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


def reading_note(text: str, entity: Entity, found: Found) -> str:
    """What a name was read as, when not as written."""
    if found.how == "title":
        return f"{text!r} is {entity.name}: the title before {found.written!r} left aside"
    if found.how == "spelling":
        return f"{text!r} is {entity.name} (another spelling)"
    if found.how == "part":
        return f"{text!r} is {entity.name} (a part of the name)"
    return f"{text!r} is {entity.name}"


def _suggest(graph: EventGraph, text: str, kinds: frozenset[NodeKind]) -> list[str]:
    """Up to three known names close to ``text`` in spelling (a name, or one word of a
    person's name), each shown with its entity's name."""
    shown: dict[str, str] = {}
    for entity in graph.entities():
        if NodeKind(entity.kind.value) not in kinds:
            continue
        for alias in sorted({entity.name, *entity.aliases}):
            key = spelling_key(alias)
            if key and key not in shown:
                same = name_key(alias) == name_key(entity.name)
                shown[key] = alias if same else f"{alias} ({entity.name})"
        if entity.kind.value == "person" and "(" not in entity.name:
            for part in entity.name.split()[1:]:
                key = spelling_key(part)
                if len(key) >= 3:
                    shown.setdefault(key, f"{part} ({entity.name})")
    close = difflib.get_close_matches(spelling_key(text), list(shown), n=3, cutoff=0.6)
    return list(dict.fromkeys(shown[k] for k in close))


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
