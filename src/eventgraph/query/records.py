"""Result rows as flat records: one scalar or list per column, for pandas and spreadsheets.

The JSON rows nest (a speaker is ``{id, name, kind}``, a date ``{start, end, how}``);
``pd.DataFrame(result.rows)`` would give columns of dicts. A record spreads each nested
value over named columns: ``speaker``, ``speaker_id``, ``speaker_kind``; ``date_start``,
``date_end`` (``datetime.date``), ``date_how``; ``document`` (its path), ``document_id``,
``document_title``; spans as ``span_start``/``span_end``. Lists of actors become a list of
names and a list of ids. Unknown columns pass through unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["DATE_COLUMNS", "INTEGER_COLUMNS", "record", "record_columns"]

_INTERVALS = ("date", "published")
_REFERENCES = ("speaker", "place", "from", "to")
_REFERENCE_LISTS = ("participants", "organisations", "about")
_SPANS = {"span": "span", "sentence_span": "sentence"}


def _expand(column: str) -> list[str]:
    if column in _INTERVALS:
        return [f"{column}_start", f"{column}_end", f"{column}_how"]
    if column in _REFERENCES:
        return [column, f"{column}_id", f"{column}_kind"]
    if column in _REFERENCE_LISTS:
        return [column, f"{column}_ids"]
    if column == "document":
        return ["document", "document_id", "document_title"]
    if column in _SPANS:
        return [f"{_SPANS[column]}_start", f"{_SPANS[column]}_end"]
    if column == "via":
        return ["via_kind", "via_id", "via_text"]
    return [column]


DATE_COLUMNS = frozenset(f"{c}_{end}" for c in _INTERVALS for end in ("start", "end"))
"""Record columns that hold a ``datetime.date`` (or None)."""

INTEGER_COLUMNS = frozenset({"span_start", "span_end", "sentence_start", "sentence_end", "count", "step", "claims"})
"""Record columns that hold a whole number (or None)."""


def record_columns(columns: list[str]) -> list[str]:
    """The record's columns for rows with these JSON columns, in order."""
    return [name for column in columns for name in _expand(column)]


def record(row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """One row as a flat record with exactly ``record_columns(columns)`` keys."""
    out: dict[str, Any] = {}
    for column in columns:
        value = row.get(column)
        if column in _INTERVALS:
            value = value or {}
            out[f"{column}_start"] = _day(value.get("start"))
            out[f"{column}_end"] = _day(value.get("end"))
            out[f"{column}_how"] = value.get("how")
        elif column in _REFERENCES:
            value = value or {}
            out[column], out[f"{column}_id"], out[f"{column}_kind"] = (
                value.get("name"),
                value.get("id"),
                value.get("kind"),
            )
        elif column in _REFERENCE_LISTS:
            value = value or []
            out[column] = [v.get("name") for v in value]
            out[f"{column}_ids"] = [v.get("id") for v in value]
        elif column == "document":
            value = value or {}
            out["document"], out["document_id"], out["document_title"] = (
                value.get("path"),
                value.get("id"),
                value.get("title"),
            )
        elif column in _SPANS:
            start, end = value if isinstance(value, list) and len(value) == 2 else (None, None)
            out[f"{_SPANS[column]}_start"], out[f"{_SPANS[column]}_end"] = start, end
        elif column == "via":
            value = value or {}
            out["via_kind"], out["via_id"] = value.get("kind"), value.get("id")
            out["via_text"] = value.get("text") or value.get("path")
        else:
            out[column] = list(value) if isinstance(value, list) else value
    return out


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
