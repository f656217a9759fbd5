"""Scoring predicted rows against a gold set, layer by layer.

The matching rules:

- a gold claim or meeting matches the unused row of its document that holds the largest
  share of its evidence's words, at least half (ties go to the later row);
- a meeting that no row's text matches falls back to the first unused row of its
  document that names two or more of its participants;
- a predicted entity, speaker or participant is the gold entity whose names meet its
  own, or failing that any alias the graph lists for it;
- a predicted claim left unmatched that matches a statement the gold does not score
  (``ignore_claims``) is neither right nor wrong: it leaves the precision count;
- a predicted date is right when it lies inside the gold interval, or both are unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eventgraph.evaluation.gold import ENTITY_KINDS, GoldClaim, GoldMeeting, GoldSet, Interval
from eventgraph.evaluation.predictions import DocumentKeys, Predictions, Resolver
from eventgraph.evaluation.report import LAYERS, Finding, LayerScore, QueryScore, Report
from eventgraph.evaluation.text import MATCH_THRESHOLD, coverage, row_text
from eventgraph.ids import fold

__all__ = ["date_right", "f1", "score"]

Row = Mapping[str, Any]


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _layer(
    name: str,
    right: int,
    predicted: int,
    gold: int,
    *,
    found: int | None = None,
    matched: int | None = None,
    **more: Any,
) -> LayerScore:
    """A layer scored by counting: ``found`` of the ``predicted`` items are right (default ``right``),
    ``right`` of the ``gold`` items were found, and ``matched`` items were paired (for accuracy)."""
    precision = (right if found is None else found) / max(1, predicted)
    recall = right / max(1, gold)
    accuracy = None if matched is None else right / max(1, matched)
    return LayerScore(name, precision, recall, f1(precision, recall), gold, predicted, right, accuracy=accuracy, **more)


def date_right(gold: Interval | None, predicted: Mapping[str, Any] | None) -> bool:
    """Whether a row's date (``{"start", "end"}`` or None) lies inside the gold interval."""
    start = str((predicted or {}).get("start") or "")[:10]
    end = str((predicted or {}).get("end") or "")[:10]
    if gold is None:
        return not (start or end)
    return bool(start and end) and gold.start.isoformat() <= start and end <= gold.end.isoformat()


def score(
    gold: GoldSet, predictions: Predictions, keys: DocumentKeys, *, corpus: str = "", errors: Sequence[str] = ()
) -> Report:
    """The report of ``predictions`` against ``gold``; ``keys`` ties rows to gold documents.

    ``errors`` are problems met before scoring (documents that could not be read) for the
    report to carry along with the queries that failed.
    """
    return _Scoring(gold, predictions, keys).report(corpus, tuple(errors))


