"""What ``about X`` (and ``mentioning X``) looks for: topics, entities, or words.

``about X`` reads X, in this order, as

1. a **topic label** of the lexicon or the graph (``about invasion``: the topic
   *invasion* only, not every topic that lists "invasion" among its terms);
2. an **entity** of the graph (``about NATO``), a country also by its demonym
   (``about Ukrainian`` is about Ukraine);
3. an entity's name and more words (``about NATO membership``: about NATO, and about
   membership);
4. a **term** of the topic lexicon, shipped or given with ``--data`` (``about
   enlargement``: the topic *expansion*), whether or not the corpus used the term;
5. **words** of the text: the phrase, or for several words all of its content words.

A topic matches a claim tagged with it, or whose text has the phrase; words match as
``eventgraph.query.text`` matches them (stems, compounds, hyphens).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs
import numpy as np

from eventgraph.model import Claim, Document, Entity, Meeting, NodeKind, Topic
from eventgraph.query.context import Context
from eventgraph.query.lexicon import Lexicon, normal
from eventgraph.query.resolve import find_entities
from eventgraph.query.text import Phrase, compact_key
from eventgraph.query.words import WordIndex

__all__ = [
    "AboutMatch",
    "about_entities",
    "claim_about",
    "claim_postings",
    "document_about",
    "meeting_about",
    "meeting_passage",
    "resolve_about",
    "topic_labels",
]

_SPLIT_WORDS = 8
"""Only phrases this short are tried as an entity's name plus more words."""


@attrs.frozen
class AboutMatch:
    """What ``about X`` looks for: topics (by id and by their terms), entities, words; or all of ``parts``."""

    text: str
    topics: frozenset[str] = frozenset()
    labels: tuple[str, ...] = ()
    entities: frozenset[str] = frozenset()
    aliases: tuple[Phrase, ...] = ()
    phrase: Phrase | None = None
    parts: tuple[AboutMatch, ...] = ()

    def describe(self, ctx: Context) -> str:
        if self.parts:
            return " + ".join(p.describe(ctx) for p in self.parts)
        found = [f"topic {label}" for label in self.labels]
        found += [f"{ctx.node(e).kind.value} {ctx.node(e).name}" for e in sorted(self.entities)]  # type: ignore[attr-defined]
        if self.phrase is not None:
            several = self.phrase.words and len(self.phrase.content) > 1
            found.append(("all the words of " if several else "the words ") + repr(self.text))
        return " or ".join(found)

    @property
    def nothing(self) -> bool:
        """Whether the phrase names no topic and no entity (only words are looked for)."""
        return not (self.parts or self.labels or self.entities)


_EDGE_WORDS = frozenset(
    {"the", "a", "an", "of", "for", "to", "on", "in", "and", "its", "their", "against", "over", "with", "by", "from"}
)


def _trimmed(text: str) -> str:
    """A phrase without the small words at its ends (``the expansion of`` -> ``expansion``)."""
    words = text.split()
    while words and words[0].lower() in _EDGE_WORDS:
        words = words[1:]
    while words and words[-1].lower() in _EDGE_WORDS:
        words = words[:-1]
    return " ".join(words) or text


def resolve_about(ctx: Context, text: str, lexicon: Lexicon | None = None, *, split: bool = True) -> AboutMatch:
    """Read ``about X`` (see the module's docstring)."""
    text = _trimmed(text)
    compact = compact_key(text)
    if not compact:
        return AboutMatch(text, phrase=Phrase(text))
    by_label, by_term = lexicon.topics_named(text, compact) if lexicon is not None else ([], [])
    keyed = _topic_keys(ctx)
    graph_labels = [label for label, key, _ in keyed if key == compact]
    labels = list(dict.fromkeys([*by_label, *graph_labels]))
    if labels:
        return _topics(ctx, text, labels, lexicon)
    entities = _entities(ctx, text, lexicon)
    if entities:
        return _about(ctx, text, entities, lexicon)
    words = text.split()
    if split and 1 < len(words) <= _SPLIT_WORDS:
        for cut in range(len(words) - 1, 0, -1):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            found = _entities(ctx, head, lexicon)
            if found:
                return AboutMatch(text, parts=(_about(ctx, head, found, lexicon), resolve_about(ctx, tail, lexicon)))
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            found = _entities(ctx, tail, lexicon)
            if found:
                return AboutMatch(text, parts=(resolve_about(ctx, head, lexicon), _about(ctx, tail, found, lexicon)))
    signalled = [label for label, _, signals in keyed if compact in signals]
    labels = list(dict.fromkeys([*by_term, *signalled]))
    if labels:
        return _topics(ctx, text, labels, lexicon)
    return AboutMatch(text, phrase=Phrase(text, words=True))


