"""What the extraction reports, as the rows of the JSON result contract, and how those rows
are tied to the gold file: documents by path, entities by every name the graph lists.

Rows, not graph values, are what is scored: they are what ``eventgraph query --format
json`` prints, so a score computed here means the same as one computed from the command
line's output, and recorded output can be scored again without the extraction.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import attrs

from eventgraph.errors import QueryError
from eventgraph.evaluation.gold import ENTITY_KINDS, GoldSet
from eventgraph.ids import fold

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["LISTINGS", "DocumentKeys", "Predictions", "Resolver"]

Row = dict[str, Any]

LISTINGS = {"person": "people", "organisation": "organisations", "country": "countries", "place": "places"}
"""The query that lists each kind of entity."""


@attrs.frozen
class Predictions:
    """The rows the graph gives for everything a gold file scores.

    ``entities`` maps each entity kind to the rows of its listing (``people``...);
    ``answers`` maps each gold query to its rows; ``errors`` maps each query that failed
    to why.
    """

    entities: Mapping[str, Sequence[Row]]
    claims: Sequence[Row]
    meetings: Sequence[Row]
    answers: Mapping[str, Sequence[Row]] = attrs.field(factory=dict)
    documents: Sequence[Row] = ()
    errors: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def from_graph(
        cls,
        graph: EventGraph,
        queries: Iterable[str] = (),
        *,
        today: dt.date | None = None,
        data: Sequence[str | os.PathLike[str]] = (),
    ) -> Predictions:
        """Ask ``graph`` what the command line would be asked: the listings, then each query."""
        files = tuple(str(p) for p in data)

        def rows(text: str) -> list[Row]:
            return list(graph.query(text, today=today, data=files))

        answers: dict[str, list[Row]] = {}
        errors: dict[str, str] = {}
        for text in queries:
            if text in answers:
                continue
            try:
                answers[text] = rows(text)
            except QueryError as exc:
                answers[text] = []
                errors[text] = exc.message
        return cls(
            entities={kind: rows(LISTINGS[kind]) for kind in ENTITY_KINDS},
            claims=rows("claims"),
            meetings=rows("meetings"),
            answers=answers,
            documents=rows("documents"),
            errors=errors,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": {k: list(v) for k, v in self.entities.items()},
            "claims": list(self.claims),
            "meetings": list(self.meetings),
            "answers": {k: list(v) for k, v in self.answers.items()},
            "documents": list(self.documents),
            "errors": dict(self.errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Predictions:
        """Rows recorded earlier (``to_dict``, or the command line's JSON output gathered the same way)."""
        return cls(
            entities={kind: list(data.get("entities", {}).get(kind, [])) for kind in ENTITY_KINDS},
            claims=list(data.get("claims", [])),
            meetings=list(data.get("meetings", [])),
            answers={k: list(v) for k, v in data.get("answers", {}).items()},
            documents=list(data.get("documents", [])),
            errors=dict(data.get("errors", {})),
        )


class DocumentKeys:
    """The gold document key of a row's document: by its path under the corpus folder, its
    file name, its name without extension, or a key written as the path."""

    def __init__(self, gold: GoldSet, corpus: str | os.PathLike[str] | None = None, documents: Sequence[Row] = ()):
        self._corpus = Path(corpus).resolve() if corpus is not None else None
        self._by_file = {PurePath(d.file).as_posix(): d.key for d in gold.documents}
        self._by_name = {}
        self._by_stem = {}
        for d in gold.documents:
            self._by_name.setdefault(PurePath(d.file).name, d.key)
            self._by_stem.setdefault(PurePath(d.file).stem, d.key)
        self._keys = {d.key for d in gold.documents}
        self._files = {d.key: d.file for d in gold.documents}
        self._by_id: dict[str, str] = {}
        for row in documents:
            key = self._of_path(str(row.get("path") or ""))
            if key is not None and row.get("id"):
                self._by_id[str(row["id"])] = key

    def key(self, row: Mapping[str, Any]) -> str | None:
        """The key of the document a result row comes from, or None when the gold has no such file."""
        document = row.get("document") or {}
        if isinstance(document, str):
            document = {"id": document}
        return self.of(document)

    def of(self, document: Mapping[str, Any]) -> str | None:
        """The key of a document reference (``{"id", "path"}``)."""
        for value in (document.get("path"), document.get("id")):
            if value:
                key = self._of_path(str(value))
                if key is not None:
                    return key
        return self._by_id.get(str(document.get("id")))

    def file(self, key: str | None) -> str:
        return self._files.get(key or "", "")

    def _of_path(self, value: str) -> str | None:
        if not value:
            return None
        if self._corpus is not None:
            try:
                inside = Path(value).resolve().relative_to(self._corpus).as_posix()
            except (ValueError, OSError):
                inside = None
            if inside in self._by_file:
                return self._by_file[inside]
        path = PurePath(value)
        if path.name in self._by_name:
            return self._by_name[path.name]
        if path.stem in self._by_stem:
            return self._by_stem[path.stem]
        return value if value in self._keys else None


class Resolver:
    """The gold entity a predicted entity stands for: the first whose names share one with it,
    by the predicted entity's own name first, then by every alias the graph lists for it."""

    def __init__(self, gold: GoldSet, listings: Mapping[str, Sequence[Row]]) -> None:
        self._gold = [(e.id, frozenset(filter(None, map(fold, e.names)))) for e in gold.entities]
        self._known: dict[str, set[str]] = {}
        for rows in listings.values():
            for row in rows:
                if row.get("id"):
                    self._known.setdefault(str(row["id"]), set()).update(_names(row))

    def resolve(self, entity: Mapping[str, Any] | None) -> str | None:
        if not entity:
            return None
        for names in (_names(entity), self._known.get(str(entity.get("id")), set())):
            for gold_id, gold_names in self._gold:
                if gold_names & names:
                    return gold_id
        return None


def _names(entity: Mapping[str, Any]) -> set[str]:
    names = {fold(str(entity.get("name") or ""))}
    names.update(fold(str(a)) for a in entity.get("aliases") or ())
    return {n for n in names if n}
