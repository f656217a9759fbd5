"""Why a query found nothing, and what would have matched.

An empty result is explained by asking the graph variations of the query:

- a claim has one speaker, so ``by Lavrov and by Stoltenberg`` is empty; the same
  filters with ``or`` are counted;
- undated facts never pass a date filter: how many the filter left out, and the query
  that takes them in (``... or undated``);
- the filter that empties the query on its own (``about missiles`` finds nothing: no
  topic is called so, but so many texts mention the word), or, when every filter finds
  something alone, what dropping each one would give.

>>> from eventgraph import EventGraph
>>> from eventgraph.query import parse
>>> print(explain_empty(parse("claims by Lavrov"), EventGraph(), 0, 0))
the graph has no statements
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from eventgraph.errors import QueryError
from eventgraph.query import ast

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.lexicon import Lexicon

__all__ = ["explain_empty"]

_NOUNS = {
    "claims": "statements",
    "quotes": "quotes",
    "meetings": "meetings",
    "people": "people",
    "organisations": "organisations",
    "countries": "countries",
    "places": "places",
    "actors": "actors",
    "documents": "documents",
    "topics": "topics",
}


def explain_empty(query: ast.Query, graph: EventGraph, rows: int, undated: int, data: Lexicon | None = None) -> str:
    """Lines that say why ``query`` returned nothing on ``graph`` ("" when it returned rows)."""
    if rows and not _zero_count(query, graph, data):
        return ""
    from eventgraph.query.lexicon import lexicon

    data = data or lexicon()
    count = _counter(graph, data)
    subject, where, make = _shape(query)
    noun = _NOUNS.get(ast.SUBJECTS.get(subject, subject), subject)
    if isinstance(query, ast.Path):
        return f"no chain of meetings or documents links {query.source.text} and {query.target.text}"
    if count(make(None)) == 0:
        return (
            f"the graph has no {noun}"
            if isinstance(query, (ast.Select, ast.Count))
            else f"the graph has no {noun} to answer from"
        )
    lines: list[str] = []
    if where is None:
        return f"no {noun} answer `{query.render()}`"
    lines += _one_speaker(subject, where, make, count)
    lines += _undated(noun, where, undated, make, count)
    if not lines:
        lines += _clauses(noun, subject, where, make, count, graph, data)
    return "\n".join(dict.fromkeys(lines))


def _zero_count(query: ast.Query, graph: EventGraph, data: Lexicon | None) -> bool:
    if not isinstance(query, ast.Count) or query.group is not None:
        return False
    return _counter(graph, data)(query) == 0


def _counter(graph: EventGraph, data: Lexicon | None) -> Callable[[ast.Query], int | None]:
    from eventgraph.query.execute import execute

    def count(query: ast.Query) -> int | None:
        try:
            if isinstance(query, ast.Count):
                query = ast.Select(subject=query.subject, where=query.where)
            return len(execute(query, graph, data=data))
        except QueryError:
            return None

    return count


def _shape(query: ast.Query) -> tuple[str, Any, Callable[[Any], ast.Query]]:
    """The subject a query ranges over, its filters, and how to ask it with other filters."""
    if isinstance(query, (ast.Select, ast.Count)):
        return query.subject, query.where, lambda w: ast.Select(subject=query.subject, where=w)
    if isinstance(query, (ast.WhoMet, ast.WhoMetWhom)):
        extra = [ast.With(query.name)] if isinstance(query, ast.WhoMet) else []
        return "meetings", query.where, lambda w: ast.Select(subject="meetings", where=_and(*extra, w))
    if isinstance(query, ast.WhoSaid):
        extra = [ast.Quoting(query.phrase)] if query.phrase is not None else []
        return "claims", query.where, lambda w: ast.Select(subject="claims", where=_and(*extra, w))
    return "claims", None, lambda w: query


def _and(*items: Any) -> Any:
    found = [i for i in items if i is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else ast.And(tuple(found))


def _clauses_of(where: Any) -> list[Any]:
    return list(where.items) if isinstance(where, ast.And) else [where]


def _shown(node: Any) -> str:
    return f"`{node.render()}`"


def _rows(n: int | None) -> str:
    return "an error" if n is None else f"{n} row{'' if n == 1 else 's'}"


def _one_speaker(subject: str, where: Any, make: Callable[[Any], ast.Query], count: Callable) -> list[str]:
    """``by A and by B``: a claim has one speaker; the same with ``or``."""
    if ast.SUBJECTS.get(subject) not in ("claims", "quotes"):
        return []
    for node in ast.walk(where):
        speakers = [i for i in node.items if isinstance(i, ast.By)] if isinstance(node, ast.And) else []
        if len(speakers) < 2:
            continue
        either = ast.Or(tuple(speakers))
        rest = [i for i in node.items if not isinstance(i, ast.By)]
        replaced = ast.substitute(where, {id(node): _and(either, *rest)})
        n = count(make(replaced))
        return [f"a claim has one speaker: `{make(replaced).render()}` gives {_rows(n)}"]
    return []


_SINGULAR = {"people": "person", "countries": "country"}


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun if n != 1 else _SINGULAR.get(noun, noun.removesuffix('s'))}"


def _undated(noun: str, where: Any, undated: int, make: Callable[[Any], ast.Query], count: Callable) -> list[str]:
    if not undated:
        return []
    dated = [c for c in _clauses_of(where) if _has_date(c)]
    if not dated:
        return [f"{_counted(undated, 'undated ' + noun)} left out by a date filter"]
    clause = dated[0]
    widened = ast.substitute(where, {id(clause): ast.Or((clause, ast.Undated()))})
    return [
        f"{_counted(undated, 'undated ' + noun)} left out by {_shown(clause)}; `or undated` takes "
        f"{'it' if undated == 1 else 'them'} in: "
        f"`{make(widened).render()}` gives {_rows(count(make(widened)))}"
    ]


def _has_date(node: Any) -> bool:
    return any(isinstance(n, (ast.Temporal, ast.Between)) for n in ast.walk(node))


def _clauses(
    noun: str,
    subject: str,
    where: Any,
    make: Callable[[Any], ast.Query],
    count: Callable,
    graph: EventGraph,
    data: Lexicon | None,
) -> list[str]:
    clauses = _clauses_of(where)
    alone = [count(make(c)) for c in clauses]
    lines = []
    for clause, n in zip(clauses, alone, strict=True):
        if n == 0:
            lines.append(
                f"{_shown(clause)} finds no {noun}" + _why_none(clause, noun, subject, make, count, graph, data)
            )
    if lines or len(clauses) < 2:
        return lines
    lines.append(f"every filter finds some {noun}, but none passes them all:")
    for index, clause in enumerate(clauses):
        rest = _and(*clauses[:index], *clauses[index + 1 :])
        n = count(make(rest))
        if n:
            lines.append(f"  without {_shown(clause)}: {_rows(n)}{_dated(graph, make(rest), data, clause)}")
    return lines


def _dated(graph: EventGraph, query: ast.Query, data: Lexicon | None, dropped: Any) -> str:
    """When the dropped filter was a date: the dates the other rows have."""
    if not _has_date(dropped):
        return ""
    from eventgraph.query.execute import execute

    dates = sorted(
        (r["date"]["start"], r["date"]["end"]) for r in execute(query, graph, data=data).rows if r.get("date")
    )
    if not dates:
        return ", none of them dated"
    first, last = dates[0][0], max(d[1] for d in dates)
    return f", dated {first}" if first == last else f", dated {first}..{last}"


def _why_none(
    clause: Any,
    noun: str,
    subject: str,
    make: Callable[[Any], ast.Query],
    count: Callable,
    graph: EventGraph,
    data: Lexicon | None,
) -> str:
    """What would have matched a filter that matches nothing: topics, words, facts."""
    if isinstance(clause, ast.About) and isinstance(clause.name, ast.Name):
        from eventgraph.query.about import resolve_about
        from eventgraph.query.context import context

        text = clause.name.text
        about = resolve_about(context(graph), text, data)
        parts = []
        if about.labels:
            tagged = ", ".join(about.labels)
            term = "" if text.lower() in {label.lower() for label in about.labels} else f" ({text!r} is a term of it)"
            if ast.SUBJECTS.get(subject) in ("claims", "quotes"):
                parts.append(f"none is tagged {tagged}{term}, and none has the words")
            else:
                parts.append(f"the topic {tagged}{term} is in none of their texts")
        elif about.nothing:
            close = difflib.get_close_matches(text.lower(), _topic_labels(graph, data), n=2, cutoff=0.6)
            parts.append(f"no topic or name is {text!r}" + (f" (close: {', '.join(close)})" if close else ""))
        mentioning = make(ast.Mentioning(clause.name))
        n = count(mentioning)
        if n:
            parts.append(f"{_rows(n)} mention it: `{mentioning.render()}`")
        return ": " + "; ".join(parts) if parts else ""
    if isinstance(clause, ast.By):
        return f": {clause.name.text} said nothing the graph records" if count(make(None)) else ""
    if isinstance(clause, ast.With) and ast.SUBJECTS.get(subject) == "meetings":
        return f": the graph records no meeting of {clause.name.text}"
    return ""


def _topic_labels(graph: EventGraph, data: Lexicon | None) -> list[str]:
    labels = {t.label for t in graph.topics()}
    if data is not None:
        labels |= set(data.topic_terms)
    return sorted(labels)
