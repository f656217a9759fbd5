"""Gold annotation files (format ``eventgraph-gold/1``): read, checked against the schema, as values.

A gold file records what a careful analyst extracts from a corpus. Reading one checks
it against ``gold.schema.json`` (shipped with the package) and that its dates are
intervals, and reports every problem with its line and JSON path, so a hand-edited
file says where it went wrong. ``GoldSet.to_json`` writes the same format back.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from eventgraph.errors import GoldError
from eventgraph.evaluation.positions import line_of, render_path, value_lines

__all__ = [
    "ENTITY_KINDS",
    "FORMAT",
    "Answer",
    "GoldClaim",
    "GoldDocument",
    "GoldEntity",
    "GoldMeeting",
    "GoldProblem",
    "GoldQuery",
    "GoldSet",
    "Interval",
    "Unscored",
    "load_gold",
    "read_gold",
    "schema",
]

FORMAT = "eventgraph-gold/1"
ENTITY_KINDS = ("person", "organisation", "country", "place")
"""The entity kinds a gold file lists, in the order the graph's listings are read."""


@attrs.frozen
class GoldProblem:
    """One thing wrong with a gold file, with where: its line (when known) and JSON path."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}"


@attrs.frozen
class Interval:
    """Days from ``start`` to ``end``, both included, as the gold file writes them."""

    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@attrs.frozen
class GoldDocument:
    """A document of the corpus: its key in the gold file, its file under the corpus folder."""

    key: str
    file: str
    published: dt.date | None = None
    notes: str = ""


@attrs.frozen
class GoldEntity:
    """A person, organisation, country or place, with every name the corpus uses for it."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    notes: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias: the forms a predicted entity may be known by."""
        return (self.name, *self.aliases)


@attrs.frozen
class GoldMeeting:
    """A meeting the text reports as held or scheduled, found by its evidence."""

    doc: str
    participants: tuple[str, ...]
    evidence: str
    organisations: tuple[str, ...] = ()
    place: str | None = None
    date: Interval | None = None
    notes: str = ""


@attrs.frozen
class GoldClaim:
    """A statement attributed to a speaker, found by its evidence (words inside its content)."""

    doc: str
    speaker: str
    form: str
    evidence: str
    date: Interval | None = None
    topics: tuple[str, ...] = ()
    notes: str = ""


@attrs.frozen
class Unscored:
    """A statement the text makes that the gold does not score (an unnamed group's, a question)."""

    doc: str
    evidence: str
    why: str = ""


@attrs.frozen
class Answer:
    """A gold claim or meeting that answers a query, found by document and evidence."""

    doc: str
    evidence: str
    speaker: str | None = None
    participants: tuple[str, ...] = ()


@attrs.frozen
class GoldQuery:
    """A question in the query language and the gold claims or meetings that answer it."""

    q: str
    expect: tuple[Answer, ...]
    notes: str = ""


