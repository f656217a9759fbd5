"""What the explorer answers, as plain JSON-ready dicts: rows, completions, passages, pictures.

The web layer (``eventgraph.serve.app``) only routes requests here and turns the dicts
into responses, so everything the page shows can be tested without a server. Queries run
through the library, completion through the REPL's ``QueryCompleter``; nothing here
reads or writes a file: the explorer sees only the graph it was given.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from eventgraph.errors import QueryError
from eventgraph.graph import EventGraph
from eventgraph.model import Claim, Document, Meeting
from eventgraph.plot import PlotError, kinds_for, network_of
from eventgraph.plot import svg as picture_svg
from eventgraph.plot.page import network_data
from eventgraph.query import Result, compile_query
from eventgraph.repl.completion import QueryCompleter

__all__ = ["MAX_SHOWN", "Explorer", "NotFound", "source_of"]

MAX_SHOWN = 1000
"""The most rows a result table holds; the page says how many more the query found."""

_CACHED = 16
_COMPLETIONS = 15


class NotFound(LookupError):
    """A fact, a document or a picture the graph does not have."""


def source_of(row: dict[str, Any], row_kind: str) -> str | None:
    """The id of the fact or document a row's source passage is in (None: rows with no one source)."""
    if row_kind in ("claim", "meeting", "document"):
        return row["id"]
    if row_kind == "said":
        return row["claim"]
    if row_kind in ("met", "pair"):
        return row["meeting"]
    if row_kind == "step":
        return row["via"]["id"]
    return None


