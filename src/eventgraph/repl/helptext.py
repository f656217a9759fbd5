"""Help on the query language, taken from the documentation and the grammar.

Topics come from ``docs/query-language.md`` where it exists (one topic per ``##``
section: its first paragraph and the lines of its code blocks as examples) and from the
grammar's own comments, which give one example per production under banners such as
``Queries``, ``Filters``, ``Dates``; the documentation wins where both name a topic.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import re
import textwrap
from pathlib import Path

import attrs

__all__ = [
    "Topic",
    "docs_path",
    "examples",
    "find_topic",
    "keyword_topic",
    "preamble_examples",
    "topics",
    "topics_from_grammar",
    "topics_from_markdown",
]

_FENCE = re.compile(r"^\s*(```|~~~)")
_QUERY_BLOCKS = ("query", "eventgraph")


@attrs.frozen
class Topic:
    """A part of the query language: keys to ask for it by, a title, a summary, examples."""

    keys: tuple[str, ...]
    title: str
    summary: str
    examples: tuple[str, ...]
    subtopics: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    details: tuple[str, ...] = ()  # the section's other paragraphs, list items and tables

    @property
    def key(self) -> str:
        return self.keys[0]

    def render(self) -> str:
        lines = [self.title]
        if self.summary:
            lines += [f"  {line}" for line in textwrap.wrap(self.summary, 86)]
        for detail in self.details:
            if detail.startswith("|"):
                lines.append(f"  {detail}")
            else:
                wrapped = textwrap.wrap(detail, 84 if detail.startswith("- ") else 86)
                lines += [
                    f"  {line}" if i == 0 or not detail.startswith("- ") else f"    {line}"
                    for i, line in enumerate(wrapped)
                ]
        lines += [f"  {line}" for line in self.block]
        if self.examples:
            lines.append("examples:")
            lines += [f"  {example}" for example in self.examples]
        if self.subtopics:
            lines.append("more: " + ", ".join(f":help {key}" for key in self.subtopics))
        return "\n".join(lines)


def docs_path() -> Path | None:
    """``query-language.md`` from the package's data, else from the source tree's ``docs/``."""
    packaged = importlib.resources.files("eventgraph") / "docs" / "query-language.md"
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "docs" / "query-language.md"
    return source if source.is_file() else None


@functools.cache
def topics() -> tuple[Topic, ...]:
    """Every help topic: the documentation's, then the grammar's it does not cover."""
    found: list[Topic] = []
    path = docs_path()
    if path is not None:
        with contextlib.suppress(OSError):
            found += topics_from_markdown(path.read_text(encoding="utf-8"))
    try:
        from eventgraph.query.grammar import grammar_text

        grammar = grammar_text()
    except Exception:  # no grammar file: help on commands still works
        grammar = ""
    keys = {k for t in found for k in t.keys}
    found += [t for t in topics_from_grammar(grammar) if not keys & set(t.keys)]
    return tuple(found)


@functools.cache
def examples() -> tuple[str, ...]:
    """A few queries to start from: the documentation's first examples, else the grammar's."""
    path = docs_path()
    if path is not None:
        try:
            found = preamble_examples(path.read_text(encoding="utf-8"))
        except OSError:
            found = []
        if found:
            return tuple(found)
    queries = next((t for t in topics() if "queries" in t.keys), None)
    return tuple(e for e in queries.examples if " " in e)[:5] if queries else ()


def find_topic(name: str) -> Topic | None:
    """The topic with the key ``name``, else the first whose key or title starts with it,
    else, for a word of the language (``between``, ``undated``, ``newest``), the word's
    own topic: the examples that use it and the section that explains it."""
    wanted = name.strip().strip("`").lower()
    if not wanted:
        return None
    tests = (
        lambda t: wanted in t.keys,
        lambda t: any(k.startswith(wanted) for k in t.keys),
        lambda t: wanted in t.title.lower(),
    )
    for index, test in enumerate(tests):
        for topic in topics():
            if test(topic):
                if index == 0 or any(_uses(e, wanted) for e in topic.examples):
                    return topic
                return keyword_topic(wanted) or topic  # a word of the language: the examples that use it
    return keyword_topic(wanted)


def _uses(example: str, word: str) -> bool:
    """Whether an example uses a word, or its plural or singular (``actor``, ``actors``)."""
    forms = {word, word + "s", word + "es", word.removesuffix("s")}
    pattern = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", example, re.I) is not None


def _whole(example: str) -> bool:
    """Whether an example is a whole query (the grammar's comments show parts of queries too)."""
    from eventgraph.errors import QueryError
    from eventgraph.query import parse

    try:
        parse(example)
    except QueryError:
        return False
    return True


def keyword_topic(word: str) -> Topic | None:
    """Help on one word of the language: every documented example query that uses it, with
    the summary of the section that has most of them."""
    wanted = word.strip().lower()
    if not wanted or not re.fullmatch(r"[a-z]+", wanted):
        return None
    found = [(t, [e for e in t.examples if _uses(e, wanted) and _whole(e)]) for t in topics()]
    found = [(t, uses) for t, uses in found if uses]
    if not found:
        return None
    home = max(found, key=lambda pair: len(pair[1]))[0]
    examples = tuple(dict.fromkeys(e for _, uses in found for e in uses))[:12]
    return Topic((wanted,), f"`{wanted}` (from {home.title})", home.summary, examples, (home.key,))


def _keys(title: str) -> tuple[str, ...]:
    """The words a section is asked for by: the words in backquotes in its title, else its first word."""
    quoted = tuple(w.lower() for w in re.findall(r"`([^`]+)`", title) if re.fullmatch(r"[A-Za-z]+", w))
    if quoted:
        return quoted
    words = re.findall(r"[a-z]+", title.lower())
    return (words[0],) if words else (title.lower(),)


def topics_from_markdown(text: str) -> list[Topic]:
    """One topic per ``##`` or ``###`` section: its first paragraph and its query blocks' lines."""
    found: list[Topic] = []
    parts = re.split(r"^(#{2,3}) +(.*)$", text, flags=re.M)
    sections = [(len(parts[i]), parts[i + 1].strip(), parts[i + 2]) for i in range(1, len(parts) - 2, 3)]
    for index, (level, title, body) in enumerate(sections):
        subtopics: list[str] = []
        if level == 2:
            for sub_level, sub_title, _ in sections[index + 1 :]:
                if sub_level == 2:
                    break
                subtopics.append(_keys(sub_title)[0])
        queries, block = _code(body)
        summary = _summary(body)
        details = tuple(d for d in _prose(body) if d not in summary)
        found.append(Topic(_keys(title), title, summary, tuple(queries), tuple(subtopics), tuple(block), details))
    return found


def _summary(body: str) -> str:
    """The first paragraph of prose (no table or code), with the list it introduces if it ends in ':'."""
    paragraphs: list[list[str]] = [[]]
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        stripped = line.strip()
        if fenced or stripped.startswith("|"):
            continue
        if not stripped or stripped.startswith("#"):
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(stripped)
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return ""
    text = " ".join(paragraphs[0])
    if text.endswith(":") and len(paragraphs) > 1:
        text += " " + " ".join(paragraphs[1])
    return _sentence(text)


def _code(body: str, limit: int = 30) -> tuple[list[str], list[str]]:
    """The lines of the body's ``query`` code blocks, or else those of its first plain-text block."""
    blocks: list[tuple[str, list[str]]] = []
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            if not fenced:
                blocks.append((line.strip()[3:].strip().lower(), []))
            fenced = not fenced
            continue
        if fenced and line.strip():
            blocks[-1][1].append(line.rstrip())
    queries = [line.strip() for info, lines in blocks if info in _QUERY_BLOCKS for line in lines]
    if queries:
        return queries[:limit], []
    plain = next((lines for info, lines in blocks if info in ("", "text")), [])
    return [], plain[:limit]


def preamble_examples(text: str) -> list[str]:
    """The query examples before a markdown page's first section."""
    head = re.split(r"^## ", text, maxsplit=1, flags=re.M)[0]
    return _code(head)[0]


_COUNTED = re.compile(r"^\|\s*(?:query|typed)\s*\|")


def _prose(body: str, limit: int = 40) -> list[str]:
    """A section's paragraphs and list items (each one string) and its tables' lines, but
    not its code, nor the tables of counted examples."""
    parts: list[str] = []
    current: list[str] = []
    fenced = skipping = False

    def close() -> None:
        if current:
            parts.append(" ".join(current))
            current.clear()

    for line in body.splitlines():
        stripped = line.strip()
        if _FENCE.match(line):
            close()
            fenced = not fenced
            continue
        if fenced or stripped.startswith("#"):
            continue
        if stripped.startswith("|"):
            close()
            skipping = skipping or bool(_COUNTED.match(stripped))
            if not skipping and not re.fullmatch(r"\|[-| ]+\|", stripped):
                parts.append(stripped)
            continue
        skipping = False
        if not stripped:
            close()
        elif stripped.startswith(("- ", "1. ", "2. ", "3. ", "4. ", "5. ")):
            close()
            current.append(stripped)
        else:
            current.append(stripped)
    close()
    return parts[:limit]


def _sentence(text: str, limit: int = 400) -> str:
    if len(text) <= limit:
        return text
    end = text.rfind(". ", 0, limit)
    return text[: end + 1] if end > 0 else text[:limit].rstrip() + "…"


def topics_from_grammar(grammar: str) -> list[Topic]:
    """One topic per banner section of the grammar, the examples its comments give each rule."""
    found = []
    lines = grammar.splitlines()
    banner = re.compile(r"^//\s*={5,}")
    index = 0
    while index < len(lines):
        if not banner.match(lines[index]):
            index += 1
            continue
        # a banner, the section's title and intro, a banner
        title_at = index + 1
        close = next((i for i in range(title_at, len(lines)) if banner.match(lines[i])), len(lines))
        title = lines[title_at].lstrip("/ ").strip() if title_at < len(lines) else ""
        intro = " ".join(line.lstrip("/ ").strip() for line in lines[title_at + 1 : close]).strip()
        following = next((i for i in range(close + 1, len(lines)) if banner.match(lines[i])), len(lines))
        if title and not title.lower().startswith("terminal"):
            examples = _grammar_examples(lines[close + 1 : following])
            found.append(Topic(_keys(title), title, _sentence(intro), tuple(examples)))
        index = following
    return found


def _grammar_examples(lines: list[str]) -> list[str]:
    """The comment lines right above a rule or an alternative, split into examples."""
    examples: list[str] = []
    block: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("//"):
            block.append(stripped[2:].strip())
            continue
        if stripped and block:
            for comment in block:
                for part in re.split(r"\s{2,}", comment):
                    part = part.strip()
                    if part and not part.startswith(("(", "--")) and part not in examples:
                        examples.append(part)
        block = []
    return examples
