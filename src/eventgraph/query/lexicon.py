"""What queries know beyond the graph: titles, offices, group words, topics, meeting types.

All of it comes from the extractor's data tables (``eventgraph.extract.knowledge``, the
shipped files plus any given with ``--data``), never from names in code, so a table
extended with more offices or topics answers more queries with no change here. The
tables are read once per set of data files; nothing here imports spaCy.

>>> from eventgraph.query.lexicon import lexicon
>>> role = lexicon().read_role("the Japanese prime minister")
>>> role.owner.name, sorted(role.functions)
('Japan', ['head_of_government'])
"""

from __future__ import annotations

import functools
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from eventgraph.extract.knowledge import Knowledge, Office
from eventgraph.ids import fold

__all__ = ["GroupPhrase", "Lexicon", "Owner", "RolePhrase", "key_words", "lexicon", "normal"]

_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


@functools.lru_cache(maxsize=65536)  # the tables name most owners and titles many times over
def normal(text: str) -> str:
    """A phrase as a lookup key: folded, possessives and punctuation gone, hyphens as
    spaces, no leading article (``the NATO Secretary-General's`` -> ``nato secretary general``)."""
    text = _POSSESSIVE.sub("", fold(text))
    text = _NOT_WORD.sub(" ", text.replace("-", " "))
    words = text.split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def key_words(text: str) -> list[str]:
    return normal(text).split()


@attrs.frozen
class Owner:
    """A country or an organisation an office or a group belongs to."""

    kind: str  # "country" or "organisation"
    name: str


@attrs.frozen
class RolePhrase:
    """``the Russian foreign minister``: an office (or a title), and whose it is."""

    text: str
    titles: frozenset[str]  # the title as written, normalised ("foreign minister")
    functions: frozenset[str]  # the functions the title names (foreign_minister)
    owner: Owner | None
    offices: tuple[Office, ...]  # the role table's offices it names


@attrs.frozen
class GroupPhrase:
    """``Russian officials``, ``NATO diplomats``, ``the Kremlin``: the people of a body."""

    text: str
    owner: Owner
    noun: str | None