class Explorer:
    """One graph, answering the page's requests; safe to call from several threads."""

    def __init__(
        self, graph: EventGraph, *, name: str = "graph", today: dt.date | None = None, data: Sequence[str] = ()
    ) -> None:
        self.graph = graph
        self.name = name
        self.today = today
        self.data = list(data)
        self._completer = QueryCompleter(lambda: graph)
        self._lock = threading.RLock()  # one query, completion or drawing at a time: the graph's caches are shared
        self._results: OrderedDict[str, Result] = OrderedDict()

    # -- the graph ----------------------------------------------------------------------------
    def about(self) -> dict[str, Any]:
        counts = self.graph.stats()
        actors = sum(counts[k] for k in ("person", "organisation", "country"))
        return {
            "name": self.name,
            "documents": counts["document"],
            "claims": counts["claim"],
            "meetings": counts["meeting"],
            "actors": actors,
        }

    # -- queries ------------------------------------------------------------------------------
    def result(self, text: str) -> Result:
        """The result of a query, kept for the next requests about it (its pictures); ``QueryError``."""
        text = text.strip()
        with self._lock:
            if text in self._results:
                self._results.move_to_end(text)
                return self._results[text]
            result = compile_query(text, today=self.today).run(self.graph, data=self.data)
            self._results[text] = result
            while len(self._results) > _CACHED:
                self._results.popitem(last=False)
            return result

    def answer(self, text: str) -> dict[str, Any]:
        """The table of a query's rows, with what it was understood as, or the error with its caret."""
        if not text.strip():
            return {"error": {"message": "type a query, such as: statements by Lavrov", "hint": None, "caret": None}}
        try:
            with self._lock:
                result = self.result(text)
                why = result.explain_empty().splitlines()
        except QueryError as error:
            return {"error": error_of(error, text.strip())}
        headers, cells = result.to_cells()
        rows = [
            {"cells": row, "source": source_of(data, result.row_kind)}
            for row, data in zip(cells[:MAX_SHOWN], result.rows[:MAX_SHOWN], strict=True)
        ]
        footer = result.footer()
        if len(result.rows) > MAX_SHOWN:
            footer += f"; the first {MAX_SHOWN} shown"
        return {
            "query": result.query,
            "understood_as": result.understood_as,
            "notes": list(result.notes),
            "kind": result.row_kind,
            "headers": headers,
            "rows": rows,
            "count": len(result.rows),
            "footer": footer,
            "why": why,
            "views": list(kinds_for(result.row_kind)),
        }

    def network(self, text: str) -> dict[str, Any]:
        """The actor network of a query's rows, as the page's force layout draws it; ``PlotError``."""
        with self._lock:
            return network_data(network_of(self.result(text)))

    def picture(self, text: str, kind: str) -> str:
        """A timeline or a count chart of a query's rows, as SVG; ``PlotError``, ``QueryError``."""
        with self._lock:  # matplotlib draws one figure at a time too
            result = self.result(text)
            if kind not in kinds_for(result.row_kind):
                raise PlotError(f"a {kind} cannot show {result.row_kind} rows")
            return picture_svg(result, kind=kind)

    # -- completion ---------------------------------------------------------------------------
    def complete(self, text: str) -> list[dict[str, Any]]:
        """What the REPL's Tab offers after ``text``: each with the text to insert, where it
        starts (characters back from the end of ``text``), what to show and its kind."""
        found = []
        with self._lock:
            for completion in self._completer.query_completions(text):
                found.append(
                    {
                        "text": completion.text,
                        "start": completion.start_position,
                        "display": completion.display_text,
                        "meta": completion.display_meta_text,
                    }
                )
                if len(found) >= _COMPLETIONS:
                    break
        return found

    # -- sources ------------------------------------------------------------------------------
    def passage(self, fact_id: str) -> dict[str, Any]:
        """A claim's, a meeting's or a document's source document, cut into parts: the
        passage (``highlight``), the sentence around a claim (``context``) and the rest."""
        node = self.graph.get(fact_id)
        if isinstance(node, Document):
            document, highlight, context, label = node, None, None, "document"
        elif isinstance(node, Claim):
            document = self.graph.source(node.id)
            speaker = self.graph.speaker(node.id)
            who = f" by {speaker.name}" if speaker else ""
            highlight, context = (node.span.start, node.span.end), (node.sentence.start, node.sentence.end)
            label = f"statement{who}, {_when(node.date)}"
        elif isinstance(node, Meeting):
            document = self.graph.source(node.id)
            names = ", ".join(e.name for e in self.graph.participants(node.id))
            highlight, context = (node.span.start, node.span.end), None
            label = f"{node.kind or 'meeting'} ({names or 'no participants named'}), {_when(node.date)}"
        else:
            raise NotFound(f"no statement, meeting or document has the id {fact_id!r} in this graph")
        return {
            "id": fact_id,
            "label": label,
            "document": {
                "id": document.id,
                "path": document.path,
                "title": document.title,
                "published": _when(document.published) if document.published else None,
            },
            "parts": _parts(document.text, highlight, context),
        }


def error_of(error: QueryError, text: str) -> dict[str, Any]:
    """A query error as the page shows it: the message, the query with a caret under the position, the hint."""
    caret = None
    if error.position is not None:
        shown = error.query or text
        caret = [f"  {shown}", "  " + " " * max(0, min(error.position, len(shown))) + "^"]
    return {"message": error.message, "hint": error.hint, "caret": caret, "position": error.position}


def _parts(text: str, highlight: tuple[int, int] | None, context: tuple[int, int] | None) -> list[dict[str, str]]:
    """The text cut at the passage's and its sentence's ends, each part marked by what it is in."""
    cuts = {0, len(text)}
    for span in (highlight, context):
        if span is not None:
            cuts.update(max(0, min(len(text), x)) for x in span)
    edges = sorted(cuts)
    parts = []
    for start, end in itertools.pairwise(edges):
        if highlight is not None and highlight[0] <= start and end <= highlight[1]:
            mark = "highlight"
        elif context is not None and context[0] <= start and end <= context[1]:
            mark = "context"
        else:
            mark = "text"
        parts.append({"text": text[start:end], "mark": mark})
    return parts


def _when(date: Any) -> str:
    if date is None:
        return "undated"
    return date.start.isoformat() if date.start == date.end else f"{date.start.isoformat()}..{date.end.isoformat()}"
