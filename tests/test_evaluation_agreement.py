"""``eventgraph evaluate`` gives the reference scorer's figures (within 0.01) on the seeds, and on
the development set where it lies beside the repository.

Two checks. The rows the reference scorer read when ``tests/data/gold/reference/`` was
written (``python tests/data/gold/refresh.py``) are scored again here and must give its
stored figures and misses: that checks the matching rules whatever the extraction does
now. And where the reference scorer itself is at hand (``$EVENTGRAPH_SCORER``, or
``shared/eval/score.py`` beside the repository), it is run now on the current
extraction and compared with ``evaluate`` on the same corpus.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from data.gold.refresh import EXTERNAL, SETS, scorer

from eventgraph.evaluation import DocumentKeys, Predictions, Report, evaluate, load_gold, score

GOLD = Path(__file__).resolve().parent / "data" / "gold"

TOLERANCE = 0.01

FIGURES = {
    # the reference scorer's (section, figure): this report's (layer, figure)
    ("entities", "precision"): ("entities", "precision"),
    ("entities", "recall"): ("entities", "recall"),
    ("entities", "f1"): ("entities", "f1"),
    ("entities", "kind_accuracy"): ("entity_kinds", "accuracy"),
    ("claims", "precision"): ("claims", "precision"),
    ("claims", "recall"): ("claims", "recall"),
    ("claims", "f1"): ("claims", "f1"),
    ("claims", "speaker_accuracy"): ("speakers", "accuracy"),
    ("claims", "attributed_f1"): ("speakers", "f1"),
    ("claims", "date_accuracy"): ("claim_dates", "accuracy"),
    ("claims", "topic_hit"): ("topics", "accuracy"),
    ("meetings", "precision"): ("meetings", "precision"),
    ("meetings", "recall"): ("meetings", "recall"),
    ("meetings", "f1"): ("meetings", "f1"),
    ("meetings", "participant_f1"): ("participants", "f1"),
    ("meetings", "date_accuracy"): ("meeting_dates", "accuracy"),
    ("queries", "mean_f1"): ("queries", "f1"),
}
COUNTS = {
    ("entities", "duplicates"): ("entities", "duplicates"),
    ("claims", "ignored"): ("claims", "ignored"),
    ("queries", "exact"): ("queries", "exact"),
}


def disagreements(reference: dict[str, Any], report: Report, gold_path: Path) -> list[str]:
    """Every figure, count and miss on which the report differs from the reference scorer's."""
    out = []
    for (section, name), (layer, field) in FIGURES.items():
        mine = getattr(report[layer], field)
        if abs(mine - reference[section][name]) > TOLERANCE:
            out.append(f"{section}.{name}: reference {reference[section][name]:.3f}, evaluate {mine:.3f}")
    for (section, name), (layer, field) in COUNTS.items():
        if report[layer].details[field] != reference[section][name]:
            out.append(
                f"{section}.{name}: reference {reference[section][name]}, evaluate {report[layer].details[field]}"
            )
    gold = load_gold(gold_path)
    missed_entities = sorted(f.text for f in report.findings_of("entities", "miss"))
    spurious = [f"{f.found}:{f.text}" for f in report.findings_of("entities", "false positive")]
    missed_claims = [f"{c.doc} {c.speaker}: {c.evidence[:60]}" for c in gold.claims if _missed(report, "claims", c)]
    missed_meetings = [
        f"{m.doc} {'+'.join(m.participants)}: {m.evidence[:50]}"
        for m in gold.meetings
        if _missed(report, "meetings", m)
    ]
    for label, mine, theirs in (
        ("missed entities", missed_entities, sorted(reference["entities"]["missed"])),
        ("spurious entities", sorted(spurious), sorted(reference["entities"]["spurious"])),
        ("missed claims", sorted(missed_claims), sorted(reference["claims"]["missed"])),
        ("missed meetings", sorted(missed_meetings), sorted(reference["meetings"]["missed"])),
    ):
        if mine != theirs:
            out.append(f"{label}: reference {theirs}, evaluate {mine}")
    return out


def _missed(report: Report, layer: str, item: Any) -> bool:
    return any(f.doc == item.doc and f.text == item.evidence for f in report.findings_of(layer, "miss"))


@pytest.mark.parametrize("name", sorted(SETS))
def test_scoring_the_rows_the_reference_scorer_read_gives_its_figures(name: str) -> None:
    stored = json.loads((GOLD / "reference" / f"{name}.json").read_text(encoding="utf-8"))
    gold_path, corpus = SETS[name]
    gold = load_gold(gold_path)
    predictions = Predictions.from_dict(stored["predictions"])
    assert predictions.claims and predictions.meetings and all(predictions.entities.values())
    report = score(gold, predictions, DocumentKeys(gold, corpus, predictions.documents))
    report = Report(gold_path.name, str(corpus), report.layers, report.findings, report.queries, report.errors)
    assert disagreements(stored["figures"], report, gold_path) == []
    assert len(report.queries) == stored["figures"]["queries"]["total"]
    for mine, theirs in zip(report.queries, stored["figures"]["queries"]["per_query"], strict=True):
        assert (mine.q, mine.expected, mine.returned) == (theirs["q"], theirs["expected"], theirs["returned"])
        assert abs(mine.f1 - theirs["f1"]) <= TOLERANCE, mine.q


@pytest.fixture(scope="module")
def reference_runs() -> dict[str, subprocess.Popen[str]]:
    """The reference scorer started on both gold sets at once (each drives the command line)."""
    score_py = scorer()
    if score_py is None:
        pytest.skip("the reference scorer score.py is not here (set EVENTGRAPH_SCORER to run this)")
    launcher = f"{shlex.quote(sys.executable)} -m eventgraph"
    runs = {
        name: subprocess.Popen(
            [sys.executable, str(score_py), str(gold), str(corpus), "--json", "--eventgraph", launcher],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (gold, corpus) in {**SETS, **EXTERNAL}.items()
    }
    yield runs
    for run in runs.values():
        if run.poll() is None:
            run.kill()
            run.wait()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted({*SETS, "dev"}))
def test_evaluate_agrees_with_the_reference_scorer_run_now(
    name: str, reference_runs: dict[str, subprocess.Popen[str]]
) -> None:
    if name not in {**SETS, **EXTERNAL}:
        pytest.skip(f"the {name} gold set is not beside the repository")
    gold, corpus = {**SETS, **EXTERNAL}[name]
    report = evaluate(gold, corpus)
    run = reference_runs[name]
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr[-2000:]
    reference = json.loads(stdout[: stdout.rindex("\nSUMMARY ")])
    assert reference["errors"] == []
    report = Report(gold.name, str(corpus), report.layers, report.findings, report.queries, report.errors)
    assert disagreements(reference, report, gold) == []
