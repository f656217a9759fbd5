"""What a picture shows, read from a result's rows: timeline marks, network ties, counts.

These are plain values with no drawing in them, so the pictures (matplotlib), the
self-contained HTML network and the explorer all show the same facts, and tests can
check them without reading pixels. Rows follow the JSON contract
(``docs/query-language.md``); a result of ``who met X`` also needs the graph it ran on,
to know who met each counterpart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from eventgraph.errors import EventGraphError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = [
    "KINDS",
    "MAX_ACTORS",
    "MAX_LANES",
    "Actor",
    "Answer",
    "Counts",
    "Mark",
    "Network",
    "PlotError",
    "Tie",
    "Timeline",
    "counts_of",
    "days_covered",
    "kinds_for",
    "network_of",
    "timeline_of",
]

KINDS = ("timeline", "network", "counts")
"""Every kind of picture, by name."""

MAX_LANES = 30
"""The most lanes a timeline draws (those with the most facts); it says how many it left out."""

MAX_ACTORS = 1000
"""The most actors a network draws: more make a picture nobody can read, and a slow page."""

MAX_SERIES = 8
"""The most subgroups a chart of a count by two groups stacks; the rest are drawn as ``other``."""

_KINDS_FOR: dict[str, tuple[str, ...]] = {
    "claim": ("timeline",),
    "said": ("timeline",),
    "meeting": ("timeline", "network"),
    "met": ("network", "timeline"),
    "pair": ("network", "timeline"),
    "step": ("network",),
    "count": ("counts",),
    "count2": ("counts",),
}
_NOUNS = {"claim": "statements", "said": "statements", "meeting": "meetings", "met": "meetings", "pair": "meetings"}
_GROUPS = ("month", "year", "speaker", "topic", "place", "document", "participant", "type", "status", "form")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


class PlotError(EventGraphError, ValueError):
    """A picture that cannot be drawn: rows of a kind it does not show, nothing to show, a bad file name."""


class Answer(Protocol):
    """What a picture reads from a query's result (``eventgraph.query.Result`` has it all)."""

    rows: list[dict[str, Any]]
    row_kind: str
    query: str
    undated_excluded: int
    graph: EventGraph | None


def kinds_for(row_kind: str) -> tuple[str, ...]:
    """The kinds of picture that suit rows of this kind, the default first (empty: none)."""
    return _KINDS_FOR.get(row_kind, ())


# -- timelines -----------------------------------------------------------------------------------
@attrs.frozen
class Mark:
    """One fact on one lane: a day (``start == end``) or an interval of days."""

    lane: str
    start: dt.date
    end: dt.date
    category: str
    text: str
    fact: str


@attrs.frozen
class Timeline:
    """Facts on lanes, one lane per speaker or participant, in order of their first fact."""

    title: str
    noun: str
    lanes: tuple[str, ...]
    marks: tuple[Mark, ...]
    undated: int
    """Facts without a date: counted, not drawn."""
    left_out: int
    """Undated facts the query's own date filter left out of the result."""
    hidden_lanes: int
    """Lanes beyond ``MAX_LANES``, left out with their facts."""
    hidden_marks: int

    def note(self) -> str:
        """What the picture does not show, in words ("" when it shows everything)."""
        parts = []
        if self.undated:
            parts.append(f"{self.undated} undated {_noun(self.noun, self.undated)} not shown")
        if self.left_out:
            parts.append(f"{self.left_out} undated left out by the query's date filter")
        if self.hidden_lanes:
            parts.append(f"{self.hidden_lanes} more lanes ({self.hidden_marks} facts) not shown")
        return "; ".join(parts)


