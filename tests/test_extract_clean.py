"""Cleaning blanks page furniture but keeps every offset of the original text."""

from __future__ import annotations

from eventgraph.extract.clean import clean
from tests.extraction_helpers import knowledge

PAGE = """Talks end without a deal
by Anna Kowalska 12 views

The ministers met in Vienna. Subscribe Now! Subscribe Now! Subscribe Now! Subscribe Now!
merkel macron

Photo source: Reuters
Share on Facebook
#Politics
moreThe second item starts here.
"""


def test_length_and_kept_text_are_unchanged() -> None:
    cleaned = clean(PAGE, knowledge())
    assert len(cleaned.text) == len(PAGE)
    for original, kept in zip(PAGE, cleaned.text, strict=True):
        assert kept == original or kept == " "
    assert cleaned.text.count("\n") == PAGE.count("\n")


def test_banners_credits_captions_hashtags_and_link_text_are_blanked() -> None:
    text = clean(PAGE, knowledge()).text
    assert "Subscribe" not in text
    assert "Photo source" not in text
    assert "merkel macron" not in text
    assert "Share on Facebook" not in text
    assert "#Politics" not in text
    assert "The second item starts here." in text
    assert "moreThe" not in text
    assert "The ministers met in Vienna." in text


def test_byline_author_is_kept_as_a_name() -> None:
    cleaned = clean(PAGE, knowledge())
    assert [b.name for b in cleaned.bylines] == ["Anna Kowalska"]
    byline = cleaned.bylines[0]
    assert PAGE[byline.start : byline.end] == "Anna Kowalska"


def test_ordinary_prose_is_untouched() -> None:
    prose = "The foreign minister said on Monday that talks would continue.\nMore talks are planned for May."
    assert clean(prose, knowledge()).text == prose
