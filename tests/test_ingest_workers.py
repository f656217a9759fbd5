"""Ingestion in worker processes gives the graph, the report and the progress of one process.

The example corpus goes through the real pipeline in two worker processes; the result
must equal the single-process ingestion of the same files, with the progress callback
called once per document in input order. On Linux the workers are forked after the
parent loaded the pipeline: a worker uses that very pipeline object (not a copy it
loaded itself) and keeps what it inherited out of its garbage collections.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, INGEST_DAY

import eventgraph.ingest as ingest_module
from eventgraph.extract.nlp import pipeline
from eventgraph.ingest import IngestReport, ingest, ingest_documents
from eventgraph.io import make_document
from eventgraph.model import Document

pytestmark = pytest.mark.slow


def test_two_workers_give_the_graph_report_and_progress_of_one_process(
    example_ingest: tuple[Any, IngestReport],
) -> None:
    single, single_report = example_ingest
    calls: list[tuple[int, int, str]] = []
    graph, report = ingest([CORPUS], workers=2, today=INGEST_DAY, progress=lambda *call: calls.append(call))
    assert graph == single
    assert report == single_report
    paths = sorted(str(p) for p in CORPUS.glob("*.txt"))
    assert len(paths) >= 2
    assert calls == [(number, len(paths), path) for number, path in enumerate(paths, start=1)]


def _documents() -> list[Document]:
    return [make_document(str(p), p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))[:2]]


@pytest.mark.skipif(
    sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="workers are forked on Linux",
)
def test_forked_workers_use_the_parents_pipeline_and_leave_it_out_of_collections(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = ingest_module.extract_document

    def observed(document: Document, *args: Any) -> Any:
        seen = {"pid": os.getpid(), "pipeline": id(pipeline()), "frozen": gc.get_freeze_count()}
        (tmp_path / f"{os.getpid()}-{document.id}.json").write_text(json.dumps(seen), encoding="utf-8")
        return real(document, *args)

    monkeypatch.setattr(ingest_module, "extract_document", observed)
    pipeline.cache_clear()  # nothing loaded yet: ingestion itself must load it before forking
    try:
        _, added, failures = ingest_documents(_documents(), workers=2, today=INGEST_DAY)
    finally:
        loaded = pipeline()
    assert failures == [] and len(added) == 2
    seen = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.json")]
    assert len(seen) == 2
    assert all(s["pid"] != os.getpid() for s in seen)
    assert all(s["pipeline"] == id(loaded) for s in seen)
    assert all(s["frozen"] > 0 for s in seen)