def timeline_of(answer: Answer, title: str | None = None) -> Timeline:
    """The timeline of claims, ``who said`` rows, meetings, ``who met`` or ``who met whom`` rows."""
    _check(answer, "timeline")
    lanes: dict[str, str] = {}  # lane key -> label
    marks: list[tuple[str, Mark]] = []
    undated: set[str] = set()
    for row, fact, category, actors in _timeline_rows(answer):
        date = row.get("date")
        if not date:
            undated.add(fact)
            continue
        start, end = dt.date.fromisoformat(date["start"]), dt.date.fromisoformat(date["end"])
        for key, label in actors:
            lanes.setdefault(key, label)
            marks.append((key, Mark(label, start, end, category, _short(row.get("text") or ""), fact)))
    marks = list({(key, m.fact): (key, m) for key, m in marks}.values())
    per_lane = Counter(key for key, _ in marks)
    kept = {key for key, _ in sorted(per_lane.items(), key=lambda kv: (-kv[1], lanes[kv[0]]))[:MAX_LANES]}
    first = {key: min(m.start for k, m in marks if k == key) for key in kept}
    order = sorted(kept, key=lambda key: (first[key], lanes[key].casefold()))
    labels = _unique_labels(order, lanes)
    shown = tuple(attrs.evolve(m, lane=labels[key]) for key, m in marks if key in kept)
    return Timeline(
        title=title or answer.query,
        noun=_NOUNS[answer.row_kind],
        lanes=tuple(labels[key] for key in order),
        marks=tuple(sorted(shown, key=lambda m: (m.start, m.end, m.lane))),
        undated=len(undated),
        left_out=answer.undated_excluded,
        hidden_lanes=len(per_lane) - len(kept),
        hidden_marks=sum(n for key, n in per_lane.items() if key not in kept),
    )


def _timeline_rows(answer: Answer) -> Iterator[tuple[dict[str, Any], str, str, list[tuple[str, str]]]]:
    """Each row as (row, fact id, category, [(lane key, lane label)])."""
    for row in answer.rows:
        kind = answer.row_kind
        if kind == "claim":
            speaker = row.get("speaker")
            lane = (speaker["id"], speaker["name"]) if speaker else ("", "(no speaker)")
            yield row, row["id"], row.get("form") or "statement", [lane]
        elif kind == "said":
            yield row, row["claim"], "statement", [(row["id"], row["name"])]
        elif kind == "meeting":
            people = [(p["id"], p["name"]) for p in row.get("participants") or []]
            yield row, row["id"], row.get("type") or "meeting", people or [("", "(no participant)")]
        elif kind == "met":
            yield row, row["meeting"], "meeting", [(row["id"], row["name"])]
        else:  # pair
            yield (
                row,
                row["meeting"],
                "meeting",
                [(row["a"]["id"], row["a"]["name"]), (row["b"]["id"], row["b"]["name"])],
            )


def _unique_labels(keys: list[str], labels: dict[str, str]) -> dict[str, str]:
    """Lane labels, two actors of one name told apart by a numbered suffix."""
    seen = Counter(labels[k] for k in keys)
    out: dict[str, str] = {}
    used: Counter[str] = Counter()
    for key in keys:
        label = labels[key]
        if seen[label] > 1:
            used[label] += 1
            label = f"{label} ({used[label]})"
        out[key] = label
    return out


# -- networks ------------------------------------------------------------------------------------
@attrs.frozen
class Actor:
    """A node of the network: an entity, with the number of meetings it has in the picture."""

    id: str
    name: str
    kind: str
    meetings: int


@attrs.frozen
class Tie:
    """Who met whom (``kind`` ``meeting``), or two actors one document names (``document``, in paths)."""

    source: str
    target: str
    kind: str
    facts: tuple[str, ...]
    """The meetings (or documents) behind the tie: its width is how many."""
    labels: tuple[str, ...]
    """One line per fact: its date and sentence, or the document's path."""

    @property
    def weight(self) -> int:
        return len(self.facts)


@attrs.frozen
class Network:
    """Actors and who met whom among them; a path's ties are its steps, in order."""

    title: str
    actors: tuple[Actor, ...]
    ties: tuple[Tie, ...]
    path: bool = False

    def note(self) -> str:
        meetings = {f for t in self.ties if t.kind == "meeting" for f in t.facts}
        text = f"{len(self.actors)} actors, {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}"
        documents = {f for t in self.ties if t.kind == "document" for f in t.facts}
        if documents:
            text += f", {len(documents)} document{'s' if len(documents) != 1 else ''} naming both sides"
        return text