class _Scoring:
    def __init__(self, gold: GoldSet, predictions: Predictions, keys: DocumentKeys) -> None:
        self.gold = gold
        self.predictions = predictions
        self.keys = keys
        self.resolver = Resolver(gold, predictions.entities)
        self.names = {e.id: e.name for e in gold.entities}
        self.findings: list[Finding] = []

    def report(self, corpus: str, errors: tuple[str, ...]) -> Report:
        layers = [
            *self.entities(),
            *self.claims(),
            *self.meetings(),
        ]
        queries, query_layer = self.queries()
        layers.append(query_layer)
        return Report(
            gold=self.gold.path,
            corpus=corpus,
            layers=tuple(layers),
            findings=tuple(sorted(self.findings, key=lambda f: LAYERS.index(f.layer))),
            queries=tuple(queries),
            errors=(*errors, *(f"{q!r}: {message}" for q, message in self.predictions.errors.items())),
        )

    # -- helpers ------------------------------------------------------------------------
    def note(self, layer: str, kind: str, doc: str | None, text: str, **more: str) -> None:
        file = ", ".join(self.keys.file(d) for d in (doc or "").split(", ") if d)
        self.findings.append(Finding(layer, kind, doc or "", file, text, **more))

    def name(self, entity_id: str | None) -> str:
        return self.names.get(entity_id or "", entity_id or "none")

    def match(
        self, doc: str, evidence: str, rows: Sequence[Row], docs: Sequence[str | None], used: set[int]
    ) -> int | None:
        """The unused row of ``doc`` holding the largest share of the evidence (ties: the later)."""
        best, best_share = None, MATCH_THRESHOLD
        for i, row in enumerate(rows):
            if i in used or docs[i] != doc:
                continue
            share = coverage(evidence, row_text(row))
            if share >= best_share:
                best, best_share = i, share
        return best

    def row_docs(self, rows: Sequence[Row]) -> list[str | None]:
        return [self.keys.key(row) for row in rows]

    # -- entities and their kinds -------------------------------------------------------------
    def entities(self) -> list[LayerScore]:
        found: dict[str, str] = {}  # gold id -> the kind it was first listed as
        predicted = wrong = duplicates = 0
        for kind in ENTITY_KINDS:
            seen: set[str] = set()
            for row in self.predictions.entities.get(kind, ()):
                predicted += 1
                gold_id = self.resolver.resolve(row)
                docs = ", ".join(sorted(filter(None, (self.keys.of({"id": d}) for d in row.get("documents") or ()))))
                if gold_id is None:
                    wrong += 1
                    self.note("entities", "false positive", docs, str(row.get("name")), found=kind)
                    continue
                if gold_id in seen:
                    duplicates += 1
                    self.note("entities", "duplicate", docs, str(row.get("name")), expected=self.name(gold_id))
                seen.add(gold_id)
                found.setdefault(gold_id, kind)
        wanted = [e for e in self.gold.entities if e.kind in ENTITY_KINDS]
        for entity in wanted:
            if entity.id not in found:
                self.note("entities", "miss", ", ".join(entity.docs), entity.name, expected=entity.kind)
        kinds_right = 0
        for entity in self.gold.entities:
            if entity.id in found:
                if found[entity.id] == entity.kind:
                    kinds_right += 1
                else:
                    self.note(
                        "entity_kinds",
                        "wrong",
                        ", ".join(entity.docs),
                        entity.name,
                        expected=entity.kind,
                        found=found[entity.id],
                    )
        matched = sum(e.id in found for e in wanted)
        return [
            _layer(
                "entities", matched, predicted, len(wanted), found=predicted - wrong, details={"duplicates": duplicates}
            ),
            _layer("entity_kinds", kinds_right, predicted, len(wanted), matched=len(found)),
        ]

    # -- claims, their speakers, dates and topics --------------------------------------------
    def claims(self) -> list[LayerScore]:
        rows = self.predictions.claims
        docs = self.row_docs(rows)
        used: set[int] = set()
        pairs: list[tuple[GoldClaim, Row]] = []
        for claim in self.gold.claims:
            i = self.match(claim.doc, claim.evidence, rows, docs, used)
            if i is None:
                self.note("claims", "miss", claim.doc, claim.evidence, expected=f"said by {self.name(claim.speaker)}")
                continue
            used.add(i)
            pairs.append((claim, rows[i]))
        ignored = 0
        for i, row in enumerate(rows):
            if i in used:
                continue
            if any(
                u.doc == docs[i] and coverage(u.evidence, row_text(row)) >= MATCH_THRESHOLD for u in self.gold.unscored
            ):
                ignored += 1
            else:
                speaker = (row.get("speaker") or {}).get("name") or "no speaker"
                self.note("claims", "false positive", docs[i], str(row.get("text")), found=f"said by {speaker}")
        scored, total = len(rows) - ignored, len(self.gold.claims)
        layers = [_layer("claims", len(used), scored, total, details={"ignored": ignored})]
        right = {"speakers": 0, "claim_dates": 0, "topics": 0}
        for claim, row in pairs:
            text = str(row.get("text"))
            speaker = (row.get("speaker") or {}).get("name") or "no speaker"
            if self.resolver.resolve(row.get("speaker")) == claim.speaker:
                right["speakers"] += 1
            else:
                self.note("speakers", "wrong", claim.doc, text, expected=self.name(claim.speaker), found=speaker)
            if date_right(claim.date, row.get("date")):
                right["claim_dates"] += 1
            else:
                self.note("claim_dates", "wrong", claim.doc, text, expected=_day(claim.date), found=_row_day(row))
            if _topic_hit(claim, row):
                right["topics"] += 1
            else:
                topics = ", ".join(row.get("topics") or ()) or "none"
                self.note("topics", "wrong", claim.doc, text, expected=", ".join(claim.topics), found=topics)
        layers += [_layer(name, n, scored, total, matched=len(pairs)) for name, n in right.items()]
        return layers

    # -- meetings, their participants and dates ----------------------------------------------
    def meetings(self) -> list[LayerScore]:
        rows = self.predictions.meetings
        docs = self.row_docs(rows)
        used: set[int] = set()
        pairs: list[tuple[GoldMeeting, Row]] = []
        for meeting in self.gold.meetings:
            i = self.match(meeting.doc, meeting.evidence, rows, docs, used)
            if i is None:
                i = self.by_participants(meeting, rows, docs, used)
            if i is None:
                who = " + ".join(self.name(p) for p in meeting.participants)
                self.note("meetings", "miss", meeting.doc, meeting.evidence, expected=who)
                continue
            used.add(i)
            pairs.append((meeting, rows[i]))
        for i, row in enumerate(rows):
            if i not in used:
                who = " + ".join(str(p.get("name")) for p in row.get("participants") or ())
                self.note("meetings", "false positive", docs[i], str(row.get("text")), found=who)
        total = len(self.gold.meetings)
        sum_p = sum_r = sum_f = 0.0
        dated = exact = 0
        for meeting, row in pairs:
            got = {self.resolver.resolve(p) for p in row.get("participants") or ()} - {None}
            want = set(meeting.participants)
            hit = len(got & want)
            p, r = hit / max(1, len(got)), hit / max(1, len(want))
            sum_p, sum_r, sum_f, exact = sum_p + p, sum_r + r, sum_f + f1(p, r), exact + (got == want)
            text = str(row.get("text"))
            if want - got:
                missing = ", ".join(self.name(x) for x in sorted(want - got))
                self.note("participants", "miss", meeting.doc, text, expected=missing)
            if got - want:
                extra = ", ".join(self.name(x) for x in sorted(got - want))  # type: ignore[arg-type]
                self.note("participants", "false positive", meeting.doc, text, found=extra)
            if date_right(meeting.date, row.get("date")):
                dated += 1
            else:
                self.note("meeting_dates", "wrong", meeting.doc, text, expected=_day(meeting.date), found=_row_day(row))
        n = max(1, len(pairs))
        averaged = LayerScore(
            "participants", sum_p / n, sum_r / n, sum_f / n, len(pairs), len(pairs), exact, averaged=True
        )
        return [
            _layer("meetings", len(used), len(rows), total),
            averaged,
            _layer("meeting_dates", dated, len(rows), total, matched=len(pairs)),
        ]

    def by_participants(
        self, meeting: GoldMeeting, rows: Sequence[Row], docs: Sequence[str | None], used: set[int]
    ) -> int | None:
        """The first unused row of the meeting's document naming two or more of its participants."""
        for i, row in enumerate(rows):
            if i in used or docs[i] != meeting.doc:
                continue
            named = {self.resolver.resolve(p) for p in row.get("participants") or ()}
            if len(named & set(meeting.participants)) >= 2:
                return i
        return None

    # -- queries ------------------------------------------------------------------------------
    def queries(self) -> tuple[list[QueryScore], LayerScore]:
        scores: list[QueryScore] = []
        for query in self.gold.queries:
            rows = self.predictions.answers.get(query.q, [])
            docs = self.row_docs(rows)
            used: set[int] = set()
            for answer in query.expect:
                i = self.match(answer.doc, answer.evidence, rows, docs, used)
                if i is None:
                    self.note("queries", "miss", answer.doc, answer.evidence, query=query.q)
                else:
                    used.add(i)
            for i, row in enumerate(rows):
                if i not in used:
                    text = row_text(row).strip() or str(row.get("name") or row.get("label") or row.get("id"))
                    self.note("queries", "false positive", docs[i] or "", text, query=query.q)
            hit, expected = len(used), len(query.expect)
            p = hit / len(rows) if rows else float(not expected)
            r = hit / expected if expected else float(not rows)
            error = self.predictions.errors.get(query.q, "")
            scores.append(QueryScore(query.q, expected, len(rows), hit, p, r, f1(p, r), error))
        n = max(1, len(scores))
        layer = LayerScore(
            "queries",
            sum(q.precision for q in scores) / n,
            sum(q.recall for q in scores) / n,
            sum(q.f1 for q in scores) / n,
            sum(q.expected for q in scores),
            sum(q.returned for q in scores),
            sum(q.correct for q in scores),
            averaged=True,
            details={"exact": sum(q.f1 == 1.0 for q in scores), "queries": len(scores)},
        )
        return scores, layer


def _topic_hit(claim: GoldClaim, row: Row) -> bool:
    """Right when the gold lists no topic, or a predicted topic or the row's text has one of them."""
    if not claim.topics:
        return True
    wanted = {fold(t) for t in claim.topics}
    if wanted & {fold(str(t)) for t in row.get("topics") or ()}:
        return True
    text = fold(row_text(row))
    return any(t in text for t in wanted)


def _day(interval: Interval | None) -> str:
    return str(interval) if interval else "undated"


def _row_day(row: Row) -> str:
    date = row.get("date") or {}
    start, end = str(date.get("start") or "")[:10], str(date.get("end") or "")[:10]
    if not (start or end):
        return "undated"
    return start if start == end else f"{start}..{end}"
