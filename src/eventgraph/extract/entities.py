"""Named entities of one document: found, typed, clustered and named canonically.

Candidates come from ``candidates.py``; people are clustered by ``people.py``. This module
builds the document's entity table from them: canonical names and kinds, acronyms that
stand for a longer name, generic nouns that refer back ("the alliance"), and every further
occurrence of a name the document already uses. Role mentions without a name ("the
Secretary General") are kept for ``roles.py``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from eventgraph.extract.candidates import find_candidates
from eventgraph.extract.clean import Byline
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.mentions import POSSESSIVE, Candidate, EntityTable, LocalEntity, RoleMention
from eventgraph.extract.people import clean_person, cluster_people, person_tokens, same_person
from eventgraph.extract.segment import Parsed
from eventgraph.ids import fold

__all__ = ["Candidate", "EntityTable", "LocalEntity", "RoleMention", "detect_entities"]


def detect_entities(
    text: str,
    parsed: Parsed,
    knowledge: Knowledge,
    bylines: tuple[Byline, ...] = (),
    years: frozenset[int] = frozenset(),
) -> EntityTable:
    """The document's entities and mentions (role-only mentions left for ``roles.py``)."""
    candidates, roles = find_candidates(text, parsed, knowledge, bylines, years)
    table = EntityTable(roles=roles)
    people = [c for c in candidates if c.kind == "person"]
    person_names = cluster_people(people, knowledge, years)
    surnames = person_tokens(person_names)
    full_names = {n for n in person_names.values() if len(n.split()) >= 2}
    for cand in candidates:
        if cand.kind == "person" or cand.source != "ner":
            continue
        if cand.surface in surnames or any(same_person(cand.surface, n) for n in full_names):
            cand.kind, cand.name = "person", cand.surface
            people.append(cand)
        elif " " not in cand.surface and (holder := knowledge.holder_of_surname(fold(cand.surface), years)):
            cand.kind, cand.name = "person", holder  # "Stoltenberg said"
            people.append(cand)
    person_names = cluster_people(people, knowledge, years)
    acronyms = _acronyms(text, candidates)
    generic = [c for c in candidates if c.source == "generic"]
    for cand in candidates:
        if cand.source == "generic":
            continue
        if cand.kind == "person":
            name = person_names[clean_person(cand.name)]
            entity = table.ensure("person", name)
            if cand.title and cand.modifier is None:
                entity.titles.add((cand.title, cand.function, cand.of))
            elif cand.title:  # "former President X": a title, but no office held at the time of writing
                entity.titles.add((cand.title, None, None))
        else:
            name = acronyms.get(cand.name, cand.name)
            entity = table.ensure(cand.kind, name)
        table.add_mention(entity.key, cand.surface, cand.start, cand.end)
        if cand.source in ("title", "honorific") and cand.surface.endswith(cand.name) and cand.surface != cand.name:
            table.add_mention(entity.key, cand.name, cand.end - len(cand.name), cand.end)  # the bare name, as written
    for cand in generic:
        target = _generic_target(cand, table, knowledge)
        if target is not None:
            table.add_mention(target, cand.surface, cand.start, cand.end)
    _short_forms(table)
    _initials(text, table)
    _propagate(text, table, knowledge)
    return table


def _initials(text: str, table: EntityTable) -> None:
    """ "TSP" where the document names the True Story Project: an organisation's initials are its name."""
    for entity in list(table.entities.values()):
        if entity.kind != "organisation":
            continue
        words_ = [w for w in re.findall(r"[A-Za-z][\w']*", entity.name) if w.lower() not in ("of", "the", "and", "for")]
        if len(words_) < 2 or not all(w[0].isupper() for w in words_):
            continue
        short = "".join(w[0] for w in words_)
        if len(short) < 2 or table.entities.get(f"organisation:{short.lower()}"):
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
            if not table.covering(match.start(), match.end()):
                table.add_mention(entity.key, short, match.start(), match.end())


def _short_forms(table: EntityTable) -> None:
    """ "the Congress" after "the Congress of Local Authorities" is that body, not a namesake
    the gazetteer knows: a one-word organisation name that heads a longer one of the document."""
    organisations = [e for e in table.entities.values() if e.kind == "organisation"]
    for short in organisations:
        if " " in short.name:
            continue
        longer = [
            o
            for o in organisations
            if o is not short and (o.name.startswith(f"{short.name} of ") or o.name.endswith(f" {short.name}"))
        ]
        if len(longer) == 1:
            table.absorb(short.key, longer[0].key)


_NAME_FORM = re.compile(r"[A-ZÀ-Þ][\w'’.-]+(?: [A-ZÀ-Þ][\w'’.-]+)*$")


def _propagate(text: str, table: EntityTable, knowledge: Knowledge) -> None:
    """Every further occurrence of a name the document already uses is a mention: the parser's
    named entities miss many repetitions ("Smith said" with "Smith" tagged as a noun)."""
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    for key, entity in table.entities.items():
        if entity.kind not in ("person", "organisation", "country"):
            continue
        for surface, _, _ in entity.mentions:
            bare = POSSESSIVE.sub("", surface).strip()
            if len(bare) >= 3 and _NAME_FORM.match(bare):
                uses[bare][key] += 2
        parts = entity.name.split()
        if entity.kind == "person" and len(parts) >= 2 and len(parts[-1]) >= 3:
            uses[parts[-1]][key] += 1
    calendar = {*knowledge.months, *knowledge.weekdays}
    for surface, keys in sorted(uses.items(), key=lambda item: -len(item[0])):
        if surface.lower() in calendar:
            continue  # "May" the surname is not every "May" of the text
        ranked = keys.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # two people share the name and the text never prefers one
        key = ranked[0][0]
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            if not table.covering(match.start(), match.end()):
                table.add_mention(key, surface, match.start(), match.end())


def _acronyms(text: str, candidates: list[Candidate]) -> dict[str, str]:
    """Acronyms that stand for a longer name in the same document."""
    orgs = {c.name for c in candidates if c.kind == "organisation" and len(c.name.split()) >= 2}
    out: dict[str, str] = {}
    for cand in candidates:
        if cand.kind != "organisation" or not cand.name.isupper() or len(cand.name) < 2:
            continue
        for org in orgs:
            initials = "".join(
                w[0] for w in re.findall(r"[A-Za-z][\w']*", org) if w.lower() not in ("of", "the", "and", "for")
            )
            if initials.upper() == cand.name:
                out[cand.name] = org
    for match in re.finditer(r"(?P<long>(?:[A-Z][\w'-]+\s+){1,6}[A-Z][\w'-]+)\s+\((?P<short>[A-Z]{2,8})\)", text):
        long = match.group("long")
        for org in orgs:
            if long.endswith(org):
                out[match.group("short")] = org
    return out


def _generic_target(cand: Candidate, table: EntityTable, knowledge: Knowledge) -> str | None:
    """The organisation a generic noun ("the alliance") refers back to in this document: the one
    named most often before it, then the nearest, then the one named first."""
    ranked = []
    for key in {
        key for name in knowledge.generic_nouns.get(cand.name, []) for key in table.named("organisation", name)
    }:
        spans = table.spans_of(key)
        if not spans:
            continue
        before = bisect.bisect_left(spans, (cand.start,))  # how many of its mentions start before the noun
        nearest = cand.start - spans[before - 1][0] if before else 10**9 + spans[0][0]
        ranked.append((-before, nearest, spans[0], key))
    return min(ranked)[3] if ranked else None