def _topic_keys(ctx: Context) -> list[tuple[str, str, frozenset[str]]]:
    """Each topic of the graph with the keys of its label and of its signals, once per graph version."""
    found = ctx.cache.get("topic keys")
    if found is None:
        found = ctx.cache["topic keys"] = [
            (t.label, compact_key(t.label), frozenset(compact_key(s) for s in t.signals))
            for t in ctx.topics()  # type: ignore[attr-defined]
        ]
    return found


def about_entities(ctx: Context, text: str, entities: Iterable[Entity], lexicon: Lexicon | None = None) -> AboutMatch:
    """``about`` a set of entities (a nested query's)."""
    return _about(ctx, text, list(entities), lexicon, words=False)


def _topics(ctx: Context, text: str, labels: list[str], lexicon: Lexicon | None) -> AboutMatch:
    """The topics a phrase names: claims tagged with them, or whose text has the phrase."""
    wanted = {label.lower() for label in labels}
    ids = frozenset(t.id for t in ctx.topics() if t.label.lower() in wanted)
    return AboutMatch(text, ids, tuple(labels), phrase=Phrase(text))


def _entities(ctx: Context, text: str, lexicon: Lexicon | None) -> list[Entity]:
    text = re.sub(r"['’]s?$", "", text.strip())  # NATO's expansion: NATO, and expansion
    found = find_entities(ctx.graph, text)
    if found or lexicon is None:
        return found
    owner = lexicon.owner(text)
    if owner is not None and owner.kind == "country":  # a demonym: Ukrainian -> Ukraine
        return find_entities(ctx.graph, owner.name, {NodeKind.COUNTRY})
    return []


def _about(
    ctx: Context, text: str, entities: list[Entity], lexicon: Lexicon | None, *, words: bool = True
) -> AboutMatch:
    forms: set[str] = set()
    for entity in entities:
        forms |= {entity.name, *entity.aliases}
        if lexicon is not None and entity.kind.value == "country":
            country = next((c for c in lexicon.knowledge.countries if normal(c.name) == normal(entity.name)), None)
            if country is not None:
                forms |= {*country.demonyms, *country.aliases}
    aliases = tuple(Phrase(a, exact=_short(a)) for a in sorted(forms) if Phrase(a))
    return AboutMatch(
        text, entities=frozenset(e.id for e in entities), aliases=aliases, phrase=Phrase(text) if words else None
    )


def _short(alias: str) -> bool:
    """Aliases matched word for word: a stem of ``US`` or ``UN`` would find other words."""
    return len(re.sub(r"\W", "", alias)) <= 3


def _says(about: AboutMatch, text: str) -> bool:
    return bool(about.phrase and about.phrase.found_in(text)) or any(a.found_in(text) for a in about.aliases)


_REMEMBERED = 64
"""How many ``about`` phrases' postings a graph version keeps, the oldest forgotten first."""


