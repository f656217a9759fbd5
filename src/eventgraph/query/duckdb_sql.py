"""Query ASTs as SQL over the Parquet tables: the same meaning as the in-memory engine.

Names are read by the in-memory engine's own resolvers (``resolve_actors``,
``resolve_entity``, ``resolve_document``) over the small names graph, so a name, an
office held on each fact's date or a body's people stands for the same entities; the
filters become SQL conditions on one row of ``claim_facts``, ``meeting_facts`` or
``documents`` (alias ``n``). Every condition is true or false, never null, so ``not``
keeps what the in-memory engine keeps, and undated facts are handled as it handles them:
a date filter is false for them, and true when counting the undated it left out.

Forms whose meaning rests on text matching or on graph walks are refused with
``UnsupportedQueryError`` naming the form (see ``UNSUPPORTED``), never answered
approximately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from eventgraph.model import DateInterval, NodeKind
from eventgraph.query import ast
from eventgraph.query.actors import Actors, Holding, resolve_actors
from eventgraph.query.duckdb_tables import ParquetGraph
from eventgraph.query.errors import UnknownNameError, UnsupportedQueryError
from eventgraph.query.lexicon import Lexicon
from eventgraph.query.predicates import Readings
from eventgraph.query.resolve import ACTORS, ENTITIES, LOCATIONS, find_named, resolve_document, resolve_entity

__all__ = ["FAMILIES", "UNSUPPORTED", "Translator", "literal"]

FAMILIES = {"claims": "claim_facts", "quotes": "claim_facts", "meetings": "meeting_facts", "documents": "documents"}
"""The subjects the engine answers, and the view each ranges over."""

UNSUPPORTED = {
    "about": "`about` matches topics, their terms and word stems in the text",
    "mentioning": "`mentioning` matches words in the text and the places of mentions",
    "quoting": "`quoting` matches words in the text",
    "claims with": "`with` on statements looks for names inside each sentence",
    "claims without": "`without` on statements looks for names inside each sentence",
    "subquery": "a nested query",
    "subject": "people, organisations, countries, places, actors and topics as the subject",
    "statement": "`who met`, `who said`, `who met whom` and `path`",
    "group": "counting by topic, place, participant, or by two keys",
}
"""What the duckdb engine refuses, and why each is left to the in-memory engine."""

_FORMS = {"quote": "quote", "quotes": "quote", "quoted": "quote", "direct": "quote"}
_FORMS |= {"reported": "reported", "report": "reported", "indirect": "reported"}
_STATUSES = {"scheduled": "scheduled", "planned": "scheduled", "upcoming": "scheduled", "held": "held", "past": "held"}


def literal(value: object) -> str:
    """A SQL literal for a string, a day, a whole number or None."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _in(column: str, values: Iterable[str]) -> str:
    listed = sorted(set(values))
    if not listed:
        return "FALSE"
    return f"COALESCE({column} IN ({', '.join(literal(v) for v in listed)}), FALSE)"


def refuse(form: str, position: int, detail: str | None = None) -> UnsupportedQueryError:
    """The error for a form the engine does not translate, naming it."""
    why = detail or UNSUPPORTED[form]
    return UnsupportedQueryError(
        f"the duckdb engine does not answer this form: {why}",
        position=position,
        hint="run it on a saved graph (without --engine duckdb); docs/scale-out.md lists the forms the engine answers",
    )


