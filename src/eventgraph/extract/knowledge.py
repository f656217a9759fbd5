"""Curated general knowledge the extractor reads: data files, never code.

Countries, organisations and places (the gazetteer), titles and the dated role table,
speech cues, topics, events, calendar words and boilerplate patterns live in
``eventgraph/data/*.json``. A user extends any of them with files of the same shape
(``Knowledge.load(extra=[...])``, ``eventgraph ingest --data FILE``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from eventgraph.errors import EventGraphError
from eventgraph.ids import fold

__all__ = ["Country", "Event", "Holder", "Knowledge", "Office", "Organisation", "Place", "Publisher", "TitleForm"]

_FILES = (
    "calendar",
    "boilerplate",
    "cues",
    "titles",
    "nouns",
    "meetings",
    "topics",
    "countries",
    "organisations",
    "places",
    "roles",
    "events",
    "transcripts",
    "publishers",
)


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # "Joseph R. Biden Jr.": the surname is Biden


@attrs.frozen
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    cities: tuple[str, ...]
    regions: tuple[str, ...]
    historical: bool = False


@attrs.frozen
class Organisation:
    name: str
    aliases: tuple[str, ...]
    type: str
    generic: tuple[str, ...]
    country: str | None
    parent: str | None


@attrs.frozen
class Place:
    name: str
    aliases: tuple[str, ...]
    type: str
    within: str | None
    adjectives: tuple[str, ...]


@attrs.frozen
class Holder:
    name: str
    aliases: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return (self.start is None or self.start <= end) and (self.end is None or self.end >= start)


@attrs.frozen
class Office:
    function: str
    of: str
    title: str
    holders: tuple[Holder, ...]
    title_aliases: tuple[str, ...] = ()


@attrs.frozen
class Event:
    name: str
    aliases: tuple[str, ...]
    start: dt.date
    end: dt.date
    place: str | None


@attrs.frozen
class Publisher:
    """A press office: the office its pages speak for, and what marks its pages."""

    name: str
    function: str
    of: str
    signals: tuple[re.Pattern[str], ...]
    owner: re.Pattern[str]


@attrs.frozen
class TitleForm:
    """A surface form of a title: the canonical title and, for offices, their function."""

    form: str
    title: str
    function: str | None


@attrs.frozen
class GazetteerEntry:
    """What a surface form in the gazetteer names: kind, canonical name, and how it names it."""

    kind: str
    name: str
    how: str


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(v for v in (value or ()) if isinstance(v, str) and v)


class Knowledge:
    """Everything the extractor knows before it reads a document.

    Its patterns are compiled, and its lookups (the gazetteer, names, holders, days) built,
    on first use: a query reads the tables for names, offices and topics, and needs few of
    the lookups and none of the patterns."""

    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self._tables = tables
        calendar = tables["calendar"]
        self.months: dict[str, int] = calendar["months"]
        self.weekdays: dict[str, int] = calendar["weekdays"]
        self.numbers: dict[str, int | None] = calendar["numbers"]
        cues = tables["cues"]
        self.cue_verbs: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in cues["verbs"].items()}
        self.cue_particles: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in cues["particles"].items()}
        self.cue_nouns = frozenset(cues["nouns"])
        self.cue_sources = tuple(cues["sources"])
        self.neutral_cues = frozenset(cues["neutral"])
        self.object_heads = {k: frozenset(v) for k, v in cues["object_heads"].items() if k != "notes"}
        self.document_nouns = frozenset(cues["documents"]["nouns"])
        self.as_tag_verbs: dict[str, str] = dict(cues.get("as_tags", {}).get("verbs", {}))
        self.issue_verbs = frozenset(cues["documents"]["verbs"])
        self.document_cues = frozenset(cues["documents"]["cues"])
        self.citing_verbs = frozenset(cues["cited"]["verbs"])
        self.joint_subjects = frozenset(cues["joint_subjects"]["nouns"])
        titles = tables["titles"]
        self.title_forms = self._title_forms(titles)
        self.honorifics = tuple(titles["honorifics"])
        self.past_modifiers = tuple(titles["modifiers"]["past"])
        self.future_modifiers = tuple(titles["modifiers"]["future"])
        self.partial_modifiers = tuple(titles["modifiers"]["partial"])
        self.group_nouns = frozenset(titles["group_nouns"])
        self.person_ranks = frozenset(titles.get("person_ranks", ()))
        nouns = tables["nouns"]
        self.organisation_heads = frozenset(nouns["organisation_heads"])
        self.place_heads = frozenset(nouns["place_heads"])
        self.non_actors = frozenset(nouns["non_actors"])
        self.event_heads = frozenset(nouns["event_heads"])
        self.person_bodies = tuple(nouns["person_bodies"])
        meetings = tables["meetings"]
        self.meeting_verbs: dict[str, str] = meetings["verbs"]
        self.meeting_nouns: dict[str, str] = meetings["nouns"]
        self.light_verbs = frozenset(meetings["light_verbs"])
        self.meeting_modifiers: dict[str, str] = meetings["modifiers"]
        self.scheduled_words = frozenset(meetings["scheduled"])
        self.hypothetical_words = frozenset(meetings["hypothetical"])
        self.cancelling_words = frozenset(meetings["cancelled"])
        self.requesting_words = frozenset(meetings["requested"])
        self.meeting_verb_preps = {k: frozenset(v) for k, v in meetings["verb_preps"].items()}
        self.proper_only_meetings = frozenset(meetings["proper_only"])
        self.audiences = frozenset(meetings["audiences"])
        self.object_only_meetings = frozenset(meetings["object_only"])
        self.dated_speech = frozenset(meetings["dated_speech"]["verbs"])
        self.participation_verbs = frozenset(meetings["participation"]["verbs"])
        self.participation_phrases = tuple(meetings["participation"]["phrases"])
        self.topics: dict[str, tuple[str, ...]] = {k.lower(): tuple(v) for k, v in tables["topics"]["topics"].items()}
        self.countries = [self._country(c) for c in tables["countries"]["countries"]]
        self.organisations = [self._organisation(o) for o in tables["organisations"]["organisations"]]
        self.places = [self._place(p) for p in tables["places"]["places"]]
        self.offices = [self._office(o) for o in tables["roles"]["offices"]]
        self.roles_as_of = _date(tables["roles"].get("as_of"))
        self.events = [self._event(e) for e in tables["events"]["events"]]
        transcripts = tables["transcripts"]
        self.question_labels = tuple(transcripts["question_labels"])
        self.anonymous_labels = tuple(transcripts["anonymous_labels"])
        self.answer_labels = frozenset(a.lower().rstrip(".") for a in transcripts.get("answer_labels", ()))
        self.label_notes = tuple(transcripts["label_notes"])
        self.polite_verbs = frozenset(transcripts["polite_verbs"])

    def __getattr__(self, name: str) -> Any:
        """A lookup ``_index`` builds, built with the others on the first use of any of them."""
        if name.startswith("_") or "gazetteer" in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._index()
        return getattr(self, name)

    # -- patterns, compiled on first use ----------------------------------------------------
    @functools.cached_property
    def boilerplate_lines(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I) for p in self._tables["boilerplate"]["lines"]]

    @functools.cached_property
    def boilerplate_prefixes(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self._tables["boilerplate"]["prefixes"]]

    @functools.cached_property
    def refers_back(self) -> re.Pattern[str]:
        back = "|".join(sorted(self._tables["cues"]["references"]["back"], key=len, reverse=True))
        return re.compile(
            rf"\b(?:this|that|these|those|such|the\s+same)\s+(?:[a-z-]+\s+)?(?:{back})(?:s|es)?\b"
            r"|^(?:it|this|that|they|these)\b"
            r"|\b(?:it|them)\b(?!\s+(?:is|was|will|would|has|had|must|should|can|could|seems|appears|remains|takes)\b)",
            re.I,
        )

    @functools.cached_property
    def proposal_of(self) -> re.Pattern[str]:
        proposals = "|".join(sorted(self._tables["cues"]["references"]["proposals"], key=len, reverse=True))
        return re.compile(
            rf"\b(?:{proposals})s?\b(?:\s+[\w-]+){{0,4}}?\s+(?:by|of|from)\s+(?P<by>[^,.;:]{{2,80}})"
            rf"|(?P<owner>[A-Z][^\s,.;:]*(?:\s+[A-Z][^\s,.;:]*){{0,3}})[’']s\s+(?:[\w-]+\s+){{0,2}}(?:{proposals})s?\b",
        )

    @functools.cached_property
    def stage_direction(self) -> re.Pattern[str]:
        directions = "|".join(self._tables["transcripts"]["stage_directions"])
        return re.compile(rf"\(\s*(?:{directions})\s*[.!]?\s*\)", re.I)

    @functools.cached_property
    def pleasantries(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in self._tables["transcripts"]["pleasantries"])

    @functools.cached_property
    def statement_titles(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in self._tables["publishers"]["statement_titles"])

    @functools.cached_property
    def official_title_pattern(self) -> re.Pattern[str]:
        titles = sorted(self._tables["publishers"]["official_titles"], key=len, reverse=True)
        alternation = "|".join(re.escape(t) for t in titles)
        return re.compile(rf"\b(?:the|The) ((?:{alternation}))\b(?![ -][A-Z][a-z])")

    @functools.cached_property
    def publishers(self) -> tuple[Publisher, ...]:
        surfaces_of: dict[str, list[str]] = defaultdict(list)
        for surface, entries in self.gazetteer.items():
            for name in {e.name for e in entries}:
                surfaces_of[name].append(surface)
        return tuple(
            Publisher(
                p["name"],
                p["principal"]["function"],
                p["principal"]["of"],
                tuple(re.compile(signal) for signal in p["signals"]),
                _names_pattern(surfaces_of.get(p["principal"]["of"]) or [p["principal"]["of"]]),
            )
            for p in self._tables["publishers"]["publishers"]
        )

    @functools.cached_property
    def day_pattern(self) -> re.Pattern[str]:
        return re.compile(
            rf"\b(?:(?:{self.month_pattern})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{self.month_pattern})\b|(?:{self.weekday_pattern})\b|yesterday|today)",
            re.I,
        )

    # -- loading ------------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> Knowledge:
        """The bundled tables, extended by the user's files (same shape as the bundled ones)."""
        return _load(tuple(str(p) for p in extra))

    @staticmethod
    def bundled_table(name: str) -> dict[str, Any]:
        source = resources.files("eventgraph") / "data" / f"{name}.json"
        return json.loads(source.read_text(encoding="utf-8"))

    @staticmethod
    def _title_forms(titles: dict[str, Any]) -> list[TitleForm]:
        forms = []
        for office in titles["offices"]:
            for form in office["forms"]:
                forms.append(TitleForm(form, office["title"], office["function"]))
        for rank in titles["ranks"]:
            forms.append(TitleForm(rank, rank, None))
        return sorted(set(forms), key=lambda f: (-len(f.form), f.form))

    @staticmethod
    def _country(data: dict[str, Any]) -> Country:
        return Country(
            name=data["name"],
            aliases=_tuple(data.get("aliases")),
            demonyms=_tuple(data.get("demonyms")),
            capital=data.get("capital") or None,
            capital_aliases=_tuple(data.get("capital_aliases")),
            cities=_tuple(data.get("cities")),
            regions=_tuple(data.get("regions")) + _tuple(data.get("disputed_regions")),
            historical=data.get("status") == "historical",
        )

    @staticmethod
    def _organisation(data: dict[str, Any]) -> Organisation:
        return Organisation(
            name=data["name"],
            aliases=_tuple(data.get("aliases")),
            type=data.get("type") or "organisation",
            generic=_tuple(data.get("generic")),
            country=data.get("country"),
            parent=data.get("parent"),
        )

    @staticmethod
    def _place(data: dict[str, Any]) -> Place:
        return Place(
            name=data["name"],
            aliases=_tuple(data.get("aliases")),
            type=data.get("type") or "place",
            within=data.get("within"),
            adjectives=_tuple(data.get("adjectives")),
        )

    @staticmethod
    def _office(data: dict[str, Any]) -> Office:
        holders = tuple(
            Holder(h["name"], _tuple(h.get("aliases")), _date(h.get("start")), _date(h.get("end")))
            for h in data.get("holders", [])
        )
        return Office(
            function=data["function"],
            of=data["of"],
            title=data["title"],
            holders=holders,
            title_aliases=_tuple(data.get("title_aliases")),
        )

    @staticmethod
    def _event(data: dict[str, Any]) -> Event:
        start = _date(data["start"])
        assert start is not None
        return Event(
            data["name"], _tuple(data.get("aliases")), start, _date(data.get("end")) or start, data.get("place")
        )

    # -- indexes ------------------------------------------------------------------------
    def _index(self) -> None:
        self.gazetteer: dict[str, list[GazetteerEntry]] = defaultdict(list)

        def put(surface: str, kind: str, name: str, how: str) -> None:
            entry = GazetteerEntry(kind, name, how)
            if entry not in self.gazetteer[surface]:
                self.gazetteer[surface].append(entry)

        for c in self.countries:
            for s in (c.name, *c.aliases):
                put(s, "country", c.name, "name")
            for s in c.demonyms:
                put(s, "country", c.name, "demonym")
            if c.capital:
                for s in (c.capital, *c.capital_aliases):
                    put(s, "place", c.capital, "capital")
            for s in c.cities:
                put(s, "place", s, "city")
            for s in c.regions:
                put(s, "place", s, "region")
        for o in self.organisations:
            for s in (o.name, *o.aliases):
                put(s, "organisation", o.name, "name")
        for p in self.places:
            for s in (p.name, *p.aliases):
                put(s, "place", p.name, "name")
            for s in p.adjectives:
                put(s, "place", p.name, "adjective")
        self.country_by_name = {fold(c.name): c for c in self.countries}
        self.org_by_name = {fold(o.name): o for o in self.organisations}
        self.place_by_name = {fold(p.name): p for p in self.places}
        self.capital_of: dict[str, str] = {}
        for c in sorted(self.countries, key=lambda c: c.historical):
            for s in (c.capital, *c.capital_aliases) if c.capital else ():
                self.capital_of.setdefault(fold(s), c.name)
        self.place_country: dict[str, str] = {}
        for c in sorted(self.countries, key=lambda c: c.historical):
            for s in (*c.cities, *c.regions, *((c.capital,) if c.capital else ())):
                self.place_country.setdefault(fold(s), c.name)
        self.generic_nouns: dict[str, list[str]] = defaultdict(list)
        for o in self.organisations:
            for g in o.generic:
                self.generic_nouns[fold(g)].append(o.name)
        self.offices_by_key: dict[tuple[str, str], Office] = {}
        self.holder_names: dict[str, str] = {}
        self.holder_offices: dict[str, list[tuple[Office, Holder]]] = defaultdict(list)
        for office in self.offices:
            self.offices_by_key[(office.function, fold(office.of))] = office
            for holder in office.holders:
                for s in (holder.name, *holder.aliases):
                    self.holder_names.setdefault(fold(s), holder.name)
                self.holder_offices[holder.name].append((office, holder))
        surnames: dict[str, set[str]] = defaultdict(set)
        for key, holder in self.holder_names.items():
            parts = [w for w in key.replace(",", " ").split() if w.rstrip(".") not in _NAME_SUFFIXES]
            if parts:
                surnames[parts[-1]].add(holder)
        self.surname_holders: dict[str, dict[str, list[Holder]]] = {
            k: {name: [h for _, h in self.holder_offices[name]] for name in sorted(v)} for k, v in surnames.items()
        }
        self.surname_holder = {k: next(iter(v)) for k, v in self.surname_holders.items() if len(v) == 1}
        self.event_names: dict[str, Event] = {}
        for event in self.events:
            for s in (event.name, *event.aliases):
                self.event_names[fold(s)] = event
        self.month_pattern = "|".join(sorted(self.months, key=len, reverse=True))
        self.weekday_pattern = "|".join(sorted(self.weekdays, key=len, reverse=True))

    # -- questions ----------------------------------------------------------------------
    def lookup(self, surface: str) -> list[GazetteerEntry]:
        return self.gazetteer.get(surface, [])

    def country_of(self, name: str) -> str | None:
        """The country a country name, demonym, capital or known city belongs to."""
        for entry in self.lookup(name):
            if entry.kind == "country":
                return entry.name
        return self.place_country.get(fold(name))

    def office(self, function: str, of: str | None) -> Office | None:
        return self.offices_by_key.get((function, fold(of))) if of else None

    def offices_for(self, function: str) -> list[Office]:
        return [o for o in self.offices if o.function == function]

    def holder_of_surname(self, surname: str, years: frozenset[int] = frozenset()) -> str | None:
        """The office holder a bare surname names in a text of those years: the one in office then
        ("Johnson" in 2016 is Boris Johnson); else the only holder of that name, if their first term
        began by then (a former leader is still named so; a future one is not yet)."""
        found = self.surname_holders.get(surname)
        if not found:
            return None
        if not years:
            return next(iter(found)) if len(found) == 1 else None
        first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years), 12, 31)
        current = [name for name, terms in found.items() if any(t.overlaps(first, last) for t in terms)]
        if current:
            return current[0] if len(current) == 1 else None
        earlier = [name for name, terms in found.items() if any(t.start is None or t.start <= last for t in terms)]
        return earlier[0] if len(found) == 1 and earlier else None

    def holders(self, function: str, of: str, start: dt.date, end: dt.date) -> list[Holder]:
        """Who held an office at some time in ``[start, end]``."""
        office = self.office(function, of)
        if office is None:
            return []
        return [h for h in office.holders if h.overlaps(start, end)]

    def tenure(self, person: str, function: str, of: str | None) -> list[Holder]:
        """The periods in which a person (canonical name) held an office."""
        return [
            h
            for o, h in self.holder_offices.get(person, [])
            if o.function == function and (of is None or fold(o.of) == fold(of))
        ]

    def canonical_person(self, name: str) -> str | None:
        return self.holder_names.get(fold(name))


