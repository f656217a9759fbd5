"""Streaming ingestion and updates of saved graphs, on the example corpus and real files."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import orjson
import pytest
from conftest import CORPUS, INGEST_DAY

from eventgraph import EventGraph
from eventgraph.cli import main
from eventgraph.io import load_documents
from eventgraph.io.stream import stream_documents
from eventgraph.model import Claim, Document, Meeting, Topic
from eventgraph.streaming import ingest_stream, remove_documents, update_graph

FILES = sorted(CORPUS.iterdir())


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus split in two folders: three documents, then two."""
    root = tmp_path_factory.mktemp("halves")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(FILES):
        shutil.copy(path, (first if i < 3 else second) / path.name)
    return first, second


def test_small_batches_give_the_graph_of_one_batch(example_graph: EventGraph) -> None:
    graph, report = ingest_stream([CORPUS], batch_size=2, today=INGEST_DAY)
    assert graph == example_graph
    assert len(report.added) == len(FILES) and not report.problems


def test_copies_of_the_corpus_are_read_once(example_graph: EventGraph, tmp_path: Path) -> None:
    for copy in range(3):
        shutil.copytree(CORPUS, tmp_path / f"copy{copy}")
    graph, report = ingest_stream([tmp_path], batch_size=4, today=INGEST_DAY)
    assert len(report.added) == len(FILES)
    assert len(report.duplicates) == 2 * len(FILES)
    paths = {d.path for d in graph.documents()}
    assert paths == {str(tmp_path / "copy0" / p.name) for p in FILES}  # the least path names each document
    assert {n.id for n in graph.nodes()} == {n.id for n in example_graph.nodes()}


def test_json_lines_stream_record_by_record(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [
        orjson.dumps({"text": path.read_text(encoding="utf-8"), "url": f"https://news.example/{path.stem}"})
        for path in FILES[:2]
    ]
    big = orjson.dumps({"text": "x" * 30_000})
    feed.write_bytes(b"\n".join([records[0], b"{not json", big, b"", records[1], b"[1, 2]"]) + b"\n")
    items = list(stream_documents([feed], max_bytes=20_000))
    documents = [i for i in items if isinstance(i, Document)]
    errors = {(e.line, e.reason.split(" (")[0]) for e in items if not isinstance(e, Document)}
    assert [d.path for d in documents] == [f"https://news.example/{p.stem}" for p in FILES[:2]]
    assert errors == {(2, "not valid JSON"), (3, "record too large"), (6, "a record must be a JSON object")}
    whole = load_documents([feed], max_bytes=10**6).documents
    assert {d.id for d in whole} >= {d.id for d in documents}


def test_into_adds_only_new_documents_and_keeps_ids(
    halves: tuple[Path, Path], example_graph: EventGraph, tmp_path: Path
) -> None:
    first, second = halves
    target = tmp_path / "news.eg"
    code, _, err = run("ingest", "--into", target, first)
    assert code == 2 and "no graph there to add to" in err and not target.exists()
    before, _ = update_graph(target, [first], today=INGEST_DAY)
    code, _, err = run("ingest", "--into", target, first, second, "--batch-size", "1")
    assert code == 0, err
    assert "2 document(s) added" in err
    after = EventGraph.load(target)
    facts = {n.id for n in before.nodes() if isinstance(n, (Claim, Meeting, Document))}
    assert facts <= {n.id for n in after.nodes()}
    assert update_graph(target, [first], create=False, today=INGEST_DAY)[1].added == ()


def test_updates_equal_one_ingestion(halves: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = halves
    target = tmp_path / "news.eg"
    update_graph(target, [first], today=INGEST_DAY)
    graph, report = update_graph(target, [second, first], create=False, today=INGEST_DAY)
    assert len(report.added) == 2
    assert graph == EventGraph.load(target)
    assert graph == ingest_stream([first, second], today=INGEST_DAY)[0]


def test_remove_takes_out_what_only_those_documents_supported(halves: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = halves
    target = tmp_path / "news.eg"
    update_graph(target, [first, second], today=INGEST_DAY)
    alone, _ = ingest_stream([first], today=INGEST_DAY)
    saved = target.read_bytes()
    code, _, err = run("remove", target, FILES[3].stem, "no-such-document")
    assert code == 2 and "no-such-document" in err and "nothing removed" in err
    assert target.read_bytes() == saved  # an unknown name changes nothing
    code, _, err = run("remove", target, FILES[3].name, str(second / FILES[4].name))
    assert code == 0, err
    assert "2 document(s) removed" in err
    left = EventGraph.load(target)
    assert {n.id for n in left.nodes()} == {n.id for n in alone.nodes()}
    assert set(left.edges()) == set(alone.edges())
    differ = [n for n in left.nodes() if n != alone.get(n.id)]
    assert all(isinstance(n, Topic) for n in differ)  # a topic keeps the words that signalled it
    assert not left.validate()


def test_remove_api_reports_paths(halves: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = halves
    target = tmp_path / "news.eg"
    update_graph(target, [first], today=INGEST_DAY)
    graph, removal = remove_documents(target, [FILES[0].stem, FILES[0].name])
    assert removal.documents == (str(first / FILES[0].name),)
    assert len(graph.documents()) == 2
    with pytest.raises(KeyError, match="no document"):
        remove_documents(target, ["nothing-like-it"])


def test_a_failed_update_writes_nothing(halves: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = halves
    target = tmp_path / "news.eg"
    update_graph(target, [first], today=INGEST_DAY)
    saved = target.read_bytes()
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    code, _, err = run("ingest", "--into", target, broken, FILES[4], "--strict")
    assert code == 2 and "broken.txt" in err and "nothing written" in err
    assert target.read_bytes() == saved


def test_an_update_keeps_what_another_writer_saved_meanwhile(halves: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = halves
    target = tmp_path / "news.eg"
    update_graph(target, [first], today=INGEST_DAY)
    others: list[int] = []

    def another_writer(done: int, total: int, path: str) -> None:  # runs while this update extracts, unlocked
        if not others:
            others.append(done)
            update_graph(target, [second / FILES[4].name], create=False, today=INGEST_DAY)

    graph, report = update_graph(
        target, [second / FILES[3].name], create=False, today=INGEST_DAY, progress=another_writer
    )
    assert others and report.added == (str(second / FILES[3].name),)
    saved = EventGraph.load(target)
    assert saved == graph
    assert {d.path for d in saved.documents()} == {
        *(str(first / p.name) for p in FILES[:3]),
        *(str(second / p.name) for p in FILES[3:]),
    }
