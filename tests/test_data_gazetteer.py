"""Consistency checks for the curated gazetteer data shipped in ``eventgraph/data``.

These tests check structural and referential properties of ``countries.json``,
``organisations.json`` and ``places.json``: uniqueness of names and surface forms,
that cross-references resolve, that codes are well formed, and that no list holds
empty or duplicate strings.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib.resources import files

import pytest

COUNTRY_STATUSES = {"un_member", "observer_state", "partially_recognised", "non_self_governing_territory", "historical"}
ORG_TYPES = {
    "alliance",
    "international",
    "union",
    "government",
    "legislature",
    "agency",
    "military",
    "party",
    "armed group",
    "media",
    "think tank",
    "ngo",
    "court",
    "company",
}
PLACE_TYPES = {"region", "sea", "river", "building", "city", "landmark", "infrastructure"}
COUNTRY_PLACE_FIELDS = ("capital_aliases", "cities", "regions", "disputed_regions")


def _load(name: str) -> dict:
    resource = files("eventgraph") / "data" / name
    return json.loads(resource.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    data = _load("countries.json")
    assert data["version"] == 1
    return data["countries"]


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    data = _load("organisations.json")
    assert data["version"] == 1
    return data["organisations"]


@pytest.fixture(scope="module")
def places() -> list[dict]:
    data = _load("places.json")
    assert data["version"] == 1
    return data["places"]


def _fold(s: str) -> str:
    return s.casefold()


def _walk_strings(value, path="$"):
    """Yield (path, string) for every string anywhere in a JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")


