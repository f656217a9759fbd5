"""The main text of an HTML page: paragraphs and headings, without navigation or scripts.

Uses the standard library's parser, which accepts broken markup. Where the page marks
its main content (``<article>`` or ``<main>``), only that is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

__all__ = ["HtmlPage", "html_to_text"]

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "button",
    "iframe",
    "template",
    "select",
    "figure",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "hr",
    "figcaption",
    "title",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_DATE_META = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "og:published_time",
)


class HtmlPage:
    """What a page yields: its title, main text and the publication date its metadata gives."""

    def __init__(self, title: str, text: str, published: str | None) -> None:
        self.title = title
        self.text = text
        self.published = published


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()  # tags on the stack, so a stray end tag costs O(1), not O(depth)
        self.parts: dict[str, list[str]] = {"all": [], "main": []}
        self.main_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.h1: list[str] = []
        self.in_h1 = False
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            found = {k.lower(): (v or "") for k, v in attrs}
            key = (found.get("property") or found.get("name") or found.get("itemprop") or "").lower()
            if key in _DATE_META and found.get("content") and not self.published:
                self.published = found["content"]
            return
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._emit("\n")
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.main_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open[tag]:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.open[open_tag] -= 1
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag in ("article", "main"):
                self.main_depth -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == "h1":
                self.in_h1 = False
            if open_tag in _BLOCK:
                self._emit("\n\n")
            if open_tag == tag:
                break

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Skip a marked section the standard library rejects (``<![x[``) as browsers do: to its ``>``.

        Python's parser raises ``AssertionError`` on them, which would lose the whole page.
        """
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1.append(data)
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self.skip_depth and text.strip():
            return
        self.parts["all"].append(text)
        if self.main_depth:
            self.parts["main"].append(text)


def _tidy(text: str) -> str:
    text = text.replace("\r", "").replace("\xa0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> HtmlPage:
    """Title, main text (blocks separated by blank lines) and metadata date of a page."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    main = _tidy("".join(parser.parts["main"]))
    text = main if len(main) >= 200 else _tidy("".join(parser.parts["all"]))
    title = _tidy("".join(parser.title)) or _tidy("".join(parser.h1))
    return HtmlPage(title=title.split("\n")[0], text=text, published=parser.published)
