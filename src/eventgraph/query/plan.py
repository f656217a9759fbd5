"""Choosing how to run a query: the most selective index first, then checks per candidate.

A query's filter is a conjunction of clauses. Each clause that an index can answer
(``by Lavrov`` -> ``said``, ``in 2022`` -> ``dated_between``, ``with Lavrov`` ->
``participants``...) knows how many ids it admits; the smallest becomes the lookup that
produces the candidates, and the other clauses are checked on each candidate, the more
selective first. With no indexed clause the plan scans the subject's nodes.
"""

from __future__ import annotations

import attrs

from eventgraph.query.predicates import AllOf, Domain, Pred, describe

__all__ = ["Plan", "Step", "make_plan"]


@attrs.define
class Step:
    """One stage of a plan, with the rows it was expected to leave and (once run) did."""

    action: str  # "lookup", "scan" or "check"
    pred: Pred | None
    estimate: int
    actual: int | None = None

    def describe(self) -> str:
        actual = "?" if self.actual is None else str(self.actual)
        if self.action == "scan":
            what = "scan every node of the subject"
        elif self.action == "lookup":
            what = f"lookup {describe(self.pred)}  [index: {self.pred.source}]"  # type: ignore[arg-type,union-attr]
        else:
            via = f"  [index: {self.pred.source}]" if self.pred.source != "scan" else ""  # type: ignore[union-attr]
            what = f"check {describe(self.pred)}{via}"  # type: ignore[arg-type]
        return f"{what}  (estimated {self.estimate} rows, actual {actual})"


@attrs.define
class Plan:
    """The steps that produce a query's matching nodes from one domain."""

    domain: Domain
    pred: Pred | None
    steps: list[Step]

    @property
    def driver(self) -> Step:
        return self.steps[0]

    @property
    def checks(self) -> list[Step]:
        return self.steps[1:]

    def describe(self) -> str:
        head = f"over {self.domain.subject} ({len(self.domain.nodes)} nodes):"
        return "\n".join([head, *(f"  {i}. {s.describe()}" for i, s in enumerate(self.steps, 1))])


def make_plan(pred: Pred | None, domain: Domain) -> Plan:
    """Start from the clause with the smallest index lookup; check the rest per candidate.

    Sizes are the indexes' counts (for a date filter, counted on the sorted dates), so
    planning lists no ids; over claims and meetings a count may include facts outside a
    narrower subject (quotes among claims), an upper bound.
    """
    total = len(domain.nodes)
    clauses = pred.items if isinstance(pred, AllOf) else ([pred] if pred is not None else [])
    sizes: list[int | None] = []
    for clause in clauses:
        size = clause.estimate(domain.columns)
        sizes.append(None if size is None else min(size, total))
    indexed = [i for i, size in enumerate(sizes) if size is not None]
    if indexed:
        first = min(indexed, key=lambda i: (sizes[i], i))
        steps = [Step("lookup", clauses[first], sizes[first])]  # type: ignore[arg-type]
    else:
        first = -1
        steps = [Step("scan", None, total)]
    rest = sorted((i for i in range(len(clauses)) if i != first), key=lambda i: (sizes[i] is None, sizes[i] or 0, i))
    estimate = steps[0].estimate
    for i in rest:
        size = sizes[i]
        estimate = min(estimate, size) if size is not None else estimate
        steps.append(Step("check", clauses[i], estimate))
    return Plan(domain, pred, steps)
