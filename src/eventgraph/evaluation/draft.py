"""A first gold file from the extraction, for a person to correct rather than type.

Every entity with every alias and the documents naming it, every claim with its
speaker, form, date and topics, every meeting with its parties, place and date, and a
question per speaker and per meeting party with the rows that answer it now. Claims
without a speaker go to ``ignore_claims``. The file's ``notes`` says it is a draft: it
holds what eventgraph found, not what the documents say.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from eventgraph.errors import QueryError
from eventgraph.evaluation.gold import (
    ENTITY_KINDS,
    Answer,
    GoldClaim,
    GoldDocument,
    GoldEntity,
    GoldMeeting,
    GoldQuery,
    GoldSet,
    Interval,
    Unscored,
)
from eventgraph.evaluation.predictions import Predictions
from eventgraph.ids import slug

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.model import Document

__all__ = ["DRAFT_NOTE", "draft_gold"]

DRAFT_NOTE = (
    "DRAFT written by eventgraph annotate {version} on {day} from its own extraction of {corpus}. "
    "It holds what eventgraph found, not what the documents say: check every entity, alias, claim, "
    "speaker, date, topic, meeting and query against the texts, correct what is wrong, add what is "
    "missing, move statements that should not be scored to ignore_claims, and then replace this note "
    "with your own."
)
"""The ``notes`` of a drafted gold file."""

_MOST_QUERIES = 20
"""Questions drafted per kind (statements by a speaker, meetings with a party), the most frequent first."""

Row = Mapping[str, Any]


def draft_gold(
    graph: EventGraph,
    corpus: str | os.PathLike[str],
    *,
    today: dt.date | None = None,
    data: Sequence[str | os.PathLike[str]] = (),
) -> GoldSet:
    """A draft gold set of ``graph``, the graph made of the documents under ``corpus``."""
    from eventgraph import __version__

    predictions = Predictions.from_graph(graph, today=today, data=data)
    documents = _documents(graph.documents(), corpus)
    keys = {d_id: doc.key for d_id, doc in documents.items()}
    entities = _Entities()
    for kind in ENTITY_KINDS:
        for row in predictions.entities[kind]:
            entities.add(row, [keys[d] for d in row.get("documents") or () if d in keys])
    claims, unscored = [], []
    for row in _in_matching_order(predictions.claims, keys):
        doc = _key(row, keys)
        if row.get("speaker") is None:
            unscored.append(
                Unscored(doc, row["text"], "no speaker found: name one and move this to claims, or leave it")
            )
            continue
        claims.append(
            GoldClaim(
                doc,
                entities.id_of(row["speaker"]),
                row["form"],
                row["text"],
                _interval(row.get("date")),
                tuple(row.get("topics") or ()),
                _how("cue", row.get("cue"), row.get("date")),
            )
        )
    meetings = [
        GoldMeeting(
            _key(row, keys),
            tuple(entities.id_of(p) for p in row.get("participants") or ()),
            row["text"],
            tuple(entities.id_of(o) for o in row.get("organisations") or ()),
            entities.id_of(row["place"]) if row.get("place") else None,
            _interval(row.get("date")),
            _how("type", f"{row.get('type')}, {row.get('status')}", row.get("date")),
        )
        for row in _in_matching_order(predictions.meetings, keys)
    ]
    queries = _queries(graph, predictions, entities, keys, today, data)
    return GoldSet(
        documents=tuple(sorted(documents.values(), key=lambda d: d.key)),
        entities=tuple(entities.values),
        meetings=tuple(meetings),
        claims=tuple(claims),
        queries=tuple(queries),
        unscored=tuple(unscored),
        corpus=Path(corpus).name,
        notes=DRAFT_NOTE.format(version=__version__, day=dt.date.today().isoformat(), corpus=Path(corpus).name),
    )


def _in_matching_order(rows: Sequence[Row], keys: Mapping[str, str]) -> list[Row]:
    """The rows by document and position, so that scoring the draft pairs each item with its own row.

    Matching is greedy and prefers the later of equally good rows: a longer statement
    comes before one it contains, and statements of the same words (a joint statement's,
    one per speaker) in the reverse of the order the graph lists them.
    """
    order = {id(row): number for number, row in enumerate(rows)}
    return sorted(rows, key=lambda r: (_key(r, keys), r["span"][0], -r["span"][1], -order[id(r)]))


def _documents(documents: Sequence[Document], corpus: str | os.PathLike[str]) -> dict[str, GoldDocument]:
    """Each document's entry, keyed by its id: the key is the file's name without extension
    where that is unique, else its path under the corpus folder."""
    root = Path(corpus).resolve()
    root = root if root.is_dir() else root.parent
    files = {}
    for document in documents:
        try:
            files[document.id] = Path(document.path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            files[document.id] = PurePath(document.path).name
    stems = Counter(PurePath(f).stem for f in files.values())
    out = {}
    for document in documents:
        file = files[document.id]
        key = PurePath(file).stem if stems[PurePath(file).stem] == 1 else file
        published, notes = None, ""
        if document.published is not None:
            if document.published.start == document.published.end:
                published = document.published.start
            else:
                notes = f"published between {document.published.start} and {document.published.end}"
        out[document.id] = GoldDocument(key, file, published, notes)
    return out


class _Entities:
    """Gold entities made from the graph's, with short readable ids (``sergey_lavrov``)."""

    def __init__(self) -> None:
        self.values: list[GoldEntity] = []
        self._ids: dict[str, str] = {}

    def add(self, row: Row, docs: Sequence[str]) -> str:
        base = slug(str(row["name"])).replace("-", "_")
        taken = {e.id for e in self.values}
        gold_id = base if base not in taken else f"{base}_{row['kind']}"
        number = 2
        while gold_id in taken:
            gold_id, number = f"{base}_{number}", number + 1
        aliases = tuple(a for a in dict.fromkeys([row["name"], *(row.get("aliases") or ())]))
        self.values.append(GoldEntity(gold_id, str(row["kind"]), str(row["name"]), aliases, tuple(sorted(set(docs)))))
        self._ids[str(row["id"])] = gold_id
        return gold_id

    def id_of(self, ref: Row) -> str:
        """The gold id of an entity a row refers to (added if no listing had it)."""
        known = self._ids.get(str(ref["id"]))
        return known if known is not None else self.add(ref, [])