def network_of(answer: Answer, title: str | None = None) -> Network:
    """Who met whom in meetings, ``who met``, ``who met whom`` or ``path`` rows."""
    _check(answer, "network")
    actors: dict[str, dict[str, str]] = {}
    ties: dict[tuple[str, str, str], dict[str, str]] = {}
    path = answer.row_kind == "step"  # its ties keep their direction and order

    def tie(a: dict[str, str], b: dict[str, str], kind: str, fact: str, label: str) -> None:
        actors.setdefault(a["id"], a)
        actors.setdefault(b["id"], b)
        if a["id"] == b["id"]:
            return
        first, second = (a["id"], b["id"]) if path else sorted((a["id"], b["id"]))
        ties.setdefault((first, second, kind), {})[fact] = label

    kind = answer.row_kind
    for row in answer.rows:
        if kind == "step":
            via = row["via"]
            label = via.get("text") or via.get("path") or ""
            tie(row["from"], row["to"], via["kind"], via["id"], _short(label))
            continue
        label = _fact_label(row)
        if kind == "pair":
            tie(row["a"], row["b"], "meeting", row["meeting"], label)
        elif kind == "meeting":
            parties = list(row.get("participants") or [])
            for party in parties:
                actors.setdefault(party["id"], party)
            for a, b in _pairs(parties):
                tie(a, b, "meeting", row["id"], label)
    if kind == "met":
        for meeting, counterparts, label in _met_meetings(answer):
            for one in _met_side(answer, meeting, counterparts):
                for other in counterparts:
                    tie(one, other, "meeting", meeting, label)
    in_meetings: dict[str, set[str]] = {key: set() for key in actors}
    for (a, b, tie_kind), facts in ties.items():
        if tie_kind == "meeting":
            in_meetings[a].update(facts)
            in_meetings[b].update(facts)
    for row in answer.rows if kind == "meeting" else ():
        for party in row.get("participants") or []:
            in_meetings[party["id"]].add(row["id"])
    nodes = tuple(
        Actor(key, value["name"], value.get("kind", "person"), len(in_meetings[key]))
        for key, value in sorted(actors.items(), key=lambda kv: (kv[1]["name"].casefold(), kv[0]))
    )
    edges = tuple(Tie(a, b, tie_kind, tuple(facts), tuple(facts.values())) for (a, b, tie_kind), facts in ties.items())
    if not nodes:
        raise PlotError(f"`{answer.query}` found no meetings: there is no network to draw")
    if len(nodes) > MAX_ACTORS:
        raise PlotError(
            f"`{answer.query}` has {len(nodes):,} actors, too many to draw (at most {MAX_ACTORS:,}): "
            "narrow the query, such as with `in 2022` or `with NAME`"
        )
    return Network(title or answer.query, nodes, edges, path=path)


