"""An evaluation's outcome as values: a score per layer and every miss and false positive.

Each layer has precision, recall and F1. Layers that grade an attribute of matched
items (an entity's kind, a claim's speaker, date or topics, a meeting's date) also have
an accuracy: the share right among the matched items. Participants and queries are
averaged over meetings and queries (``averaged``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["FINDING_KINDS", "LAYERS", "Finding", "LayerScore", "QueryScore", "Report"]

LAYERS = (
    "entities",
    "entity_kinds",
    "claims",
    "speakers",
    "claim_dates",
    "topics",
    "meetings",
    "participants",
    "meeting_dates",
    "queries",
)
"""The layers scored, in the order reports show them."""

FINDING_KINDS = ("miss", "false positive", "wrong", "duplicate")
"""A gold item not found; a found item the gold does not have; a matched item with a wrong
attribute (expected and found say which); an entity listed more than once."""


@attrs.frozen
class LayerScore:
    """Precision, recall and F1 of one layer, with the counts behind them."""

    name: str
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int
    accuracy: float | None = None
    averaged: bool = False
    details: Mapping[str, int] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "averaged": self.averaged,
            **self.details,
        }


@attrs.frozen
class Finding:
    """One miss, false positive or wrong attribute, with the document and text it is about.

    ``doc`` is the gold document key (several, comma-separated, for an entity), ``file``
    its file; ``expected`` is what the gold says and ``found`` what was extracted, where
    they differ; ``query`` the gold query a finding of the queries layer belongs to.
    """

    layer: str
    kind: str
    doc: str
    file: str
    text: str
    expected: str = ""
    found: str = ""
    query: str = ""

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)


@attrs.frozen
class QueryScore:
    """How one gold query was answered."""

    q: str
    expected: int
    returned: int
    correct: int
    precision: float
    recall: float
    f1: float
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Report:
    """The scores of every layer, what was missed and found wrongly, and failed queries."""

    gold: str
    corpus: str
    layers: tuple[LayerScore, ...]
    findings: tuple[Finding, ...]
    queries: tuple[QueryScore, ...] = ()
    errors: tuple[str, ...] = ()

    def layer(self, name: str) -> LayerScore:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(f"no layer {name!r}; the layers are {', '.join(LAYERS)}")

    def __getitem__(self, name: str) -> LayerScore:
        return self.layer(name)

    def findings_of(self, layer: str, kind: str | None = None) -> list[Finding]:
        return [f for f in self.findings if f.layer == layer and (kind is None or f.kind == kind)]

    # -- serialising ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "corpus": self.corpus,
            "layers": {layer.name: layer.to_dict() for layer in self.layers},
            "queries": [q.to_dict() for q in self.queries],
            "findings": [f.to_dict() for f in self.findings],
            "errors": list(self.errors),
        }

    def to_json(self) -> str:
        """The report as indented JSON (``to_dict``)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_html(self) -> str:
        """A self-contained HTML page: the scores, each query, and every finding with its text."""
        from eventgraph.evaluation.html import render

        return render(self)

    def summary(self) -> str:
        """One line of the F1 of each layer."""
        return " ".join(f"{layer.name}={layer.f1:.2f}" for layer in self.layers)

    def to_table(self, *, width: int = 100) -> str:
        """The scores, each query and every finding as plain-text tables."""
        rows = [
            [
                layer.name,
                f"{layer.precision:.2f}",
                f"{layer.recall:.2f}",
                f"{layer.f1:.2f}",
                "" if layer.accuracy is None else f"{layer.accuracy:.2f}",
                str(layer.gold),
                str(layer.predicted),
                ", ".join(f"{k}: {v}" for k, v in layer.details.items()) + (" (averaged)" if layer.averaged else ""),
            ]
            for layer in self.layers
        ]
        parts = [_table(["layer", "precision", "recall", "f1", "accuracy", "gold", "predicted", "notes"], rows)]
        if self.queries:
            parts.append(
                _table(
                    ["f1", "expected", "returned", "query"],
                    [
                        [f"{q.f1:.2f}", str(q.expected), str(q.returned), q.q + (f"  ({q.error})" if q.error else "")]
                        for q in self.queries
                    ],
                )
            )
        if self.findings:
            room = max(20, width - 45)
            parts.append(
                _table(
                    ["layer", "finding", "doc", "text", "expected / found"],
                    [
                        [
                            f.layer,
                            f.kind,
                            f.doc,
                            _trim(f.text, room),
                            _trim(_difference(f), 60),
                        ]
                        for f in self.findings
                    ],
                )
            )
        else:
            parts.append("no misses and no false positives")
        parts.extend(f"error: {e}" for e in self.errors)
        return "\n\n".join(parts)


def _difference(finding: Finding) -> str:
    if finding.query:
        return f"query: {finding.query}"
    if finding.expected and finding.found:
        return f"{finding.expected} / {finding.found}"
    return finding.expected or finding.found


def _trim(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    last = len(header) - 1

    def line(cells: list[str]) -> str:
        return "  ".join(c if i == last else f"{c:<{widths[i]}}" for i, c in enumerate(cells)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])