def _key(row: Row, keys: Mapping[str, str]) -> str:
    return keys[row["document"]["id"]]


def _interval(date: Row | None) -> Interval | None:
    if not date:
        return None
    return Interval(dt.date.fromisoformat(str(date["start"])[:10]), dt.date.fromisoformat(str(date["end"])[:10]))


def _how(label: str, value: object, date: Row | None) -> str:
    """A note on what the extraction saw: the cue or meeting type, and how the date was obtained."""
    parts = [f"{label}: {value}"] if value else []
    if date and date.get("how"):
        parts.append(f"date: {date['how']}")
    return "; ".join(parts)


def _queries(
    graph: EventGraph,
    predictions: Predictions,
    entities: _Entities,
    keys: Mapping[str, str],
    today: dt.date | None,
    data: Sequence[str | os.PathLike[str]],
) -> list[GoldQuery]:
    """``statements by X`` for the speakers and ``meetings with X`` for the parties met most often."""
    speakers = Counter(r["speaker"]["name"] for r in predictions.claims if r.get("speaker"))
    parties = Counter(p["name"] for r in predictions.meetings for p in r.get("participants") or ())
    asked = [f"statements by {name}" for name, _ in speakers.most_common(_MOST_QUERIES)]
    asked += [f"meetings with {name}" for name, _ in parties.most_common(_MOST_QUERIES)]
    files = tuple(str(p) for p in data)
    out = []
    for text in asked:
        try:
            rows = list(graph.query(text, today=today, data=files))
        except QueryError:
            continue  # a name the language reads otherwise (ambiguous, a title): left for a person to ask
        answers = tuple(
            Answer(
                _key(row, keys),
                row["text"],
                entities.id_of(row["speaker"]) if row.get("speaker") else None,
                tuple(entities.id_of(p) for p in row.get("participants") or ()),
            )
            for row in rows
        )
        out.append(GoldQuery(text, answers, "drafted from the rows eventgraph returns now"))
    return out