def _pairs(parties: list[dict[str, str]]) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Who met whom at one meeting: its people, or all its parties when it names fewer than two people
    (the rule of ``who met whom``)."""
    people = [p for p in parties if p.get("kind") == "person"]
    chosen = people if len(people) >= 2 else parties
    for index, one in enumerate(chosen):
        for other in chosen[index + 1 :]:
            yield one, other


def _met_meetings(answer: Answer) -> Iterator[tuple[str, list[dict[str, str]], str]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in answer.rows:
        grouped.setdefault(row["meeting"], []).append(row)
    for meeting, rows in grouped.items():
        counterparts = [{"id": r["id"], "name": r["name"], "kind": r["kind"]} for r in rows]
        yield meeting, counterparts, _fact_label(rows[0])


def _met_side(answer: Answer, meeting: str, counterparts: list[dict[str, str]]) -> list[dict[str, str]]:
    """The side a ``who met`` query asked about at one meeting: the parties that are not
    counterparts (its people, when it has any)."""
    if answer.graph is None:
        raise PlotError("a network of `who met` rows needs the graph the query ran on (run it with graph.query)")
    theirs = {c["id"] for c in counterparts}
    others = [
        {"id": e.id, "name": e.name, "kind": e.kind.value}
        for e in answer.graph.participants(meeting)
        if e.id not in theirs
    ]
    people = [e for e in others if e["kind"] == "person"]
    return people or others


def _fact_label(row: dict[str, Any]) -> str:
    date = row.get("date")
    when = _when(date) if date else "undated"
    return f"{when}: {_short(row.get('text') or '')}"


# -- counts --------------------------------------------------------------------------------------
@attrs.frozen
class Counts:
    """Counts per group (and per subgroup, stacked), on a time axis for months and years."""

    title: str
    noun: str
    group: str
    """What the bars are (``month``, ``speaker``...; ``group`` when the query does not say)."""
    subgroup: str | None
    """What the stacked parts are, in a count by two groups."""
    axis: str
    """``month``, ``year`` (a time axis) or ``category``."""
    groups: tuple[str, ...]
    series: tuple[str, ...]
    """The subgroups stacked in each bar; one series named after the noun for a count by one group."""
    values: tuple[tuple[int, ...], ...]
    """``values[s][g]``: the count of series ``s`` in group ``g``."""
    unknown: int
    """On a time axis: facts not dated within one month or year, counted in the note."""

    def totals(self) -> list[int]:
        return [sum(series[g] for series in self.values) for g in range(len(self.groups))]

    def note(self) -> str:
        if not self.unknown:
            return ""
        return f"{self.unknown} {_noun(self.noun, self.unknown)} not dated within one {self.axis}: not shown"


def counts_of(answer: Answer, title: str | None = None) -> Counts:
    """The chart of ``count ... by GROUP`` (or ``by GROUP by GROUP``) rows."""
    _check(answer, "counts")
    rows = answer.rows
    if all(r.get("group") is None for r in rows) and answer.row_kind == "count":
        total = sum(r["count"] for r in rows)
        raise PlotError(
            f"`{answer.query}` is one number ({total}): there is nothing to chart; "
            "count by month, year, speaker, topic... (`count claims by month`)"
        )
    named = [r["group"] for r in rows if r.get("group") is not None]
    axis = "month" if named and all(_MONTH.fullmatch(g) for g in named) else "category"
    if axis == "category" and named and all(_YEAR.fullmatch(g) for g in named):
        axis = "year"
    words = re.findall(rf"\bby ({'|'.join(_GROUPS)})\b", _canonical(answer))
    two = answer.row_kind == "count2"
    group = words[-2 if two and len(words) >= 2 else -1] if words else "group"
    subgroup = (words[-1] if len(words) >= 2 else "subgroup") if two else None
    noun = _count_noun(answer)
    unknown = 0
    if axis != "category":
        unknown = sum(r["count"] for r in rows if r.get("group") is None)
        rows = [r for r in rows if r.get("group") is not None]
    label = _part if axis == "category" else str
    totals: Counter[str] = Counter()
    for row in rows:
        totals[label(row["group"])] += row["count"]
    if axis == "category":
        groups = [g for g, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] == "(none)", kv[0].casefold()))]
    else:
        groups = sorted(totals)
    if answer.row_kind == "count2":
        by_series: Counter[str] = Counter()
        for row in rows:
            by_series[_part(row.get("subgroup"))] += row["count"]
        ranked = [s for s, _ in sorted(by_series.items(), key=lambda kv: (-kv[1], kv[0].casefold())) if s != "(none)"]
        series = ranked[:MAX_SERIES] + (["other"] if len(ranked) > MAX_SERIES else [])
        series += ["(none)"] if "(none)" in by_series else []
        index = {s: i for i, s in enumerate(series)}
        cells = [[0] * len(groups) for _ in series]
        where = {g: i for i, g in enumerate(groups)}
        for row in rows:
            s = index.get(_part(row.get("subgroup")), index.get("other", 0))
            cells[s][where[label(row["group"])]] += row["count"]
        values = tuple(tuple(c) for c in cells)
    else:
        series = [noun]
        values = (tuple(totals[g] for g in groups),)
    return Counts(title or answer.query, noun, group, subgroup, axis, tuple(groups), tuple(series), values, unknown)


def _part(group: str | None) -> str:
    return "(none)" if group is None else str(group)


def _count_noun(answer: Answer) -> str:
    match = re.match(r"\s*count\s+(\w+)", _canonical(answer))
    return match.group(1) if match else "rows"


def _canonical(answer: Answer) -> str:
    return str(getattr(answer, "canonical", "") or answer.query)


# -- shared --------------------------------------------------------------------------------------
def _check(answer: Answer, kind: str) -> None:
    suits = kinds_for(answer.row_kind)
    if kind not in suits:
        offer = f"; these rows make a {' or a '.join(suits)}" if suits else ""
        raise PlotError(
            f"a {kind} cannot show {answer.row_kind} rows{offer} "
            "(timelines: statements and meetings; networks: meetings, `who met`, `who met whom`, `path`; "
            "counts: `count ... by ...`)"
        )
    if not answer.rows:
        raise PlotError(f"`{answer.query}` found nothing: there is nothing to draw")


def _noun(plural: str, count: int) -> str:
    return plural if count != 1 else plural.removesuffix("s")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _when(date: dict[str, str]) -> str:
    return date["start"] if date["start"] == date["end"] else f"{date['start']}..{date['end']}"


def days_covered(marks: Iterable[Mark]) -> tuple[dt.date, dt.date]:
    """The first and last day the marks cover."""
    listed = list(marks)
    return min(m.start for m in listed), max(m.end for m in listed)
