"""An evaluation report as one self-contained HTML page: no scripts, no fetched resources.

Every piece of text that comes from a document, a gold file or a query is escaped, so
a page built from any corpus shows that text and never runs or loads anything.
"""

from __future__ import annotations

from html import escape

from eventgraph.evaluation.report import FINDING_KINDS, Finding, LayerScore, Report

__all__ = ["render"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 75em; padding: 0 1em; color: #1b1b1b; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #e4e4e4; }
th { background: #f3f3f3; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; height: .7em; background: #4a7bb7; margin-right: .4em; vertical-align: middle; }
tr.miss td.kind { color: #a33; } tr.false-positive td.kind { color: #a60; }
tr.wrong td.kind { color: #636; } tr.duplicate td.kind { color: #555; }
td.text { white-space: pre-wrap; }
p.note { color: #555; }
"""


def render(report: Report) -> str:
    """The page: the score of each layer, each query's answer, and every finding by layer."""
    title = f"eventgraph evaluation: {report.gold or 'gold'}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>Evaluation</h1>",
        f'<p class="note">gold file <code>{escape(report.gold)}</code>'
        + (f", corpus <code>{escape(report.corpus)}</code>" if report.corpus else "")
        + f"; {len(report.findings)} finding(s)</p>",
        _scores(report),
    ]
    if report.queries:
        parts.append(_queries(report))
    for layer in report.layers:
        parts.append(_findings(layer, report.findings_of(layer.name)))
    if report.errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in report.errors)
        parts.append(f'<section id="errors"><h2>Errors</h2><ul>{items}</ul></section>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _number(value: float | None) -> str:
    return '<td class="number"></td>' if value is None else f'<td class="number">{value:.2f}</td>'


def _scores(report: Report) -> str:
    rows = []
    for layer in report.layers:
        counts = {kind: len(report.findings_of(layer.name, kind)) for kind in FINDING_KINDS}
        shown = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "none"
        notes = ", ".join(f"{k}: {v}" for k, v in layer.details.items()) + (" (averaged)" if layer.averaged else "")
        rows.append(
            "<tr>"
            f'<td><a href="#layer-{layer.name}">{escape(layer.name)}</a></td>'
            + _number(layer.precision)
            + _number(layer.recall)
            + f'<td class="number"><span class="bar" style="width: {round(layer.f1 * 6, 2)}em"></span>'
            f"{layer.f1:.2f}</td>"
            + _number(layer.accuracy)
            + f'<td class="number">{layer.gold}</td><td class="number">{layer.predicted}</td>'
            f"<td>{escape(shown)}</td><td>{escape(notes)}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("layer", "precision", "recall", "F1", "accuracy", "gold", "predicted", "findings", "notes")
    )
    return (
        '<section id="scores"><h2>Scores</h2>'
        f'<table class="scores"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="note">Accuracy: the share right among the matched items. Averaged layers give the mean '
        "over meetings or queries.</p></section>"
    )


def _queries(report: Report) -> str:
    rows = "".join(
        "<tr>"
        f"<td>{escape(q.q)}</td>"
        f'<td class="number">{q.expected}</td><td class="number">{q.returned}</td>'
        f'<td class="number">{q.correct}</td>' + _number(q.f1) + f"<td>{escape(q.error)}</td></tr>"
        for q in report.queries
    )
    head = "".join(f"<th>{h}</th>" for h in ("query", "expected", "returned", "right", "F1", "error"))
    return (
        '<section id="queries"><h2>Queries</h2>'
        f'<table class="queries"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _findings(layer: LayerScore, findings: list[Finding]) -> str:
    header = f'<section id="layer-{layer.name}"><h2>{escape(layer.name)}</h2>'
    if not findings:
        return header + '<p class="note">no misses and no false positives</p></section>'
    with_query = any(f.query for f in findings)
    columns = ["finding", "document", "text", "expected", "found"] + (["query"] if with_query else [])
    rows = []
    for finding in findings:
        cells = [
            f'<td class="kind">{escape(finding.kind)}</td>',
            f'<td title="{escape(finding.file)}">{escape(finding.doc)}</td>',
            f'<td class="text">{escape(finding.text)}</td>',
            f"<td>{escape(finding.expected)}</td>",
            f"<td>{escape(finding.found)}</td>",
        ]
        if with_query:
            cells.append(f"<td>{escape(finding.query)}</td>")
        rows.append(f'<tr class="{finding.kind.replace(" ", "-")}">{"".join(cells)}</tr>')
    head = "".join(f"<th>{c}</th>" for c in columns)
    return (
        header + f'<table class="findings" data-layer="{escape(layer.name)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )
