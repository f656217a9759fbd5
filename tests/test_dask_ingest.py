"""Ingestion on a real Dask cluster (a LocalCluster of two worker processes) equals one process's."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from conftest import CORPUS, INGEST_DAY

from eventgraph import EventGraph
from eventgraph.cli import main
from eventgraph.dask_ingest import ingest_dask
from eventgraph.streaming import ingest_stream

distributed = pytest.importorskip("distributed")

PEOPLE = ["Sergey Lavrov", "Jens Stoltenberg", "Antony Blinken", "Dmytro Kuleba", "Olaf Scholz"]
PLACES = ["Riga", "Geneva", "Brussels", "Kyiv", "Vilnius"]
TOPICS = ["sanctions", "NATO expansion", "gas prices", "cyber attacks", "arms control"]
MONTHS = ["January", "March", "May", "July", "October", "December"]


def write_corpus(folder: Path, count: int, seed: int = 16) -> Path:
    """``count`` distinct short reports of a meeting and a statement, the same for the same seed."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for number in range(count):
        text = ""
        while not text or text in seen:  # each report its own document
            a, b = rnd.sample(PEOPLE, 2)
            day = f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {rnd.randint(2015, 2023)}"
            text = f"{a} met {b} in {rnd.choice(PLACES)} on {day}. {a} said the {rnd.choice(TOPICS)} were a threat."
        seen.add(text)
        (folder / f"report-{number:05d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


@pytest.mark.slow
def test_the_example_corpus_on_two_workers_equals_one_process(client, example_graph: EventGraph) -> None:  # type: ignore[no-untyped-def]
    assert len(client.scheduler_info()["workers"]) == 2
    graph, report = ingest_dask([CORPUS], client=client, today=INGEST_DAY, partition_size=2)
    assert graph == example_graph
    assert sorted(report.added) == sorted(str(p) for p in CORPUS.iterdir()) and not report.problems


@pytest.mark.slow
def test_a_generated_corpus_on_two_workers_equals_one_process(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = write_corpus(tmp_path / "corpus", 3000)
    alone, _ = ingest_stream([corpus], today=INGEST_DAY, workers=1)
    graph, report = ingest_dask([corpus], client=client, today=INGEST_DAY, partition_size=300)
    assert len(report.added) == len(alone.documents()) == 3000
    assert graph == alone
    assert graph.stats()["meeting"] > 2700 and graph.stats()["claim"] > 2700


@pytest.mark.slow
def test_the_cli_ingests_through_a_scheduler(client, example_graph: EventGraph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "news.eg"
    address = client.scheduler.address
    code = main(["ingest", str(CORPUS), "-o", str(target), "--engine", "dask", "--scheduler", address], out, err)
    assert code == 0, err.getvalue()
    saved = EventGraph.load(target)
    assert {n.id for n in saved.nodes()} == {n.id for n in example_graph.nodes()}
    code = main(["ingest", "--into", str(target), str(CORPUS), "--engine", "dask", "--scheduler", address], out, err)
    assert code == 0 and "0 document(s) added" in err.getvalue()


def test_a_bad_scheduler_address_is_a_clear_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = ["ingest", str(CORPUS), "-o", str(tmp_path / "g.eg"), "--engine", "dask", "--scheduler", "nowhere://x"]
    assert main(args, out, err) == 2
    assert "cannot reach the Dask scheduler at nowhere://x" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / "g.eg").exists()
    assert main(["ingest", str(CORPUS), "-o", str(tmp_path / "g.eg"), "--scheduler", "tcp://x:1"], out, err) == 2