@functools.cache
def _load(extra: tuple[str, ...]) -> Knowledge:
    tables = {name: Knowledge.bundled_table(name) for name in _FILES}
    for path in extra:
        _extend(tables, Path(path))
    return Knowledge(tables)


_LIST_KEYS = {
    "countries": "countries",
    "organisations": "organisations",
    "places": "places",
    "offices": "roles",
    "events": "events",
    "publishers": "publishers",
    "statement_titles": "publishers",
    "official_titles": "publishers",
    "question_labels": "transcripts",
    "anonymous_labels": "transcripts",
    "answer_labels": "transcripts",
    "stage_directions": "transcripts",
    "pleasantries": "transcripts",
}
_DICT_KEYS = {"topics": "topics", "verbs": "cues"}


def _extend(tables: dict[str, dict[str, Any]], path: Path) -> None:
    """Add a user's data file to the bundled tables, by the keys it holds."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EventGraphError(f"{path}: cannot read data file ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise EventGraphError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise EventGraphError(f"{path}: a data file must hold a JSON object")
    known = False
    for key, table in _LIST_KEYS.items():
        if isinstance(data.get(key), list):
            tables[table] = {**tables[table], key: [*tables[table][key], *data[key]]}
            known = True
    for key, table in _DICT_KEYS.items():
        if isinstance(data.get(key), dict):
            tables[table] = {**tables[table], key: {**tables[table][key], **data[key]}}
            known = True
    if not known:
        keys = ", ".join(sorted([*_LIST_KEYS, *_DICT_KEYS]))
        raise EventGraphError(f"{path}: nothing to add; a data file holds one of: {keys}")


def _names_pattern(surfaces: list[str]) -> re.Pattern[str]:
    """Every way the gazetteer writes a country or body (names, aliases, demonyms), as one pattern."""
    alternation = "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