def claim_postings(ctx: Context, about: AboutMatch) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The numbers of the claims ``about`` may match (None: any) and of those it surely
    matches (tagged with its topics), so only the rest are tested one by one.

    Remembered per graph version: a query box asks about the same words again and again,
    and on a large graph the union of a topic's claims with the word index's takes longer
    than the rest of the query."""
    remembered = ctx.cache.setdefault("about postings", {})
    key = _about_key(about)
    found = remembered.get(key)
    if found is None:
        found = remembered[key] = _claim_postings(ctx, about)
        if len(remembered) > _REMEMBERED:
            del remembered[next(iter(remembered))]
    return found


def _about_key(about: AboutMatch) -> tuple[object, ...]:
    """What an ``AboutMatch`` looks for, as a hashable value (its phrases compare by identity)."""
    phrases = tuple(None if p is None else (p.text, p.exact, p.words) for p in (about.phrase, *about.aliases))
    return (about.text, about.topics, about.entities, phrases, tuple(_about_key(p) for p in about.parts))


def _claim_postings(ctx: Context, about: AboutMatch) -> tuple[np.ndarray | None, np.ndarray | None]:
    if about.parts:
        found = [_claim_postings(ctx, p) for p in about.parts]
        maybe = [m for m, _ in found if m is not None]
        sure = [s for _, s in found]
        both = functools.reduce(np.intersect1d, maybe) if maybe else None
        surely = functools.reduce(np.intersect1d, sure) if sure and all(s is not None for s in sure) else None
        return both, surely
    columns = ctx.columns("claims")
    assert columns is not None
    sure = ctx.union("claims", "about", about.topics)
    parts = [sure, ctx.union("claims", "about", about.entities)]
    documents = {d for e in about.entities for d in ctx.index.mentioned_in.get(e, ())}
    parts.append(ctx.union("claims", "by_document", documents))
    words = word_index(ctx)
    for phrase in (about.phrase, *about.aliases):
        if phrase is None:
            continue
        found = words.candidates(phrase)
        if found is None:
            return None, sure
        parts.append(found)
    return np.unique(np.concatenate(parts)), sure


def word_index(ctx: Context) -> WordIndex:
    """The words of the claims' texts, indexed once per graph version."""
    found = ctx.cache.get("claim words")
    if found is None:
        columns = ctx.columns("claims")
        assert columns is not None
        words = ctx.packed.words if ctx.packed is not None else None
        if words is not None:  # a snapshot's, saved with it
            vocabulary, at, claims = words
            bounds = at.tolist()
            postings = {w: claims[bounds[i] : bounds[i + 1]] for i, w in enumerate(vocabulary)}
            found = ctx.cache["claim words"] = WordIndex.from_postings(postings)
        else:
            found = ctx.cache["claim words"] = WordIndex([c.text for c in columns.nodes])
    return found


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


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“A-Z0-9])")


def meeting_passage(ctx: Context, meeting: Meeting) -> str:
    """A meeting's sentence and the next one in its paragraph, where reports say what was discussed."""
    document = ctx.graph.get(meeting.document)
    if not isinstance(document, Document):
        return meeting.text
    text = document.text
    paragraph_end = text.find("\n\n", meeting.span.end)
    rest = text[meeting.span.end : paragraph_end if paragraph_end >= 0 else len(text)]
    ends = [m.start() for m in _SENTENCE_END.finditer(rest)]
    closed = bool(re.search(r"[.!?][\"”’']?\s*$", meeting.text))  # the meeting's text ends its sentence
    wanted = 0 if closed else 1
    return meeting.text + rest[: ends[wanted]] if len(ends) > wanted else meeting.text + rest


def meeting_about(ctx: Context, meeting: Meeting, about: AboutMatch) -> bool:
    if about.parts:
        return all(meeting_about(ctx, meeting, p) for p in about.parts)
    if about.entities & ctx.mentioned_within(meeting.document, meeting.span):
        return True
    return _says(about, meeting_passage(ctx, meeting))


def document_about(ctx: Context, document: Document, about: AboutMatch) -> bool:
    if about.parts:
        return all(document_about(ctx, document, p) for p in about.parts)
    if about.entities & ctx.entities_in.get(document.id, set()):
        return True
    claims = (ctx.node(c) for c in ctx.claims_of(document.id))
    return any(claim_about(ctx, c, about) for c in claims) or _says(about, document.text)  # type: ignore[arg-type]


def topic_labels(ctx: Context, ids: Iterable[str]) -> list[str]:
    return sorted(ctx.node(t).label for t in ids if isinstance(ctx.node(t), Topic))  # type: ignore[attr-defined]