@attrs.frozen
class GoldSet:
    """A whole gold file; ``path`` is where it was read from ("" for one built in memory)."""

    documents: tuple[GoldDocument, ...]
    entities: tuple[GoldEntity, ...]
    meetings: tuple[GoldMeeting, ...]
    claims: tuple[GoldClaim, ...]
    queries: tuple[GoldQuery, ...] = ()
    unscored: tuple[Unscored, ...] = ()
    corpus: str = ""
    notes: str = ""
    path: str = attrs.field(default="", eq=False)

    def entity(self, entity_id: str) -> GoldEntity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def document(self, key: str) -> GoldDocument | None:
        return next((d for d in self.documents if d.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON structure, fields in the order the format documents them."""
        out: dict[str, Any] = {"schema": FORMAT}
        if self.corpus:
            out["corpus"] = self.corpus
        if self.notes:
            out["notes"] = self.notes
        out["documents"] = {
            d.key: _drop_empty(
                {"file": d.file, "published": d.published.isoformat() if d.published else None, "notes": d.notes},
                keep=("published",),
            )
            for d in self.documents
        }
        out["entities"] = [
            _drop_empty(
                {
                    "id": e.id,
                    "kind": e.kind,
                    "name": e.name,
                    "aliases": list(e.aliases),
                    "docs": list(e.docs),
                    "notes": e.notes,
                },
                keep=("aliases", "docs"),
            )
            for e in self.entities
        ]
        out["meetings"] = [
            _drop_empty(
                {
                    "doc": m.doc,
                    "participants": list(m.participants),
                    "organisations": list(m.organisations),
                    "place": m.place,
                    "date": _interval(m.date),
                    "evidence": m.evidence,
                    "notes": m.notes,
                },
                keep=("participants", "organisations", "place", "date"),
            )
            for m in self.meetings
        ]
        out["claims"] = [
            _drop_empty(
                {
                    "doc": c.doc,
                    "speaker": c.speaker,
                    "form": c.form,
                    "evidence": c.evidence,
                    "date": _interval(c.date),
                    "topics": list(c.topics),
                    "notes": c.notes,
                },
                keep=("date", "topics"),
            )
            for c in self.claims
        ]
        out["ignore_claims"] = [
            _drop_empty({"doc": u.doc, "evidence": u.evidence, "why": u.why}) for u in self.unscored
        ]
        out["queries"] = [
            _drop_empty(
                {
                    "q": q.q,
                    "expect": [
                        _drop_empty(
                            {
                                "doc": a.doc,
                                "speaker": a.speaker,
                                "participants": list(a.participants),
                                "evidence": a.evidence,
                            }
                        )
                        for a in q.expect
                    ],
                    "notes": q.notes,
                },
                keep=("expect",),
            )
            for q in self.queries
        ]
        return out

    def to_json(self) -> str:
        """The gold file's text: indented JSON, non-ASCII characters as they are."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _drop_empty(fields: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k in keep or v not in (None, "", [])}


def _interval(value: Interval | None) -> dict[str, str] | None:
    return value.to_dict() if value else None


@functools.cache
def schema() -> dict[str, Any]:
    """The JSON schema of the gold format, as shipped in the package."""
    text = resources.files("eventgraph.evaluation").joinpath("gold.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_gold(path: str | os.PathLike[str]) -> GoldSet:
    """Read and check a gold file; ``GoldError`` lists every problem with its line and path."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(name, [GoldProblem(name, "$", "no such file")]) from None
    except IsADirectoryError:
        raise GoldError(name, [GoldProblem(name, "$", "is a folder, not a gold file")]) from None
    except UnicodeDecodeError as exc:
        raise GoldError(name, [GoldProblem(name, "$", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise GoldError(name, [GoldProblem(name, "$", f"cannot be read ({exc.strerror or exc})")]) from None
    return read_gold(text, name)


def read_gold(text: str, name: str = "<gold>") -> GoldSet:
    """A gold set from the text of a gold file; ``name`` is what problems call the file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = GoldProblem(name, "$", f"not JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        raise GoldError(name, [problem]) from None
    except RecursionError:
        raise GoldError(name, [GoldProblem(name, "$", "not a gold file: nested too deeply")]) from None
    problems = _schema_problems(data, name, text)
    if problems:
        raise GoldError(name, problems)
    return _build(data, name)


def _schema_problems(data: Any, name: str, text: str) -> list[GoldProblem]:
    """Every place the data breaks the schema, and every interval that ends before it starts."""
    import jsonschema  # only reading a gold file needs it

    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    found: dict[tuple[Any, ...], list[str]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "format" and path in found:
            continue  # the pattern said it already
        message = _message(error)
        message = message if len(message) <= 200 else message[:199] + "…"
        if message not in found.get(path, []):
            found.setdefault(path, []).append(message)
    for path, interval in _intervals(data):
        if not any(known[: len(path)] == path for known in found) and interval["start"] > interval["end"]:
            found[path] = [f"starts after it ends ({interval['start']} > {interval['end']})"]
    if not found:
        return []
    lines = value_lines(text)
    problems = [
        GoldProblem(name, render_path(path), message, line_of(lines, path))
        for path, messages in found.items()
        for message in messages
    ]
    return sorted(problems, key=lambda p: (p.line or 0, p.path))


def _message(error: Any) -> str:
    """A schema error in words a person editing the file can act on."""
    rule, value, instance = error.validator, error.validator_value, error.instance
    if rule == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field(s) not in the format")
    if rule == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        return f"must be {'an' if wanted[0] in 'aeiou' else 'a'} {wanted}, not {_json_type(instance)}"
    if rule == "enum":
        return f"{_shown(instance)} is not one of {', '.join(map(repr, value))}"
    if rule == "format" and value == "date":
        return f"{_shown(instance)} is not a real day (YYYY-MM-DD)"
    if rule == "pattern" and "[0-9]{4}" in str(value):
        return f"{_shown(instance)} is not a day written YYYY-MM-DD"
    if rule == "pattern" and str(value) == "^\\S+$":
        return f"{_shown(instance)} is not an id (an id has no spaces)"
    if rule in ("pattern", "minLength") and isinstance(instance, str):
        return "is blank"
    if rule == "const":
        return f"must be {value!r}, not {_shown(instance)}"
    return error.message


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


def _intervals(data: Any) -> list[tuple[tuple[Any, ...], dict[str, str]]]:
    """The dates of meetings and claims that are intervals of two strings (the schema judges the rest)."""
    out = []
    for section in ("meetings", "claims"):
        items = data.get(section) if isinstance(data, dict) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            date = item.get("date") if isinstance(item, dict) else None
            if isinstance(date, dict) and isinstance(date.get("start"), str) and isinstance(date.get("end"), str):
                out.append(((section, index, "date"), date))
    return out


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _span(value: Mapping[str, str] | None) -> Interval | None:
    return Interval(dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])) if value else None


def _build(data: Mapping[str, Any], name: str) -> GoldSet:
    unscored = [*data.get("ignore_claims", []), *data.get("skipped_attributions", [])]
    return GoldSet(
        documents=tuple(
            GoldDocument(key, d["file"], _day(d.get("published")), d.get("notes", ""))
            for key, d in data["documents"].items()
        ),
        entities=tuple(
            GoldEntity(
                e["id"], e["kind"], e["name"], tuple(e.get("aliases", ())), tuple(e.get("docs", ())), e.get("notes", "")
            )
            for e in data["entities"]
        ),
        meetings=tuple(
            GoldMeeting(
                m["doc"],
                tuple(m["participants"]),
                m["evidence"],
                tuple(m.get("organisations", ())),
                m.get("place"),
                _span(m.get("date")),
                m.get("notes", ""),
            )
            for m in data["meetings"]
        ),
        claims=tuple(
            GoldClaim(
                c["doc"],
                c["speaker"],
                c["form"],
                c["evidence"],
                _span(c.get("date")),
                tuple(c.get("topics", ())),
                c.get("notes", ""),
            )
            for c in data["claims"]
        ),
        queries=tuple(
            GoldQuery(
                q["q"],
                tuple(
                    Answer(a["doc"], a["evidence"], a.get("speaker"), tuple(a.get("participants", ())))
                    for a in q["expect"]
                ),
                q.get("notes", ""),
            )
            for q in data.get("queries", [])
        ),
        unscored=tuple(Unscored(u["doc"], u["evidence"], u.get("why") or u.get("notes", "")) for u in unscored),
        corpus=data.get("corpus", ""),
        notes=data.get("notes", ""),
        path=name,
    )
