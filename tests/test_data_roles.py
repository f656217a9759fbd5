"""Consistency checks for the curated role table and events table shipped in eventgraph/data."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files

import pytest

ALLOWED_FUNCTIONS = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "spokesperson",
    "secretary_general",
    "commission_president",
    "council_president",
    "high_representative",
    "director_general",
    "un_ambassador",
}
ALLOWED_EVENT_TYPES = {"sport", "summit", "conference", "war", "attack", "treaty", "election", "referendum", "other"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FAR_FUTURE = dt.date.max


def _load(name: str) -> dict:
    return json.loads((files("eventgraph") / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def roles() -> dict:
    return _load("roles.json")


@pytest.fixture(scope="module")
def events() -> dict:
    return _load("events.json")


def _date(value: str) -> dt.date:
    assert isinstance(value, str) and ISO_DATE.match(value), f"not an ISO date: {value!r}"
    return dt.date.fromisoformat(value)


def _office_key(office: dict) -> tuple[str, str, str]:
    return office["function"], office["of"], office["title"]


def _span(holder: dict) -> tuple[dt.date, dt.date]:
    start = _date(holder["start"])
    end = _date(holder["end"]) if holder["end"] is not None else FAR_FUTURE
    return start, end


# ----------------------------------------------------------------------------- roles


def test_roles_header(roles):
    assert roles["version"] == 1
    as_of = _date(roles["as_of"])
    assert dt.date(2020, 1, 1) <= as_of
    assert isinstance(roles["offices"], list) and roles["offices"]


def test_office_fields(roles):
    for office in roles["offices"]:
        key = _office_key(office)
        assert office["function"] in ALLOWED_FUNCTIONS, key
        for field in ("of", "title"):
            assert isinstance(office[field], str) and office[field].strip() == office[field] != "", key
        aliases = office.get("title_aliases", [])
        assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases), key
        assert set(office) <= {"function", "of", "title", "title_aliases", "holders"}, key


def test_offices_unique(roles):
    keys = [_office_key(o) for o in roles["offices"]]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


def test_every_office_has_holders(roles):
    for office in roles["offices"]:
        assert office["holders"], _office_key(office)


def test_holder_fields_and_dates(roles):
    allowed = {"name", "aliases", "start", "end", "acting", "approximate"}
    for office in roles["offices"]:
        for holder in office["holders"]:
            where = (_office_key(office), holder.get("name"))
            assert set(holder) <= allowed, where
            assert isinstance(holder["name"], str) and holder["name"].strip() == holder["name"] != "", where
            assert "end" in holder, where
            start, end = _span(holder)
            assert start <= end, where
            for flag in ("acting", "approximate"):
                assert holder.get(flag, False) in (True, False), where
            aliases = holder.get("aliases", [])
            assert isinstance(aliases, list), where
            assert all(isinstance(a, str) and a.strip() == a != "" for a in aliases), where
            assert holder["name"] not in aliases, where
            assert len({a.casefold() for a in aliases}) == len(aliases), where


def test_holders_sorted_by_start(roles):
    for office in roles["offices"]:
        starts = [_date(h["start"]) for h in office["holders"]]
        assert starts == sorted(starts), _office_key(office)


def test_holders_do_not_overlap(roles):
    """Substantive holders of one office never overlap; a shared boundary day is allowed, acting ones are exempt."""
    for office in roles["offices"]:
        substantive = [h for h in office["holders"] if not h.get("acting", False)]
        for i, first in enumerate(substantive):
            a_start, a_end = _span(first)
            for second in substantive[i + 1 :]:
                b_start, b_end = _span(second)
                overlap = a_start < b_end and b_start < a_end
                assert not overlap, (_office_key(office), first["name"], second["name"])


def test_at_most_one_open_ended_holder(roles):
    for office in roles["offices"]:
        open_ended = [h["name"] for h in office["holders"] if h["end"] is None and not h.get("acting", False)]
        assert len(open_ended) <= 1, (_office_key(office), open_ended)


def test_nothing_starts_after_as_of_horizon(roles):
    as_of = _date(roles["as_of"])
    for office in roles["offices"]:
        for holder in office["holders"]:
            assert _date(holder["start"]) <= as_of, (_office_key(office), holder["name"])


def test_spelling_of_bodies_is_consistent(roles):
    """One spelling per body: no two 'of' values differ only by case or punctuation."""
    seen: dict[str, str] = {}
    for office in roles["offices"]:
        norm = re.sub(r"[^a-z]", "", office["of"].casefold())
        assert seen.setdefault(norm, office["of"]) == office["of"], (seen[norm], office["of"])


REQUIRED_COUNTRIES = [
    "United States", "Russia", "Ukraine", "United Kingdom", "France", "Germany", "China", "Japan", "India",
    "Turkey", "Poland", "Italy", "Canada", "Spain", "Netherlands", "Belgium", "Norway", "Sweden", "Finland",
    "Denmark", "Estonia", "Latvia", "Lithuania", "Belarus", "Georgia", "Moldova", "Hungary", "Romania",
    "Czech Republic", "Slovakia", "Israel", "Iran", "Saudi Arabia", "Syria", "Australia", "Brazil",
    "South Korea", "North Korea", "Pakistan", "Egypt", "Kazakhstan", "Serbia", "Greece",
]  # fmt: skip


@pytest.mark.parametrize("country", REQUIRED_COUNTRIES)
def test_country_coverage(roles, country):
    functions = {o["function"] for o in roles["offices"] if o["of"] == country}
    assert {"head_of_state", "foreign_minister"} <= functions, country
    assert functions & {"head_of_government", "head_of_state"}, country


def _holder_on(roles, function: str, of: str, title: str, day: str) -> set[str]:
    when = _date(day)
    for office in roles["offices"]:
        if _office_key(office) == (function, of, title):
            return {h["name"] for h in office["holders"] if _span(h)[0] <= when < _span(h)[1]}
    raise AssertionError(f"no office {(function, of, title)}")


@pytest.mark.parametrize(
    ("function", "of", "title", "day", "name"),
    [
        ("foreign_minister", "Russia", "Foreign Minister", "2003-06-01", "Igor Ivanov"),
        ("foreign_minister", "Russia", "Foreign Minister", "2022-03-01", "Sergey Lavrov"),
        ("head_of_government", "Germany", "Chancellor", "2022-01-01", "Olaf Scholz"),
        ("head_of_state", "Ukraine", "President", "2022-02-24", "Volodymyr Zelensky"),
        ("secretary_general", "NATO", "Secretary General", "2020-01-01", "Jens Stoltenberg"),
        ("spokesperson", "Kremlin", "spokesperson", "2022-02-24", "Dmitry Peskov"),
        ("head_of_state", "Soviet Union", "General Secretary", "1989-11-09", "Mikhail Gorbachev"),
    ],
)
def test_spot_checks(roles, function, of, title, day, name):
    assert name in _holder_on(roles, function, of, title, day)


# ----------------------------------------------------------------------------- events


def test_events_header(events):
    assert events["version"] == 1
    assert isinstance(events["events"], list) and events["events"]


def test_event_fields_and_dates(events):
    allowed = {"name", "aliases", "start", "end", "place", "type"}
    for event in events["events"]:
        assert set(event) <= allowed, event.get("name")
        assert isinstance(event["name"], str) and event["name"].strip() == event["name"] != ""
        assert event["type"] in ALLOWED_EVENT_TYPES, event["name"]
        assert _date(event["start"]) <= _date(event["end"]), event["name"]
        assert dt.date(1985, 1, 1) <= _date(event["start"]), event["name"]
        aliases = event.get("aliases", [])
        assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() == a != "" for a in aliases)
        if "place" in event:
            assert isinstance(event["place"], str) and event["place"].strip()


def test_event_names_unique(events):
    names = [e["name"].casefold() for e in events["events"]]
    assert len(names) == len(set(names))


def test_event_aliases_not_shared(events):
    owner: dict[str, str] = {e["name"].casefold(): e["name"] for e in events["events"]}
    for event in events["events"]:
        own = set()
        for alias in event.get("aliases", []):
            key = alias.casefold()
            assert key not in own, (event["name"], alias)
            own.add(key)
            assert owner.setdefault(key, event["name"]) == event["name"], (alias, owner[key], event["name"])


@pytest.mark.parametrize(
    "alias", ["the NATO summit", "NATO summit", "the Olympics", "Olympics", "World Cup", "G7 summit"]
)
def test_no_year_ambiguous_aliases(events, alias):
    names = {e["name"].casefold() for e in events["events"]}
    aliases = {a.casefold() for e in events["events"] for a in e.get("aliases", [])}
    assert alias.casefold() not in names | aliases


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("Russian annexation of Crimea", "2014-03-18"),
        ("Downing of Malaysia Airlines Flight 17", "2014-07-17"),
        ("Russian invasion of Ukraine", "2022-02-24"),
        ("Dissolution of the Soviet Union", "1991-12-26"),
        ("Finland's accession to NATO", "2023-04-04"),
        ("Sweden's accession to NATO", "2024-03-07"),
    ],
)
def test_event_spot_checks(events, name, start):
    by_name = {e["name"]: e for e in events["events"]}
    assert by_name[name]["start"] == start