@attrs.define
class Translator:
    """Turns one query's filters into SQL conditions over one subject's view."""

    tables: ParquetGraph
    subject: str
    lexicon: Lexicon
    readings: Readings = attrs.Factory(Readings)
    temporal: list[str] = attrs.Factory(list)  # "the date this filter reads is missing", one per date filter

    @property
    def family(self) -> str:
        return "documents" if self.subject == "documents" else "meetings" if self.subject == "meetings" else "claims"

    def domain(self) -> str:
        """The condition every row of the subject meets (quotes are claims of form quote)."""
        return "n.form = 'quote'" if self.subject == "quotes" else "TRUE"

    def condition(self, node: object, undated_ok: bool = False, alias: str = "n") -> str:
        """The SQL condition a filter means; date filters are ``undated_ok`` for undated rows."""
        if isinstance(node, ast.And):
            return "(" + " AND ".join(self.condition(i, undated_ok, alias) for i in node.items) + ")"
        if isinstance(node, ast.Or):
            return "(" + " OR ".join(self.condition(i, undated_ok, alias) for i in node.items) + ")"
        if isinstance(node, ast.Not):
            return f"(NOT {self.condition(node.item, undated_ok, alias)})"
        if isinstance(node, ast.Temporal):
            return self._when(node, node.op, node.date.interval(), node.clock, undated_ok, alias)
        if isinstance(node, ast.Between):
            span = DateInterval(node.start.interval().start, node.end.interval().end)
            return self._when(node, "between", span, node.clock, undated_ok, alias)
        if isinstance(node, ast.Undated):
            self._check_clock(node.clock, node.pos, "undated")
            start, _ = self._dates(node.clock, alias)
            return f"({start} IS NULL)"
        assert isinstance(node, ast.NameFilter)
        if isinstance(node.name, ast.Subquery):
            raise refuse("subquery", node.name.pos)
        if node.keyword in ("about", "mentioning", "quoting"):
            raise refuse(node.keyword, node.pos)
        method = getattr(self, f"_{self.family}_{node.keyword}", None)
        if method is None:
            if self.family == "claims" and node.keyword in ("with", "without"):
                raise refuse(f"claims {node.keyword}", node.pos)
            raise UnsupportedQueryError(
                f"`{node.keyword}` does not apply to {self.subject}",
                position=node.pos,
                expected=("a filter that applies to " + self.subject,),
            )
        return method(node, alias)

    # -- dates -------------------------------------------------------------------------------------
    def _check_clock(self, clock: str, position: int, keyword: str) -> None:
        if self.family == "documents" and clock == "period":
            raise UnsupportedQueryError(
                "`period` does not apply to documents",
                position=position,
                hint="documents have one date, when they were published: `documents published in 2022`",
                expected=("a filter that applies to documents",),
            )

    def _dates(self, clock: str, alias: str) -> tuple[str, str]:
        """The columns of the interval a date filter reads (``date_of`` in the in-memory engine)."""
        if self.family == "documents":
            return f"{alias}.published_start", f"{alias}.published_end"
        if clock == "published":
            return f"{alias}.pub_start", f"{alias}.pub_end"
        if clock == "period":
            return f"{alias}.period_start", f"{alias}.period_end"
        return f"{alias}.date_start", f"{alias}.date_end"

    def _when(self, node: object, op: str, span: DateInterval, clock: str, undated_ok: bool, alias: str) -> str:
        self._check_clock(clock, node.pos, op)  # type: ignore[attr-defined]
        start, end = self._dates(clock, alias)
        rule = op if op in ("before", "after", "since", "until") else "overlaps"
        test = {
            "before": f"{end} < {literal(span.start)}",
            "after": f"{start} > {literal(span.end)}",
            "since": f"{start} >= {literal(span.start)}",
            "until": f"{end} <= {literal(span.end)}",
            "overlaps": f"({start} <= {literal(span.end)} AND {literal(span.start)} <= {end})",
        }[rule]
        missing = f"{start} IS NULL"
        if missing not in self.temporal:
            self.temporal.append(missing)
        return f"COALESCE({test}, {literal(undated_ok)})"

    # -- who: actors, on each fact's date ------------------------------------------------------
    def _actors(self, name: ast.Name) -> Actors:
        return resolve_actors(self.tables.names, name, self.lexicon, self.readings.notes)

    def _admits(self, actors: Actors, entity: str, alias: str) -> str:
        """SQL for ``actors.admits(entity, fact_date, document)`` on the fact row ``alias``."""
        parts = [_in(entity, actors.always)] if actors.always else []
        day_start = f"COALESCE({alias}.date_start, {alias}.pub_start)"
        day_end = f"CASE WHEN {alias}.date_start IS NULL THEN {alias}.pub_end ELSE {alias}.date_end END"
        for holding in actors.holdings:
            parts.append(
                f"({entity} = {literal(holding.entity)} AND {self._holds(holding, alias, day_start, day_end)})"
            )
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"

    @staticmethod
    def _holds(holding: Holding, alias: str, day_start: str, day_end: str) -> str:
        by_document = _in(f"{alias}.document", holding.documents)
        if not holding.dated:
            return by_document
        bounds = [f"{day_start} IS NOT NULL"]
        if holding.start is not None:
            bounds.append(f"{literal(holding.start)} <= {day_end}")
        if holding.end is not None:
            bounds.append(f"{day_start} <= {literal(holding.end)}")
        return f"({by_document} OR COALESCE({' AND '.join(bounds)}, FALSE))"

    def _said_by(self, name: ast.Name, alias: str) -> str:
        actors = self._actors(name)
        return f"COALESCE({alias}.speaker IS NOT NULL AND {self._admits(actors, f'{alias}.speaker', alias)}, FALSE)"

    # -- claims --------------------------------------------------------------------------------
    def _claims_by(self, node: ast.By, alias: str) -> str:
        return self._said_by(node.name, alias)  # type: ignore[arg-type]

    def _claims_in(self, node: ast.In, alias: str) -> str:
        kinds = frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY})
        group = resolve_entity(self.tables.names, node.name, kinds, self.lexicon, self.readings.notes)  # type: ignore[arg-type]
        speakers = {group.id} | self.tables.names.index.members.get(group.id, set())
        return _in(f"{alias}.speaker", speakers)

    def _claims_form(self, node: ast.Form, alias: str) -> str:
        value = _FORMS.get(node.name.text.strip().lower())  # type: ignore[union-attr]
        if value is None:
            raise UnknownNameError(
                f"no claim form {node.name.text!r}; a claim is a `quote` or `reported`",  # type: ignore[union-attr]
                position=node.name.pos,
                hint="`claims form quote` are direct quotations, `claims form reported` reported speech",
                expected=("quote or reported",),
            )
        return f"({alias}.form = {literal(value)})"

    def _claims_from(self, node: ast.From, alias: str) -> str:
        return self._from(node, alias, ast.By)

    # -- meetings --------------------------------------------------------------------------------
    def _meetings_with(self, node: ast.With, alias: str) -> str:
        actors = self._actors(node.name)  # type: ignore[arg-type]
        if actors.exact:  # the same parties on every date: the meeting's own list says
            listed = ", ".join(literal(a) for a in sorted(actors.always))
            return f"COALESCE(list_has_any({alias}.participants, [{listed}]::VARCHAR[]), FALSE)"
        return (
            f"EXISTS (SELECT 1 FROM edges p WHERE p.kind = 'participant' AND p.target = {alias}.id "
            f"AND {self._admits(actors, 'p.source', alias)})"
        )

    def _meetings_without(self, node: ast.Without, alias: str) -> str:
        return f"(NOT {self._meetings_with(ast.With(node.name, pos=node.pos), alias)})"

    def _meetings_in(self, node: ast.In, alias: str) -> str:
        place = resolve_entity(self.tables.names, node.name, LOCATIONS, self.lexicon, self.readings.notes)  # type: ignore[arg-type]
        places = self.tables.names.index.places_within(place.id)
        return (
            f"EXISTS (SELECT 1 FROM edges h WHERE h.kind = 'held_in' AND h.source = {alias}.id "
            f"AND {_in('h.target', places)})"
        )

    def _meetings_of(self, node: ast.Of, alias: str) -> str:
        kinds = frozenset({NodeKind.ORGANISATION})
        body = resolve_entity(self.tables.names, node.name, kinds, self.lexicon, self.readings.notes)  # type: ignore[arg-type]
        return (
            f"EXISTS (SELECT 1 FROM edges o WHERE o.kind = 'convened_by' AND o.source = {alias}.id "
            f"AND o.target = {literal(body.id)})"
        )

    def _meetings_status(self, node: ast.Status, alias: str) -> str:
        written = node.name.text.strip().lower()  # type: ignore[union-attr]
        value = _STATUSES.get(written, written)
        known = sorted(r[0] for r in self.tables.rows("SELECT DISTINCT status FROM meetings"))
        if value not in known and value not in _STATUSES.values():
            raise UnknownNameError(
                f"no meeting status {node.name.text!r}; the graph's meetings are {', '.join(known) or 'none'}",  # type: ignore[union-attr]
                position=node.name.pos,
                hint="`meetings status held`, `meetings status scheduled` (or `scheduled meetings`)",
                expected=("a meeting status",),
            )
        return f"({alias}.status = {literal(value)})"

    def _meetings_type(self, node: ast.Type, alias: str) -> str:
        written = node.name.text.strip()  # type: ignore[union-attr]
        known = sorted(r[0] for r in self.tables.rows("SELECT DISTINCT type FROM meetings"))
        kinds = self.lexicon.meeting_types(written) | {k for k in known if k.lower() == written.lower()}
        if not kinds:
            raise UnknownNameError(
                f"no meeting type {written!r}; the graph's meetings are of type {', '.join(known) or 'none'}",
                position=node.name.pos,
                hint="`meetings type call`, `meetings type talks`, or the nouns: `calls`, `talks`, `summits`, `visits`",
                expected=("a meeting type",),
            )
        return _in(f"{alias}.type", kinds)

    def _meetings_from(self, node: ast.From, alias: str) -> str:
        return self._from(node, alias, ast.With)

    # -- documents -------------------------------------------------------------------------------
    def _documents_by(self, node: ast.By, alias: str) -> str:
        said = self._said_by(node.name, "c")  # type: ignore[arg-type]
        return f"EXISTS (SELECT 1 FROM claim_facts c WHERE c.document = {alias}.id AND {said})"

    def _documents_with(self, node: ast.With, alias: str) -> str:
        entity = resolve_entity(self.tables.names, node.name, ENTITIES, self.lexicon, self.readings.notes)  # type: ignore[arg-type]
        return (
            f"EXISTS (SELECT 1 FROM edges m WHERE m.kind = 'mentions' AND m.source = {alias}.id "
            f"AND m.target = {literal(entity.id)})"
        )

    def _documents_without(self, node: ast.Without, alias: str) -> str:
        return f"(NOT {self._documents_with(ast.With(node.name, pos=node.pos), alias)})"

    def _documents_from(self, node: ast.From, alias: str) -> str:
        document = resolve_document(self.tables.documents_like(node.name.text), node.name)  # type: ignore[arg-type]
        return f"({alias}.id = {literal(document.id)})"

    # -- from: a document, or an actor when no document has the name ------------------------------
    def _from(self, node: ast.From, alias: str, actor_filter: type[ast.NameFilter]) -> str:
        assert isinstance(node.name, ast.Name)
        try:
            document = resolve_document(self.tables.documents_like(node.name.text), node.name)
        except UnknownNameError:
            if not find_named(self.tables.names, node.name.text, ACTORS, self.lexicon).entities:
                raise
            return self.condition(self.readings.from_as_actor(node, actor_filter), alias=alias)
        return f"({alias}.document = {literal(document.id)})"
