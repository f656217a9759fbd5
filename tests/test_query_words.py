"""Words as people write them: inflection, compounds, hyphens, bags of words, demonyms, and
topics read from the lexicon with the precision of their labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden.build import build_graph, golden_graph

from eventgraph.query.lexicon import lexicon
from eventgraph.query.text import Phrase, compact_key, stem

GOLDEN = golden_graph()


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("cyberattacks", "the cyber attacks against government websites"),
        ("cyber attacks", "a wave of cyberattacks"),
        ("cyber-attacks", "a cyberattack on the grid"),
        ("cyber attack", "after the cyber-attacks of May"),
        ("attacks", "Russia attacked the grid"),
        ("sanctioned", "new sanctions were announced"),
        ("membership", "Ukraine wants to be a member"),
        ("member", "Ukraine's membership in NATO"),
        ("Ukraine's", "the future of Ukraine"),
        ("build-up", "the military buildup continued"),
        ("arms control", "talks on Arms Control"),
    ],
)
def test_a_phrase_matches_its_word_forms(phrase: str, text: str) -> None:
    assert Phrase(phrase).found_in(text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("cyber attacks", "cyber security and attacks elsewhere"),
        ("arms control", "control of the arms depot"),
        ("US", "let us talk"),
        ("sanctions", "sanctuary"),
    ],
)
def test_a_phrase_does_not_match_other_words(phrase: str, text: str) -> None:
    assert not Phrase(phrase).found_in(text)


def test_quoting_is_word_for_word() -> None:
    assert Phrase("cyber attacks", exact=True).found_in("Cyber attacks")
    assert not Phrase("cyber attacks", exact=True).found_in("cyberattacks")
    assert not Phrase("attack", exact=True).found_in("attacks")


def test_a_bag_of_words_needs_both_of_two_and_all_but_one_of_more() -> None:
    oxygen = Phrase("oxygen supplies for hospitals", words=True)
    assert oxygen.found_in("the supply of oxygen to hospitals")
    assert oxygen.found_in("the supply of oxygen to medical institutions")
    assert not oxygen.found_in("oxygen consumption rose")
    two = Phrase("NATO membership", words=True)
    assert two.found_in("membership of NATO")
    assert not Phrase("NATO membership", words=True).found_in("the talks in Geneva")


def test_stems_fold_inflection_and_ship() -> None:
    assert stem("attacks") == stem("attacked") == stem("attacking")
    assert stem("membership") == stem("member")
    assert compact_key("cyber-attacks") == compact_key("cyberattack") == compact_key("Cyber Attacks")


def test_every_label_and_term_of_the_shipped_topics_names_its_topic() -> None:
    """The lexicon stems a topic's words only when a query's key begins like them; every
    label and every term, in any case and with hyphens, still finds its topic."""
    tables = lexicon()
    for label, terms in tables.topic_terms.items():
        for written in (label, label.upper(), *terms, *(t.replace(" ", "-") for t in terms)):
            by_label, by_term = tables.topics_named(written, compact_key(written))
            assert label in by_label + by_term, (label, written)
        assert label in tables.topics_named(label, compact_key(label))[0]
    assert tables.topics_named("zorblax", compact_key("zorblax")) == ([], [])


# -- about, on a graph ------------------------------------------------------------------------------
def ids(graph, query: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["id"] for r in graph.query(query, **options)]


def test_about_is_insensitive_to_compounds_and_hyphens() -> None:
    expected = ids(GOLDEN, "claims about cyber attacks")
    assert expected
    for written in ("cyberattacks", "cyber-attacks", "Cyber Attacks", "cyberattack"):
        assert ids(GOLDEN, f"claims about {written}") == expected, written


def test_a_demonym_is_its_country() -> None:
    assert ids(GOLDEN, "claims about Ukrainian") == ids(GOLDEN, "claims about Ukraine")


def test_a_lexicon_term_finds_its_topic_though_the_corpus_never_used_it() -> None:
    signals = {s for t in GOLDEN.topics() for s in t.signals}
    assert "encroachment" not in signals
    assert "encroachment" in lexicon().topic_terms["expansion"]
    assert ids(GOLDEN, "claims about encroachment") == ids(GOLDEN, "claims about expansion")


def test_a_topic_label_is_precise() -> None:
    """`about invasion` is the topic invasion, not every topic listing "invasion" as a term."""
    graph = build_graph(
        {
            "documents": [
                {
                    "id": "doc:1",
                    "path": "news/1.txt",
                    "title": "",
                    "published": None,
                    "text": "NATO condemned the cyber attack. Kyiv warned of an invasion.",
                }
            ],
            "entities": [{"id": "organisation:nato", "kind": "organisation", "name": "NATO", "surfaces": ["NATO"]}],
            "topics": [
                {"id": "topic:aggression", "label": "aggression", "signals": ["attack", "invasion"]},
                {"id": "topic:invasion", "label": "invasion", "signals": ["invasion"]},
            ],
            "roles": [],
            "located_in": [],
            "meetings": [],
            "claims": [
                {"id": "claim:cyber", "document": "doc:1", "speaker": "organisation:nato", "text": "the cyber attack",
                 "form": "reported", "cue": "condemned", "date": None, "topics": ["topic:aggression"]},
                {"id": "claim:invasion", "document": "doc:1", "speaker": None, "text": "an invasion",
                 "form": "reported", "cue": "warned", "date": None, "topics": ["topic:aggression", "topic:invasion"]},
            ],
        }
    )  # fmt: skip
    assert ids(graph, "claims about invasion") == ["claim:invasion"]
    assert ids(graph, "claims about aggression") == ["claim:cyber", "claim:invasion"]
    assert ids(graph, 'claims about "special military operation"') == ["claim:invasion"], "a term of invasion only"


def test_topic_terms_from_a_data_file(tmp_path: Path) -> None:
    assert ids(GOLDEN, "claims about nordstreamery") == []
    extra = tmp_path / "topics.json"
    extra.write_text(json.dumps({"topics": {"energy": ["nordstreamery"]}}), encoding="utf-8")
    assert ids(GOLDEN, "claims about nordstreamery", data=[str(extra)]) == ids(GOLDEN, "claims about energy")


def test_several_words_that_name_nothing_match_their_content_words() -> None:
    assert ids(GOLDEN, "claims about defence systems for Ukraine") == ids(GOLDEN, "claims about air defence systems")
    assert ids(GOLDEN, "claims about the cyber attacks against government websites") == ["claim:kyiv-cyber"]


def test_about_a_meeting_reads_the_next_sentence_of_its_paragraph() -> None:
    graph = build_graph(
        {
            "documents": [
                {
                    "id": "doc:1",
                    "path": "news/1.txt",
                    "title": "",
                    "published": None,
                    "text": "Blinken met Lavrov in Geneva. They discussed arms control. Later, sanctions were debated.",
                }
            ],
            "entities": [
                {"id": "person:blinken", "kind": "person", "name": "Blinken", "surfaces": ["Blinken"]},
                {"id": "person:lavrov", "kind": "person", "name": "Lavrov", "surfaces": ["Lavrov"]},
            ],
            "topics": [],
            "roles": [],
            "located_in": [],
            "meetings": [
                {"id": "meeting:1", "document": "doc:1", "kind": "meeting", "text": "Blinken met Lavrov in Geneva.",
                 "date": None, "participants": ["person:blinken", "person:lavrov"]},
            ],
            "claims": [],
        }
    )  # fmt: skip
    assert ids(graph, "meetings about arms control") == ["meeting:1"]
    assert ids(graph, "meetings about sanctions") == [], "only the next sentence, not the whole paragraph"