class Lexicon:
    """Indexes over the knowledge tables, in the shape queries need them."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.owners: dict[str, Owner] = {}
        self._forms: dict[str, set[str]] = defaultdict(set)  # an owner's name -> the phrases naming it
        for country in knowledge.countries:
            for form in (country.name, *country.aliases, *country.demonyms):
                self._own(form, Owner("country", country.name))
        for organisation in knowledge.organisations:
            for form in (organisation.name, *organisation.aliases):
                self._own(form, Owner("organisation", organisation.name))
        self.governments = {
            normal(o.name): o for o in knowledge.organisations if o.type == "government" and normal(o.name)
        }
        self.honorifics = frozenset(normal(h) for h in knowledge.honorifics if normal(h))
        self.group_nouns = frozenset(normal(g) for g in knowledge.group_nouns if normal(g))
        self.titles: dict[str, set[str | None]] = defaultdict(set)  # a title without its owner -> functions
        for form in knowledge.title_forms:
            self.titles[normal(form.form)].add(form.function)
        self.office_names: dict[str, list[Office]] = defaultdict(list)  # a title with or without owner -> offices
        self.offices_of: dict[str, list[Office]] = defaultdict(list)
        for office in knowledge.offices:
            self.offices_of[normal(office.of)].append(office)
            for alias in (office.title, *office.title_aliases):
                key = normal(alias)
                if not key:
                    continue
                if office not in self.office_names[key]:
                    self.office_names[key].append(office)
                # the title, and the title without its owner's words, are titles of their own
                self.titles[self._without_owner(key, office.of)].add(office.function)
        self.topic_terms: dict[str, tuple[str, ...]] = {label: terms for label, terms in knowledge.topics.items()}
        self.meeting_nouns = {normal(k): v for k, v in knowledge.meeting_nouns.items()}
        self.meeting_modifiers = {normal(k): v for k, v in knowledge.meeting_modifiers.items()}
        self.meeting_kinds = {normal(v): v for v in (*self.meeting_nouns.values(), *self.meeting_modifiers.values())}
        self.title_heads = frozenset(t.split()[-1] for t in self.titles if t)
        self._topic_keys_by_initial: dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}

    @functools.cached_property
    def capitals(self) -> dict[str, str]:
        """The country of each capital, by its lookup key (read only for a name the graph lacks)."""
        return {normal(k): v for k, v in self.knowledge.capital_of.items()}

    def _own(self, form: str, owner: Owner) -> None:
        key = normal(form)
        if key:
            self.owners.setdefault(key, owner)
            self._forms[normal(owner.name)].add(key)

    # -- owners and titles ----------------------------------------------------------------
    def owner(self, text: str) -> Owner | None:
        """The country or organisation a phrase names (``Russian``, ``Russia``, ``NATO``)."""
        return self.owners.get(normal(text))

    def _owner_forms(self, name: str) -> set[str]:
        return self._forms.get(normal(name), {normal(name)})

    def _without_owner(self, key: str, owner: str) -> str:
        """An office's alias without the words that name its owner: ``russian foreign minister``
        -> ``foreign minister``, ``nato chief`` -> ``chief``."""
        words = key.split()
        for form in sorted(self._owner_forms(owner), key=len, reverse=True):
            parts = form.split()
            if words[: len(parts)] == parts and len(words) > len(parts):
                return " ".join(words[len(parts) :])
            for joint in ("of", "for", "to"):
                tail = [joint, *parts]
                if words[-len(tail) :] == tail and len(words) > len(tail):
                    return " ".join(words[: -len(tail)])
        return key

    def is_title(self, text: str) -> bool:
        """Whether a phrase is only a title or a rank (``the minister``, ``President``)."""
        key = normal(text)
        return bool(key) and (key in self.titles or key in self.honorifics)

    def read_role(self, text: str) -> RolePhrase | None:
        """An office named by its title and owner (``the Russian foreign minister``,
        ``NATO chief``, ``foreign minister of Ukraine``), or by a title only one office has."""
        key = normal(text)
        if not key:
            return None
        offices = self.office_names.get(key, [])
        owners = {normal(o.of) for o in offices}
        if offices and len(owners) == 1:
            office = offices[0]
            return RolePhrase(
                text,
                frozenset({key, self._without_owner(key, office.of)}),
                frozenset(o.function for o in offices),
                self.owner(office.of) or Owner("organisation", office.of),
                tuple(offices),
            )
        words = key.split()
        for known in (True, False):  # titles the tables know first, then ones ending like one
            for cut in range(len(words) - 1, 0, -1):  # the longest owner first
                for owner_words, title_words in self._splits(words, cut):
                    found = self._role(text, owner_words, title_words, known)
                    if found is not None:
                        return found
        if key in self.titles and offices:
            return RolePhrase(text, frozenset({key}), frozenset(f for f in self.titles[key] if f), None, tuple(offices))
        functions = frozenset(f for f in self.titles.get(key, ()) if f)
        if functions and not any(o.function in functions for o in self.knowledge.offices):
            return RolePhrase(text, frozenset({key}), functions, None, ())  # an office only the documents record
        return None

    def _role(self, text: str, owner_words: list[str], title_words: list[str], known: bool) -> RolePhrase | None:
        owner = self.owners.get(" ".join(owner_words))
        title = " ".join(title_words)
        # a title the tables know, or (second) one ending like one (`health minister`): the
        # graph's role edges may record such a title even where the role table does not
        if (
            owner is None
            or not title_words
            or (title not in self.titles if known else title_words[-1] not in self.title_heads)
        ):
            return None
        functions = {f for f in self.titles.get(title, ()) if f}
        named = [
            o
            for o in self.offices_of.get(normal(owner.name), [])
            if o.function in functions or title in {normal(o.title), *map(normal, o.title_aliases)}
        ]
        return RolePhrase(text, frozenset({title}), frozenset(functions), owner, tuple(named))

    @staticmethod
    def _splits(words: list[str], cut: int) -> Iterable[tuple[list[str], list[str]]]:
        """Owner and title of ``Russian foreign minister`` and of ``foreign minister of Russia``."""
        yield words[:cut], words[cut:]
        if cut >= 2 and words[cut - 1] in ("of", "for"):
            yield words[cut:], words[: cut - 1]

    def read_group(self, text: str) -> GroupPhrase | None:
        """``Russian officials``, ``officials of NATO``, ``the Kremlin``: a body's people."""
        key = normal(text)
        words = key.split()
        if key in self.governments:
            owner = self.owner(self.governments[key].name)
            return GroupPhrase(text, owner, None) if owner else None
        for cut in range(1, len(words)):
            head, tail = words[:cut], words[cut:]
            if " ".join(tail) in self.group_nouns and (owner := self.owners.get(" ".join(head))):
                return GroupPhrase(text, owner, " ".join(tail))
            if len(tail) >= 2 and tail[0] == "of" and " ".join(head) in self.group_nouns:
                owner = self.owners.get(" ".join(tail[1:]))
                if owner:
                    return GroupPhrase(text, owner, " ".join(head))
        return None

    def government_offices(self, body: str) -> list[Office]:
        """The offices of a government body: its own (``Kremlin`` spokesperson) and those
        titled after it (``Kremlin leader``: the Russian president)."""
        name = normal(body)
        found = list(self.offices_of.get(name, []))
        for office in self.knowledge.offices:
            if office in found:
                continue
            if any(_contains(normal(a), name) for a in (office.title, *office.title_aliases)):
                found.append(office)
        return found

    def bodies_of(self, country: str) -> list[str]:
        """The government bodies of a country (its presidency, ministries...)."""
        wanted = normal(country)
        return sorted(o.name for o in self.governments.values() if o.country and normal(o.country) == wanted)

    def strip_titles(self, text: str) -> tuple[str, str] | None:
        """``Russian Foreign Minister Sergey Lavrov`` -> (``Russian Foreign Minister``,
        ``Sergey Lavrov``): the titles, honorifics and owners written before a name."""
        original = text.split()
        words = [normal(w) for w in original]
        index = 0
        while index < len(words):
            step = self._title_at(words, index)
            if not step:
                break
            index += step
        if index == 0 or index >= len(words):
            return None
        return " ".join(original[:index]), " ".join(original[index:])

    def _title_at(self, words: Sequence[str], index: int) -> int:
        """How many words from ``index`` are a title, an honorific, or an owner and a title."""
        for length in range(min(6, len(words) - index), 0, -1):
            phrase = " ".join(w for w in words[index : index + length] if w)
            if not phrase:
                continue
            if phrase in self.titles or phrase in self.honorifics or phrase in self.office_names:
                return length
            if phrase in self.owners and self._title_at(words, index + length):
                return length
        return 0

    # -- topics and meetings ----------------------------------------------------------------
    def topics_named(self, text: str, compact: str) -> tuple[list[str], list[str]]:
        """Topic labels a phrase is (by label), and those it signals (one of their terms).

        ``compact`` is the phrase's key without spaces between stems, so ``cyber-attacks``,
        ``cyber attacks`` and ``cyberattacks`` find the same term.
        """
        labels, terms = self._topic_keys(compact[:1])
        by_label = list(labels.get(compact, ()))
        by_term = [label for label in terms.get(compact, ()) if label not in by_label]
        return by_label, by_term

    def _topic_keys(self, initial: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Topic labels by the compact key of their label, and of each of their terms, for the
        keys that begin with ``initial``: stemming the terms of every topic would cost a query
        about one of them more than the rest of its answer."""
        found = self._topic_keys_by_initial.get(initial)
        if found is None:
            from eventgraph.query.text import compact_initial, compact_key

            labels: dict[str, list[str]] = defaultdict(list)
            terms: dict[str, list[str]] = defaultdict(list)
            for label, words in self.topic_terms.items():
                if compact_initial(label) == initial:
                    labels[compact_key(label)].append(label)
                for word in dict.fromkeys(compact_key(w) for w in words if compact_initial(w) == initial):
                    terms[word].append(label)
            found = self._topic_keys_by_initial[initial] = (labels, terms)
        return found

    def meeting_types(self, text: str) -> set[str]:
        """The meeting types a word names: ``calls``/``phone`` -> call, ``negotiations`` -> talks."""
        key = normal(text)
        found = set()
        for candidate in {key, key.removesuffix("s"), key.removesuffix("es")}:
            if candidate in self.meeting_kinds:
                found.add(self.meeting_kinds[candidate])
            if candidate in self.meeting_nouns:
                found.add(self.meeting_nouns[candidate])
            if candidate in self.meeting_modifiers:
                found.add(self.meeting_modifiers[candidate])
        return found


def _contains(phrase: str, part: str) -> bool:
    return f" {part} " in f" {phrase} "


_CACHE: weakref.WeakKeyDictionary[Knowledge, Lexicon] = weakref.WeakKeyDictionary()


def lexicon(data: Sequence[str] | Knowledge = ()) -> Lexicon:
    """The lexicon of the shipped tables plus the given data files (built once for each)."""
    knowledge = data if isinstance(data, Knowledge) else _knowledge(tuple(str(d) for d in data))
    found = _CACHE.get(knowledge)
    if found is None:
        found = _CACHE[knowledge] = Lexicon(knowledge)
    return found


@functools.cache
def _knowledge(data: tuple[str, ...]) -> Knowledge:
    return Knowledge.load(data)
