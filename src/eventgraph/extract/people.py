"""People's names within one document: one canonical name per person.

A surname alone joins the one full name it ends; a one-letter misspelling of a surname
with the same first name joins the better-attested spelling; names the role table knows
take its spelling, so "Sergei Lavrov" and "Sergey Lavrov" are one person.
"""

from __future__ import annotations

from collections import Counter

from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.lexical import edit_distance
from eventgraph.extract.mentions import POSSESSIVE, Candidate
from eventgraph.ids import fold

__all__ = ["clean_person", "cluster_people", "same_person"]


def clean_person(name: str) -> str:
    return " ".join(POSSESSIVE.sub("", name).split())


def person_tokens(names: dict[str, str]) -> set[str]:
    out = set()
    for canonical in set(names.values()):
        parts = canonical.split()
        if len(parts) >= 2:
            out.update({parts[-1], parts[0]} if len(parts[0]) > 2 else {parts[-1]})
        out.add(canonical)
    return out


def cluster_people(
    people: list[Candidate], knowledge: Knowledge, years: frozenset[int] = frozenset()
) -> dict[str, str]:
    """Map every person name of the document to its canonical form (``years``: those the document
    is dated in, for bare surnames of office holders)."""
    counts = Counter(clean_person(c.name) for c in people)
    titled = {clean_person(c.name): (c.function, c.of) for c in people if c.function and c.of and c.modifier is None}
    canonical: dict[str, str] = {}
    full = [n for n in counts if len(n.split()) >= 2]
    for name in full:
        canonical[name] = _known_name(name, titled.get(name), knowledge) or name

    # one-letter misspellings of the same first name join the better-attested spelling
    def support(name: str) -> int:
        last = name.split()[-1]
        return sum(c for n, c in counts.items() if n in (name, last))

    reps = sorted(
        set(canonical.values()), key=lambda n: (-(knowledge.canonical_person(n) is not None), -support(n), -len(n), n)
    )
    merged: dict[str, str] = {}
    for name in reps:
        target = name
        for other in reps:
            if other == name or merged.get(other, other) != other:
                continue
            if same_person(name, other) and reps.index(other) < reps.index(name):
                target = other
                break
        merged[name] = target
    for name in full:
        canonical[name] = merged.get(canonical[name], canonical[name])
    finals = sorted(set(canonical.values()))
    surname_titles = {clean_person(c.name): c.title for c in people if c.title and _surname_only(c.name)}
    for name in counts:  # a surname the role table knows ("TRUSS") gives the full name first names join
        if name not in canonical and _surname_only(name) and not any(name in f.split() for f in finals):
            known = knowledge.holder_of_surname(fold(name), years) or _titled_holder(
                name, surname_titles.get(name), knowledge
            )
            if known is not None:
                canonical[name] = known
                finals = sorted({*finals, known})
    for name in counts:
        if name in canonical:
            continue
        parts = name.split()
        token = parts[0] if parts else name
        matches = [f for f in finals if token in f.split() or _close(token, f.split()[-1])]
        if len(matches) == 1:
            canonical[name] = matches[0]
        else:
            known = knowledge.canonical_person(name)
            if known is None and len(parts) == 1:
                known = knowledge.holder_of_surname(fold(name), years)
            canonical[name] = known or name
    return canonical


def _close(a: str, b: str) -> bool:
    return len(a) >= 5 and len(b) >= 5 and a[0] == b[0] and edit_distance(a, b, 1) <= 1


def same_person(a: str, b: str) -> bool:
    pa, pb = a.split(), b.split()
    return len(pa) >= 2 and len(pb) >= 2 and pa[0] == pb[0] and _close(pa[-1], pb[-1])


def _known_name(name: str, office: tuple[str | None, str | None] | None, knowledge: Knowledge) -> str | None:
    """The role table's spelling of a name: exact alias, a one-letter variant, or the office holder."""
    exact = knowledge.canonical_person(name)
    if exact:
        return exact
    parts = name.split()
    candidates = []
    if office is not None and office[0] and office[1]:
        found = knowledge.office(office[0], office[1])
        candidates = [h.name for h in found.holders] if found else []
        for holder in candidates:
            hp = holder.split()
            if hp and edit_distance(fold(hp[-1]), fold(parts[-1]), 2) <= 2 and fold(hp[-1])[:3] == fold(parts[-1])[:3]:
                return holder
    first, last = fold(parts[0]), fold(parts[-1])
    for known, holder in knowledge.holder_names.items():
        kp = known.split()
        if len(kp) >= 2 and kp[0] == first and _close(last, kp[-1]):
            return holder
    return None


def _titled_holder(surname: str, title: str | None, knowledge: Knowledge) -> str | None:
    """ "President Michel": the one holder with that surname of an office titled with that word."""
    if not title:
        return None
    word = fold(title).split()[-1]
    found = {
        holder.name
        for office in knowledge.offices
        if word in fold(office.title).split()
        for holder in office.holders
        if fold(holder.name).endswith(f" {fold(surname)}")
    }
    return next(iter(found)) if len(found) == 1 else None


def _surname_only(name: str) -> bool:
    """ "Michel", "von der Leyen": a surname without a first name."""
    parts = clean_person(name).split()
    return len(parts) == 1 or (len(parts) > 1 and parts[0].islower())
