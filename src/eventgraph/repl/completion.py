"""Tab completion: keywords where the grammar accepts them, names where a name may stand.

The text before the word being completed is run through the grammar's LALR parser,
whose ``accepts()`` says which terminals may come next: keyword terminals offer their
words, ``WORD``/``QUOTED`` offer the graph's entity names, aliases and topic labels (the
kinds the filter keyword before them takes first, each with its kind as meta), ``MONTH``
offers month names, and ``from`` offers document file names. A name of several words
is completed as a whole (``Jens St`` -> ``Jens Stoltenberg``), and a name that would not
read back bare is inserted in quotes. After ``:`` come the commands and their arguments.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import attrs
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document as PromptDocument

from eventgraph.display import visible
from eventgraph.model import Entity, Topic, node_kind
from eventgraph.repl.tokens import accepts_after, is_bare, keyword_words

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["Name", "QueryCompleter", "fold", "names_of"]

_LIMIT = 200
_WORD_AT_END = re.compile(r"[^\s()\",“”]*$")
_ACTORS = ("person", "organisation", "country")
# The kinds of names each filter keyword takes, best first; the rest of the names follow
# only where the keyword takes any kind (None).
_KINDS: dict[str, tuple[str, ...] | None] = {
    "BY": _ACTORS,
    "WITH": _ACTORS,
    "WITHOUT": _ACTORS,
    "MET": _ACTORS,
    "PATH_FROM": _ACTORS,
    "TO": _ACTORS,
    "OF": ("organisation", "country"),
    "IN": ("place", "country", "organisation"),
    "AT": ("place", "country", "organisation"),
    "ABOUT": ("topic", "person", "organisation", "country", "place"),
    "MENTIONING": ("person", "organisation", "country", "place", "topic"),
    "FROM": ("document",),
    "QUOTING": (),
    "SAID": (),
}
_NAME_PARTS = frozenset({"WORD", "QUOTED", "LPAR", "RPAR", "AND", "OR", "NOT", "COMMA"})
# Words of questions as people type them (`what did ... say`, `newest first`): the parser
# takes them, but completion offers the canonical keywords only.
_QUESTION_WORDS = frozenset(
    {
        "LEAD",
        "WHAT",
        "WHEN",
        "HOW",
        "HOW_MANY",
        "DID",
        "IS",
        "SAY",
        "MEET",
        "SPOKE",
        "CONNECTED",
        "MADE",
        "TOP",
        "SORTED",
        "NEWEST",
        "OLDEST",
        "STATUS_WORD",
        "FORM_WORD",
        "MEETING_NOUN",
        "DATED",
        "NO_DATE",
        "REL_DATE",
        "DAY_WORD",
    }
)


def fold(text: str) -> str:
    """Lower case without accents: how names are matched."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@attrs.frozen
class Name:
    """Something a name position can hold: the text, its kind, and what it stands for."""

    text: str
    kind: str
    meta: str
    id: str


def names_of(graph: EventGraph) -> list[Name]:
    """Entity names and aliases, topic labels and document file names, sorted by text."""
    found: list[Name] = []
    for node in graph.nodes():
        if isinstance(node, Entity):
            kind = node.kind.value
            found.append(Name(node.name, kind, kind, node.id))
            found += [Name(a, kind, f"{kind}: {node.name}", node.id) for a in node.aliases if a != node.name]
        elif isinstance(node, Topic):
            found.append(Name(node.label, "topic", "topic", node.id))
    for document in graph.documents():
        found.append(Name(PurePosixPath(document.path).name, "document", "document", document.id))
    return sorted(found, key=lambda n: (fold(n.text), n.kind))