def _walk_lists(value, path="$"):
    if isinstance(value, list):
        yield path, value
        for i, v in enumerate(value):
            yield from _walk_lists(v, f"{path}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_lists(v, f"{path}.{k}")


def _surface_forms(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def _owners(entries: list[dict], forms) -> dict[str, set[str]]:
    """Map each case-folded surface form to the set of entry names that claim it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for form in forms(entry):
            owners[_fold(form)].add(entry["name"])
    return owners


# --------------------------------------------------------------------------- generic


@pytest.mark.parametrize("filename", ["countries.json", "organisations.json", "places.json"])
def test_no_empty_or_padded_strings(filename):
    data = _load(filename)
    bad = [(p, s) for p, s in _walk_strings(data) if not s.strip() or s != s.strip() or "  " in s]
    assert not bad, bad


@pytest.mark.parametrize("filename", ["countries.json", "organisations.json", "places.json"])
def test_no_duplicate_strings_inside_one_list(filename):
    data = _load(filename)
    bad = []
    for path, items in _walk_lists(data):
        strings = [x for x in items if isinstance(x, str)]
        if len(strings) != len(set(strings)):
            bad.append(path)
    assert not bad, bad


@pytest.mark.parametrize(
    ("filename", "key"),
    [("countries.json", "countries"), ("organisations.json", "organisations"), ("places.json", "places")],
)
def test_names_unique_case_insensitive(filename, key):
    names = [_fold(e["name"]) for e in _load(filename)[key]]
    dupes = sorted({n for n in names if names.count(n) > 1})
    assert not dupes, dupes


@pytest.mark.parametrize(
    ("filename", "key"),
    [("countries.json", "countries"), ("organisations.json", "organisations"), ("places.json", "places")],
)
def test_name_not_repeated_in_own_aliases(filename, key):
    bad = [e["name"] for e in _load(filename)[key] if e["name"] in e.get("aliases", [])]
    assert not bad, bad


# --------------------------------------------------------------------------- countries


def test_country_fields_and_status(countries):
    for c in countries:
        assert c["status"] in COUNTRY_STATUSES, c["name"]
        for field in ("aliases", "demonyms", *COUNTRY_PLACE_FIELDS):
            assert isinstance(c[field], list), (c["name"], field)
        assert c["capital"] is None or isinstance(c["capital"], str), c["name"]
        if c["capital"] is None:
            assert not c["capital_aliases"], c["name"]
        assert isinstance(c.get("capital_disputed", False), bool)
        seat = c.get("seat_of_government")
        assert seat is None or (isinstance(seat, str) and seat != c["capital"]), c["name"]


def test_all_un_member_states_present(countries):
    assert sum(c["status"] == "un_member" for c in countries) == 193


def test_demonyms_present_for_every_country(countries):
    missing = [c["name"] for c in countries if not c["demonyms"]]
    assert not missing, missing


def test_no_alias_shared_by_two_countries(countries):
    shared = {form: names for form, names in _owners(countries, _surface_forms).items() if len(names) > 1}
    assert not shared, shared


def test_demonyms_do_not_name_another_country(countries):
    owners = _owners(countries, _surface_forms)
    bad = []
    for c in countries:
        for d in c["demonyms"]:
            others = owners.get(_fold(d), set()) - {c["name"]}
            if others:
                bad.append((c["name"], d, sorted(others)))
    assert not bad, bad


def test_codes_well_formed_and_unique(countries):
    seen2, seen3 = set(), set()
    for c in countries:
        codes = c.get("codes")
        if c["status"] == "historical":
            assert codes is None, c["name"]
            continue
        if codes is None:
            continue
        assert set(codes) == {"alpha2", "alpha3"}, c["name"]
        assert re.fullmatch(r"[A-Z]{2}", codes["alpha2"]), c["name"]
        assert re.fullmatch(r"[A-Z]{3}", codes["alpha3"]), c["name"]
        assert codes["alpha2"] not in seen2, codes["alpha2"]
        assert codes["alpha3"] not in seen3, codes["alpha3"]
        seen2.add(codes["alpha2"])
        seen3.add(codes["alpha3"])
    assert all(c.get("codes") for c in countries if c["status"] == "un_member")


def _country_place_forms(c: dict) -> list[str]:
    forms = [c["capital"]] if c["capital"] else []
    if c.get("seat_of_government"):
        forms.append(c["seat_of_government"])
    for field in COUNTRY_PLACE_FIELDS:
        forms.extend(c[field])
    return forms


def test_country_places_belong_to_one_country(countries):
    # Historical states reuse the capitals of their successors, so they are left out here.
    current = [c for c in countries if c["status"] != "historical"]
    shared = {f: n for f, n in _owners(current, _country_place_forms).items() if len(n) > 1}
    assert not shared, shared


def test_country_places_do_not_name_another_country(countries):
    owners = _owners(countries, _surface_forms)
    bad = []
    for c in countries:
        for form in _country_place_forms(c):
            others = owners.get(_fold(form), set()) - {c["name"]}
            if others:
                bad.append((c["name"], form, sorted(others)))
    assert not bad, bad


def test_region_not_both_plain_and_disputed(countries):
    for c in countries:
        assert not set(c["regions"]) & set(c["disputed_regions"]), c["name"]


# --------------------------------------------------------------------------- organisations


def test_organisation_fields(organisations):
    for o in organisations:
        assert o["type"] in ORG_TYPES, (o["name"], o["type"])
        assert isinstance(o["aliases"], list)
        assert isinstance(o["generic"], list)
        for g in o["generic"]:
            assert g == g.lower(), (o["name"], g)
            assert not g.startswith(("the ", "a ", "an ")), (o["name"], g)


def test_organisation_country_references_resolve(organisations, countries):
    country_names = {c["name"] for c in countries}
    bad = [
        (o["name"], o["country"])
        for o in organisations
        if o["country"] is not None and o["country"] not in country_names
    ]
    assert not bad, bad


def test_organisation_parent_references_resolve_without_cycles(organisations):
    by_name = {o["name"]: o for o in organisations}
    for o in organisations:
        seen = {o["name"]}
        parent = o["parent"]
        while parent is not None:
            assert parent in by_name, (o["name"], parent)
            assert parent not in seen, f"parent cycle through {parent}"
            seen.add(parent)
            parent = by_name[parent]["parent"]


def test_no_alias_shared_by_two_organisations(organisations):
    shared = {form: names for form, names in _owners(organisations, _surface_forms).items() if len(names) > 1}
    assert not shared, shared


def test_organisations_do_not_reuse_country_names(organisations, countries):
    country_forms = _owners(countries, _surface_forms)
    bad = [(o["name"], f) for o in organisations for f in _surface_forms(o) if _fold(f) in country_forms]
    assert not bad, bad


def test_organisations_do_not_reuse_country_places(organisations, countries):
    places = {_fold(f) for c in countries if c["status"] != "historical" for f in _country_place_forms(c)}
    bad = [(o["name"], f) for o in organisations for f in _surface_forms(o) if _fold(f) in places]
    assert not bad, bad


# --------------------------------------------------------------------------- places


def test_place_fields(places):
    for p in places:
        assert p["type"] in PLACE_TYPES, (p["name"], p["type"])
        assert isinstance(p["aliases"], list)
        assert isinstance(p.get("adjectives", []), list)


def test_place_within_references_resolve_without_cycles(places, countries):
    country_names = {c["name"] for c in countries}
    by_name = {p["name"]: p for p in places}
    for p in places:
        seen = {p["name"]}
        within = p["within"]
        while within is not None and within not in country_names:
            assert within in by_name, (p["name"], within)
            assert within not in seen, f"within cycle through {within}"
            seen.add(within)
            within = by_name[within]["within"]


def test_no_alias_shared_by_two_places(places):
    shared = {form: names for form, names in _owners(places, _surface_forms).items() if len(names) > 1}
    assert not shared, shared


def test_places_do_not_reuse_country_or_organisation_names(places, countries, organisations):
    taken = set(_owners(countries, _surface_forms)) | set(_owners(organisations, _surface_forms))
    bad = [(p["name"], f) for p in places for f in _surface_forms(p) if _fold(f) in taken]
    assert not bad, bad


def test_places_do_not_reuse_country_regions(places, countries):
    regions = {_fold(r) for c in countries for field in ("regions", "disputed_regions") for r in c[field]}
    bad = [(p["name"], f) for p in places for f in _surface_forms(p) if _fold(f) in regions]
    assert not bad, bad


def test_non_city_places_do_not_reuse_country_places(places, countries):
    taken = {_fold(f) for c in countries if c["status"] != "historical" for f in _country_place_forms(c)}
    bad = [(p["name"], f) for p in places if p["type"] != "city" for f in _surface_forms(p) if _fold(f) in taken]
    assert not bad, bad


def test_place_adjectives_are_not_demonyms(places, countries):
    demonyms = {_fold(d) for c in countries for d in c["demonyms"]}
    bad = [(p["name"], a) for p in places for a in p.get("adjectives", []) if _fold(a) in demonyms]
    assert not bad, bad


def test_place_adjectives_unique_across_places(places):
    shared = {a: n for a, n in _owners(places, lambda p: p.get("adjectives", [])).items() if len(n) > 1}
    assert not shared, shared


def test_city_places_agree_with_countries_file(places, countries):
    city_owner = {}
    for c in countries:
        if c["status"] == "historical":
            continue
        for form in [c["capital"], c.get("seat_of_government"), *c["capital_aliases"], *c["cities"]]:
            if form:
                city_owner[_fold(form)] = c["name"]
    for p in places:
        if p["type"] != "city":
            continue
        owners = {city_owner[_fold(f)] for f in _surface_forms(p) if _fold(f) in city_owner}
        assert owners, f"{p['name']} is not listed as a city in countries.json"
        assert owners == {p["within"]}, (p["name"], p["within"], owners)


# --------------------------------------------------------------------------- anchors


def test_a_few_well_known_facts(countries, organisations):
    by_country = {c["name"]: c for c in countries}
    assert by_country["Ukraine"]["capital"] == "Kyiv"
    assert "Kiev" in by_country["Ukraine"]["capital_aliases"]
    assert "Crimea" in by_country["Ukraine"]["disputed_regions"]
    assert by_country["United States"]["codes"] == {"alpha2": "US", "alpha3": "USA"}
    assert by_country["United Kingdom"]["codes"] == {"alpha2": "GB", "alpha3": "GBR"}
    assert "USSR" in by_country["Soviet Union"]["aliases"]
    by_org = {o["name"]: o for o in organisations}
    assert by_org["Kremlin"]["country"] == "Russia"
    assert by_org["Pentagon"]["country"] == "United States"
    assert by_org["NATO-Russia Council"]["parent"] == "NATO"
    assert by_org["UN Security Council"]["parent"] == "United Nations"
