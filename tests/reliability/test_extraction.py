"""A document whose extraction fails is reported by name and leaves no trace in the graph.

Real corpus documents go through the real pipeline; one of them is poisoned: a stage
raises on it (in this process, then in a worker process), kills its worker process
outright, or returns facts that cannot join the graph. Each time the batch must finish,
the poisoned document must be named in the report, and the graph must be exactly the
graph of the other documents: nothing half added, nothing orphaned, every invariant kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import eventgraph.extract.document as document_stage
import eventgraph.ingest as ingest_module
from eventgraph import Claim, Edge, EventGraph, IngestError, Span, Topic
from eventgraph.ingest import ingest, ingest_documents
from eventgraph.io import make_document
from eventgraph.model import Document

from .support import CORPUS, assert_clean

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 1)
GOOD = ["000_a578131154f69ca9.txt", "002_ec23acfeabae9f78.txt", "004_be10287c07096ca6.txt"]
POISON = "Zyxwvut"  # the word that makes the patched stage fail
PARENT = os.getpid()


def _good() -> list[Document]:
    return [make_document(str(CORPUS / name), (CORPUS / name).read_text()) for name in GOOD]


def _poisoned() -> Document:
    """A real report with the poison word in it, sorted between the good ones."""
    text = (CORPUS / "003_4ba1c61a50a83e94.txt").read_text().replace("Last week,", f"Last week, as {POISON} noted,", 1)
    return make_document(str(CORPUS / "001_poisoned.txt"), text)


@functools.cache
def _clean_graph() -> EventGraph:
    graph, added, failures = ingest_documents(_good(), workers=1, today=TODAY)
    assert len(added) == 3 and failures == []
    return graph


def _poison_stage(monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]) -> None:
    """Make the meetings stage call ``act`` on the poisoned document (after the earlier stages ran)."""
    real = document_stage.extract_meetings

    def stage(text: str, *args: Any, **kwargs: Any) -> Any:
        if POISON in text:
            act()
        return real(text, *args, **kwargs)

    monkeypatch.setattr(document_stage, "extract_meetings", stage)


def _raise() -> None:
    raise RuntimeError("the meetings stage broke")


def _die() -> None:
    if os.getpid() == PARENT:  # never kill the test run itself
        raise AssertionError("expected to run in a worker process")
    os.kill(os.getpid(), signal.SIGKILL)


def _assert_left_no_trace(graph: EventGraph, poisoned: Document) -> None:
    assert poisoned.id not in graph
    assert not [n for n in graph.nodes() if getattr(n, "document", None) == poisoned.id]
    assert not [e for e in graph.edges() if poisoned.id in e.documents]
    assert graph.validate() == []
    assert graph == _clean_graph()  # exactly the graph of the other documents


def _needs_fork() -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the poisoned stage reaches worker processes by fork; this platform spawns them")


def test_a_stage_failing_in_this_process_is_reported_and_leaves_no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_graph()
    _poison_stage(monkeypatch, _raise)
    poisoned = _poisoned()
    graph, added, failures = ingest_documents([*_good(), poisoned], workers=1, today=TODAY)
    assert sorted(added) == sorted(d.path for d in _good())
    assert len(failures) == 1
    path, reason = failures[0]
    assert path == poisoned.path
    assert reason.startswith("extraction failed: RuntimeError: the meetings stage broke (test_extraction.py:")
    _assert_left_no_trace(graph, poisoned)


def test_a_stage_failing_in_a_worker_process_is_reported_and_leaves_no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_fork()
    _clean_graph()
    _poison_stage(monkeypatch, _raise)
    poisoned = _poisoned()
    graph, added, failures = ingest_documents([*_good(), poisoned], workers=2, today=TODAY)
    assert sorted(added) == sorted(d.path for d in _good())
    assert [(p, r.split(" (")[0]) for p, r in failures] == [
        (poisoned.path, "extraction failed: RuntimeError: the meetings stage broke")
    ]
    _assert_left_no_trace(graph, poisoned)


def test_a_worker_process_killed_by_a_document_is_reported_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _needs_fork()
    _clean_graph()
    _poison_stage(monkeypatch, _die)
    poisoned = _poisoned()
    graph, added, failures = ingest_documents([*_good(), poisoned], workers=2, today=TODAY)
    assert sorted(added) == sorted(d.path for d in _good())
    assert failures == [(poisoned.path, "extraction failed: its process died (killed, or out of memory)")]
    _assert_left_no_trace(graph, poisoned)


def _spoil_fragment(monkeypatch: pytest.MonkeyPatch, spoil: Callable[[EventGraph, Document], None]) -> None:
    real = ingest_module.extract_document

    def extract(document: Document, *args: Any) -> EventGraph:
        fragment = real(document, *args)
        if POISON in document.text:
            spoil(fragment, document)
        return fragment

    monkeypatch.setattr(ingest_module, "extract_document", extract)


def test_facts_that_clash_with_the_graph_are_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _good()[0]  # added before the poisoned one: its id is in the graph by then

    def clash(fragment: EventGraph, document: Document) -> None:
        fragment.add(Topic(first.id, "a topic under a document's id"))

    _clean_graph()
    _spoil_fragment(monkeypatch, clash)
    poisoned = _poisoned()
    graph, _, failures = ingest_documents([*_good(), poisoned], workers=1, today=TODAY)
    assert failures == [(poisoned.path, f"extraction made a Topic {first.id!r} where the graph has a Document")]
    _assert_left_no_trace(graph, poisoned)


def test_facts_that_break_an_invariant_are_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def misplace(fragment: EventGraph, document: Document) -> None:
        claim = Claim(
            "claim:misplaced", document.id, "words not at the span", "reported", "said", Span(0, 5), Span(0, 9)
        )
        fragment.add(claim)
        fragment.link(Edge("source", claim.id, document.id, documents=(document.id,)))

    _clean_graph()
    _spoil_fragment(monkeypatch, misplace)
    poisoned = _poisoned()
    graph, _, failures = ingest_documents([*_good(), poisoned], workers=1, today=TODAY)
    assert failures == [
        (
            poisoned.path,
            "extraction made an inconsistent graph: "
            "[span-text] claim:misplaced: the document's text at the span is not the fact's text",
        )
    ]
    _assert_left_no_trace(graph, poisoned)


def test_strict_ingestion_names_the_failed_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _poison_stage(monkeypatch, _raise)
    (tmp_path / "good.txt").write_text((CORPUS / GOOD[2]).read_text())
    (tmp_path / "poisoned.txt").write_text(_poisoned().text)
    _, report = ingest([tmp_path], workers=1, today=TODAY)
    assert report.added == (str(tmp_path / "good.txt"),)
    assert [p for p, _ in report.problems] == [str(tmp_path / "poisoned.txt")]
    with pytest.raises(IngestError) as raised:
        ingest([tmp_path], workers=1, today=TODAY, strict=True)
    assert raised.value.problems == list(report.problems)
    assert str(tmp_path / "poisoned.txt") in str(raised.value)


# The same through the command: a real process whose meetings stage is poisoned before it runs.
COMMAND = """
import sys
import eventgraph.extract.document as stage
from eventgraph.cli import main
real = stage.extract_meetings
def poisoned(text, *args):
    if "Zyxwvut" in text:
        raise RuntimeError("the meetings stage broke\\non two lines")
    return real(text, *args)
stage.extract_meetings = poisoned
sys.exit(main(sys.argv[1:]))
"""


def _command(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", COMMAND, *map(str, args)], capture_output=True, text=True, timeout=600)


def test_the_command_reports_the_failed_document_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "good.txt").write_text((CORPUS / GOOD[2]).read_text())
    (tmp_path / "docs" / "poisoned.txt").write_text(_poisoned().text)
    done = _command("ingest", tmp_path / "docs", "-o", tmp_path / "out.eg", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    warning, summary = done.stderr.splitlines()
    assert warning.startswith(
        f"warning: {tmp_path / 'docs' / 'poisoned.txt'}: extraction failed: "
        "RuntimeError: the meetings stage broke\\non two lines ("
    )
    assert ": 1 document(s) added in " in summary and summary.endswith("; 1 problem(s)")
    assert [d.path for d in EventGraph.load(tmp_path / "out.eg").documents()] == [str(tmp_path / "docs" / "good.txt")]
    strict = _command("ingest", tmp_path / "docs", "-o", tmp_path / "strict.eg", "--strict")
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[-1] == "error: 1 document(s) could not be ingested; nothing written (--strict)"
    assert not (tmp_path / "strict.eg").exists()