class QueryCompleter(Completer):
    """Completion of queries and ``:commands`` against the graph ``graph()`` returns."""

    def __init__(self, graph: Callable[[], EventGraph]) -> None:
        self._graph = graph
        self._names: tuple[int, int, list[Name]] | None = None
        self._paths = PathCompleter(expanduser=True)

    def names(self) -> list[Name]:
        graph = self._graph()
        key = (id(graph), len(graph))
        if self._names is None or self._names[:2] != key:
            self._names = (*key, names_of(graph))
        return self._names[2]

    def get_completions(self, document: PromptDocument, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith(":"):
            yield from self._command(text, complete_event)
        else:
            yield from self.query_completions(text)

    # -- queries ----------------------------------------------------------------------------
    def query_completions(self, text: str) -> Iterator[Completion]:
        text = text.replace("\\\n", "  ")
        quote = _open_quote(text)
        if quote is not None:
            fragment = text[quote + 1 :]
            for name in self._matching(fragment, None):
                yield Completion(
                    _quoted(name.text),
                    -(len(text) - quote),
                    display=visible(name.text),
                    display_meta=visible(name.meta),
                )
            return
        word = _WORD_AT_END.search(text).group()  # type: ignore[union-attr]
        before = text[: len(text) - len(word)]
        tokens, accepted = accepts_after(before)
        seen: set[str] = set()
        for completion in self._keywords(word, accepted):
            seen.add(completion.text)
            yield completion
        if accepted is not None and not accepted & {"WORD", "QUOTED"}:
            return
        start, context = _name_start(tokens, accepted)
        kinds = _KINDS.get(context) if context else None
        if kinds == ():
            return
        fragment = text[start:] if start is not None else word
        names = list(self._matching(fragment, kinds))
        if not names and start is not None:  # the earlier words are a name of their own
            fragment = word
            names = list(self._matching(fragment, kinds))
        count = 0
        for name in names:
            insert = name.text if is_bare(name.text) else _quoted(name.text)
            if insert in seen and name.kind != "document":
                continue
            yield Completion(insert, -len(fragment), display=visible(name.text), display_meta=visible(name.meta))
            count += 1
            if count >= _LIMIT:
                return

    def _keywords(self, word: str, accepted: set[str] | None) -> Iterator[Completion]:
        if word and not word[0].isalpha():
            return
        prefix = word.lower()
        named = word[:1].isupper() and accepted is not None and "WORD" in accepted  # a capital starts a name
        for terminal, words in keyword_words().items():
            if terminal in _QUESTION_WORDS or (accepted is not None and terminal not in accepted):
                continue
            if named and terminal != "MONTH":
                continue
            meta = "month" if terminal == "MONTH" else "keyword"
            for candidate in words:
                if candidate.startswith(prefix) and candidate != prefix:
                    shown = candidate.capitalize() if terminal == "MONTH" else candidate
                    yield Completion(shown, -len(word), display_meta=meta)

    def _matching(self, fragment: str, kinds: tuple[str, ...] | None) -> Iterator[Name]:
        """One name per entity: those with a name or alias starting with the fragment, then
        those with a word starting with it; the kinds the position takes first.

        An entity is offered under its canonical name; when an alias matched rather than
        the name, the meta says which (``person, as Lavrov``).
        """
        wanted = fold(fragment.strip())
        if not wanted and kinds is None:
            return
        rank = {k: i for i, k in enumerate(kinds or ())}
        canonical = self.canonical()
        best: dict[str, tuple[tuple[int, int, int], Name]] = {}
        for name in self.names():
            if kinds is not None and name.kind not in rank:
                continue
            folded = fold(name.text)
            if folded.startswith(wanted):
                quality = 0
            elif wanted and any(w.startswith(wanted) for w in re.split(r"[\s\-/]+", folded)[1:]):
                quality = 1
            else:
                continue
            own = canonical.get(name.id, name)
            shown = own if own.text == name.text else Name(own.text, own.kind, f"{own.kind}, as {name.text}", own.id)
            key = (quality, rank.get(name.kind, 99), 0 if shown is own else 1)
            if name.id not in best or key < best[name.id][0]:
                best[name.id] = (key, shown)
        for _, name in sorted(best.values(), key=lambda pair: (pair[0][0], pair[0][1], fold(pair[1].text))):
            yield name

    def canonical(self) -> dict[str, Name]:
        """Each entity's own name (not an alias), by id."""
        return {n.id: n for n in self.names() if n.meta == n.kind}

    # -- commands ---------------------------------------------------------------------------
    def _command(self, text: str, event: CompleteEvent) -> Iterator[Completion]:
        from eventgraph.repl import helptext
        from eventgraph.repl.commands import COMMANDS, command_named
        from eventgraph.repl.session import FORMATS

        stripped = text.lstrip()
        if " " not in stripped:
            for command in COMMANDS.values():
                if f":{command.name}".startswith(stripped.lower()):
                    yield Completion(f":{command.name}", -len(stripped), display_meta=command.summary)
            return
        name, _, arg = stripped[1:].partition(" ")
        command = command_named(name)
        if command is None:
            return
        arg = arg.lstrip()
        values: Iterable[tuple[str, str]] = ()
        if command.name == "format":
            values = [(f, "format") for f in FORMATS]
        elif command.name == "timing":
            values = [("on", ""), ("off", "")]
        elif command.name == "help":
            values = [(c.name, "command") for c in COMMANDS.values()]
            values += [(k, t.title) for t in helptext.topics() for k in t.keys]
        elif command.name == "explain":
            yield from self.query_completions(arg)
            return
        elif command.name == "show":
            yield from self._ids(arg)
            return
        elif command.name in ("load", "save"):
            current = arg.rsplit(" ", 1)[-1]
            yield from self._paths.get_completions(PromptDocument(current, len(current)), event)
            return
        for value, meta in values:
            if value.startswith(arg.lower()) and value != arg:
                yield Completion(value, -len(arg), display_meta=meta)

    def _ids(self, arg: str) -> Iterator[Completion]:
        """Node ids by id prefix, and ids of the entities whose name starts with ``arg``."""
        if not arg:
            return
        graph = self._graph()
        count = 0
        for node_id in graph.node_ids():
            if node_id.startswith(arg):
                yield Completion(node_id, -len(arg), display_meta=_kind_of(graph, node_id))
                count += 1
                if count >= _LIMIT:
                    return
        for name in self._matching(arg, None):
            if name.kind != "document" and not name.id.startswith(arg):
                yield Completion(
                    name.id, -len(arg), display=visible(f"{name.text} ({name.id})"), display_meta=visible(name.meta)
                )


def _quoted(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _kind_of(graph: EventGraph, node_id: str) -> str:
    return str(node_kind(graph.node(node_id)))


def _open_quote(text: str) -> int | None:
    """Where a quote left open at the end of ``text`` starts, if one is."""
    start: int | None = None
    closing = ""
    escaped = False
    for index, char in enumerate(text):
        if start is not None:
            if escaped:
                escaped = False
            elif char == "\\" and closing == '"':
                escaped = True
            elif char == closing:
                start = None
        elif char in '"“':
            start, closing = index, '"' if char == '"' else "”"
    return start


def _name_start(tokens: list[Any], accepted: set[str] | None) -> tuple[int | None, str | None]:
    """Where the name being typed starts (its first word, if earlier words are part of it),
    and the filter keyword it belongs to (``PATH_FROM`` for the start of a path)."""
    start: int | None = None
    index = len(tokens)
    if accepted is not None and "WORD" in accepted:
        while index > 0 and tokens[index - 1].type == "WORD":
            index -= 1
        if index < len(tokens):
            start = tokens[index].start
    context = None
    back = index
    while back > 0 and tokens[back - 1].type in _NAME_PARTS:
        back -= 1
    if back > 0:
        context = tokens[back - 1].type
        if context == "FROM" and back >= 2 and tokens[back - 2].type == "PATH":
            context = "PATH_FROM"
        if context not in _KINDS:
            context = None
    return start, context
