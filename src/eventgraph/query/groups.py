"""``count ... by FIELD`` over the numbers of claims or meetings, without building rows.

Speakers, years and months are columns of codes counted at once; topics are counted by
intersecting the answer with each topic's claims. Other groupings (and two-way counts)
go node by node in the executor.
"""

from __future__ import annotations

import numpy as np

from eventgraph.columns import FactColumns
from eventgraph.model import EdgeKind, Topic
from eventgraph.query.context import Context

__all__ = ["group_counts"]


def group_counts(ctx: Context, group: str, columns: FactColumns, numbers: np.ndarray) -> dict[str | None, int] | None:
    """How many of the facts ``numbers`` fall in each group, or None for a grouping done node by node."""
    if group == "speaker" and columns is ctx.columns("claims"):
        codes, names = _speakers(ctx, columns)
        return _tally(codes[numbers], names)
    if group in ("year", "month"):
        return _periods(columns, numbers, group)
    if group == "topic" and columns is ctx.columns("claims"):
        return _topics(ctx, numbers)
    return None


def _tally(codes: np.ndarray, names: list[str | None]) -> dict[str | None, int]:
    """Counts of codes (``-1`` is the group None), keyed by the codes' names."""
    counts = np.bincount(codes + 1, minlength=len(names) + 1)
    out: dict[str | None, int] = {}
    for code in np.flatnonzero(counts).tolist():
        name = None if code == 0 else names[code - 1]
        out[name] = out.get(name, 0) + int(counts[code])
    return out


def _speakers(ctx: Context, columns: FactColumns) -> tuple[np.ndarray, list[str | None]]:
    """Each claim's speaker as a code into the speakers' names (``-1``: none), once per graph version."""
    found = ctx.cache.get("speaker codes")
    if found is None and ctx.packed is not None:
        found = ctx.cache["speaker codes"] = _packed_speakers(ctx, columns)
    if found is None:
        names: list[str | None] = []
        code_of: dict[str, int] = {}
        codes = np.full(len(columns), -1, dtype=np.int32)
        speaker_of = ctx.speaker_of
        for number, claim_id in enumerate(columns.ids):
            speaker = speaker_of.get(claim_id)
            if speaker is None:
                continue
            code = code_of.get(speaker)
            if code is None:
                code = code_of[speaker] = len(names)
                names.append(ctx.graph.node(speaker).name)  # type: ignore[union-attr]
            codes[number] = code
        found = ctx.cache["speaker codes"] = (codes, names)
    return found


def _packed_speakers(ctx: Context, columns: FactColumns) -> tuple[np.ndarray, list[str | None]]:
    """The same codes from a snapshot's ``said`` edges, in numbers: each claim's speaker, the
    least id where a claim has several."""
    said = ctx.packed.relation(EdgeKind.SAID, from_source=False)  # type: ignore[union-attr]
    claims = columns.of_nodes_unsorted(said.key_of_each())
    kept = claims >= 0
    claims, speakers = claims[kept], said.others[kept]
    order = np.lexsort((-speakers, claims))  # per claim, the least speaker number last
    codes_of, code = np.unique(speakers, return_inverse=True)
    codes = np.full(len(columns), -1, dtype=np.int32)
    codes[claims[order]] = code[order].astype(np.int32)
    names: list[str | None] = [ctx.packed.node(n).name for n in codes_of.tolist()]  # type: ignore[union-attr]
    return codes, names


def _periods(columns: FactColumns, numbers: np.ndarray, group: str) -> dict[str | None, int]:
    """By the year (or month) a fact's date lies in; None for the undated and those spanning two."""
    codes, base = columns.periods("Y" if group == "year" else "M")
    picked = codes if len(numbers) == len(columns) else codes[numbers]  # numbers are distinct: all of them
    tally = np.bincount(picked)
    out: dict[str | None, int] = {}
    for code in np.flatnonzero(tally[1:]).tolist():
        period = code + base
        name = f"{period + 1970:04d}" if group == "year" else f"{period // 12 + 1970:04d}-{period % 12 + 1:02d}"
        out[name] = int(tally[code + 1])
    if len(tally) and tally[0]:
        out[None] = int(tally[0])
    return out


def _topics(ctx: Context, numbers: np.ndarray) -> dict[str | None, int]:
    """By topic label: a claim with several topics counts once in each; one with none in None.

    The answer is marked in a mask over all claims, and each topic's claims read from it:
    a pass over the topic's postings, however large the answer."""
    columns = ctx.columns("claims")
    assert columns is not None
    chosen = np.zeros(len(columns), dtype=bool)
    chosen[numbers] = True
    tagged = np.zeros(len(columns), dtype=bool)
    out: dict[str | None, int] = {}
    for topic in ctx.topics():
        assert isinstance(topic, Topic)
        postings = ctx.postings("claims", "about", topic.id)
        count = int(np.count_nonzero(chosen[postings]))
        if count:
            out[topic.label] = out.get(topic.label, 0) + count
            tagged[postings] = True
    untagged = int(len(numbers) - int(np.count_nonzero(tagged[numbers])))
    if untagged:
        out[None] = untagged
    return out
