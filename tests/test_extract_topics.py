"""Topics come from the lexicon, matched on words and lemmas."""

from __future__ import annotations

from eventgraph.extract.topics import TopicMatcher
from tests.extraction_helpers import knowledge


def labels(text: str, lemmas: str = "") -> set[str]:
    return {hit.label for hit in TopicMatcher(knowledge()).find(text, lemmas)}


def test_synonyms_and_spellings() -> None:
    assert "expansion" in labels("NATO's eastward enlargement")
    assert "cyber" in labels("a wave of cyberattacks on hospitals")
    assert "military build-up" in labels("the military buildup near the border")
    assert "military build-up" in labels("the build up of forces")
    assert "arms control" in labels("the future of the New START treaty")


def test_lemmas_find_inflected_forms() -> None:
    assert "sanctions" in labels("the bank was sanctioned", "the bank be sanction")


def test_words_inside_other_words_do_not_count() -> None:
    assert "war" not in labels("a warning about awards")
    assert labels("the weather was fine") == set()
