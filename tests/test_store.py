"""Saved graphs on disk: clear errors for bad files, atomic replacement, and crash safety.

Every test writes real files. The last one kills a real process in the middle of saving
and checks that the file under the target name is always a whole graph, old or new.
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from strategies import big_graph

from eventgraph import EventGraph, GraphFormatError
from eventgraph.store import VERSION, encode

TESTS = Path(__file__).resolve().parent


@functools.cache
def _sample() -> EventGraph:
    """A small graph with every kind of node and edge."""
    graph = big_graph(6, seed=3, sentences=10)
    kinds = {k for k, n in graph.stats().items() if n}
    assert {"claim", "meeting", "topic", "role edges", "mentions edges", "located_in edges"} <= kinds
    return graph


def _saved(tmp_path: Path, data: bytes, name: str = "graph.eg") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> GraphFormatError:
    with pytest.raises(GraphFormatError) as raised:
        EventGraph.load(path)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.path == str(path)
    assert str(path) in str(error)
    return error


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    newline = data.index(b"\n")
    return orjson.loads(data[:newline]), data[newline + 1 :]


def _with_header(body: bytes, **changes: Any) -> bytes:
    header = {
        "format": "eventgraph",
        "version": VERSION,
        "length": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return orjson.dumps({**header, **changes}) + b"\n" + body


# -- files that are not graphs ----------------------------------------------------------------
def test_a_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "nothing.eg").reason


def test_a_folder(tmp_path: Path) -> None:
    assert "folder" in _error(tmp_path).reason


def test_an_empty_file(tmp_path: Path) -> None:
    assert "empty" in _error(_saved(tmp_path, b"")).reason


NOT_GRAPHS = {
    "random bytes": random.Random(7).randbytes(3000),
    "random bytes with newlines": b"\n".join(random.Random(8).randbytes(40) for _ in range(20)),
    "a JSON object": b'{"nodes": [], "edges": []}',
    "a JSON list": b"[1, 2, 3]\n",
    "JSON lines": b'{"id": 1, "text": "Lavrov met Blinken."}\n{"id": 2, "text": "x"}\n',
    "another format's header": b'{"format": "networkx", "version": 1}\n{}',
    "a text file": "Lavrov said sanctions would not work.\nRinkēvičs disagreed.\n".encode(),
    "UTF-16 text": "Lavrov said so.\n".encode("utf-16"),
    "a gzip stream": b"\x1f\x8b\x08\x00" + bytes(60),
}


@pytest.mark.parametrize("content", NOT_GRAPHS.values(), ids=NOT_GRAPHS.keys())
def test_a_file_that_is_not_a_graph(tmp_path: Path, content: bytes) -> None:
    assert "not an eventgraph file" in _error(_saved(tmp_path, content)).reason


def test_a_saved_query_result_is_not_a_graph(tmp_path: Path) -> None:
    rows = [{"kind": "claim", "id": "claim:1", "text": "x"}]
    assert "not an eventgraph file" in _error(_saved(tmp_path, orjson.dumps(rows))).reason


# -- damaged graphs -----------------------------------------------------------------------------
def _cuts() -> list[int]:
    data = encode(_sample())
    header = data.index(b"\n")
    return sorted({1, 2, 12, header - 1, header, header + 1, header + 2, len(data) // 2, len(data) - 2, len(data) - 1})


@pytest.mark.parametrize("keep", _cuts())
def test_a_truncated_file(tmp_path: Path, keep: int) -> None:
    data = encode(_sample())
    header = data.index(b"\n")
    error = _error(_saved(tmp_path, data[:keep]))
    assert "truncated" in error.reason, error.reason
    if keep > header:
        assert f"truncated: {keep - header - 1} of {len(data) - header - 1} body bytes" in error.reason


@pytest.mark.parametrize("where", [0, 1, 0.25, 0.5, 0.9, -1])
def test_a_corrupted_byte_in_the_body(tmp_path: Path, where: float) -> None:
    data = bytearray(encode(_sample()))
    start = data.index(b"\n") + 1
    position = start + int(where * (len(data) - start)) if isinstance(where, float) else where % len(data)
    position = max(position, start)
    data[position] ^= 0x20
    error = _error(_saved(tmp_path, bytes(data)))
    assert "corrupted" in error.reason and "checksum" in error.reason


def test_extra_bytes_after_the_body(tmp_path: Path) -> None:
    assert "corrupted" in _error(_saved(tmp_path, encode(_sample()) + b"\n")).reason


def test_two_saved_graphs_glued_together(tmp_path: Path) -> None:
    assert "corrupted" in _error(_saved(tmp_path, encode(_sample()) + encode(EventGraph()))).reason


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": VERSION + 1}, f"newer eventgraph (format version {VERSION + 1}"),
        ({"version": 99}, "upgrade eventgraph"),
        ({"version": 0}, "unknown format version 0"),
        ({"version": "1"}, "no format version"),
        ({"version": None}, "no format version"),
        ({"sha256": None}, "lacks the body's length or checksum"),
        ({"length": "many"}, "lacks the body's length or checksum"),
        ({"sha256": "0" * 64}, "corrupted"),
        ({"format": "EventGraph"}, "not an eventgraph file"),
    ],
)
def test_a_bad_header(tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    _, body = _split(encode(_sample()))
    error = _error(_saved(tmp_path, _with_header(body, **changes)))
    assert message in error.reason, error.reason


def test_a_newer_version_is_reported_before_anything_else(tmp_path: Path) -> None:
    # a newer writer may change the body entirely: the version decides first
    body = b'{"graph": {"vertices": []}}'
    assert "newer eventgraph" in _error(_saved(tmp_path, _with_header(body, version=VERSION + 1))).reason


# -- bad fields inside a well-formed file --------------------------------------------------------
def _index(items: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> int:
    return next(i for i, item in enumerate(items) if test(item))


def _is(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda item: item.get("type") == kind


def _edge(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda item: item.get("kind") == kind


Change = tuple[str, Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], None], str]
BAD_FIELDS: dict[str, Change] = {
    "claim date not an object": ("nodes", _is("claim"), lambda n: n.update(date="yesterday"), "date"),
    "claim date not a date": (
        "nodes", _is("claim"), lambda n: n.update(date={"start": "2022-13-01", "end": "2022-12-31"}), "date"
    ),
    "claim date backwards": (
        "nodes", _is("claim"), lambda n: n.update(date={"start": "2022-03-02", "end": "2022-03-01"}), "date"
    ),
    "claim date without an end": ("nodes", _is("claim"), lambda n: n.update(date={"start": "2022-03-02"}), "date"),
    "claim period": ("nodes", _is("claim"), lambda n: n.update(period=[2022]), "period"),
    "claim span backwards": ("nodes", _is("claim"), lambda n: n.update(span=[9, 3]), "span"),
    "claim span negative": ("nodes", _is("claim"), lambda n: n.update(span=[-1, 3]), "span"),
    "claim span as text": ("nodes", _is("claim"), lambda n: n.update(span="0-5"), "span"),
    "claim sentence of floats": ("nodes", _is("claim"), lambda n: n.update(sentence=[0.0, 5.0]), "sentence"),
    "claim text a number": ("nodes", _is("claim"), lambda n: n.update(text=42), "text"),
    "claim without an id": ("nodes", _is("claim"), lambda n: n.pop("id"), "id"),
    "meeting status null": ("nodes", _is("meeting"), lambda n: n.update(status=None), "status"),
    "document published": ("nodes", _is("document"), lambda n: n.update(published="2022"), "published"),
    "document text missing": ("nodes", _is("document"), lambda n: n.pop("text"), "text"),
    "entity kind unknown": ("nodes", _is("entity"), lambda n: n.update(kind="planet"), "kind"),
    "entity aliases a string": ("nodes", _is("entity"), lambda n: n.update(aliases="Lavrov"), "aliases"),
    "topic signals numbers": ("nodes", _is("topic"), lambda n: n.update(signals=[1, 2]), "signals"),
    "node of an unknown type": ("nodes", _is("topic"), lambda n: n.update(type="rumour"), "type"),
    "edge kind unknown": ("edges", _edge("said"), lambda e: e.update(kind="likes"), "kind"),
    "edge source missing": ("edges", _edge("said"), lambda e: e.pop("source"), "source"),
    "edge documents numbers": ("edges", _edge("source"), lambda e: e.update(documents=[1]), "documents"),
    "edge title a list": ("edges", _edge("role"), lambda e: e.update(title=["minister"]), "title"),
    "edge interval": ("edges", _edge("role"), lambda e: e.update(interval={"start": 2022, "end": 2023}), "interval"),
    "mention without a surface": ("edges", _edge("mentions"), lambda e: e["mentions"][0].pop(0), "mentions[0]"),
    "mentions not a list": ("edges", _edge("mentions"), lambda e: e.update(mentions={"Lavrov": 0}), "mentions"),
}  # fmt: skip


@pytest.mark.parametrize("change", BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_a_bad_field_is_named_by_its_path(tmp_path: Path, change: Change) -> None:
    section, test, spoil, field = change
    _, body = _split(encode(_sample(), version=1))
    data = orjson.loads(body)
    index = _index(data[section], test)
    spoil(data[section][index])
    error = _error(_saved(tmp_path, _with_header(orjson.dumps(data), version=1)))
    assert f"{section}[{index}].{field}:" in error.reason, error.reason


def test_an_edge_to_a_node_that_is_not_there(tmp_path: Path) -> None:
    _, body = _split(encode(_sample(), version=1))
    data = orjson.loads(body)
    data["nodes"] = [n for n in data["nodes"] if n["type"] != "topic"]
    error = _error(_saved(tmp_path, _with_header(orjson.dumps(data), version=1)))
    assert "topic:" in error.reason, error.reason


def test_two_kinds_of_node_under_one_id(tmp_path: Path) -> None:
    _, body = _split(encode(_sample(), version=1))
    data = orjson.loads(body)
    entity = next(n for n in data["nodes"] if n["type"] == "entity")
    data["nodes"].append({"type": "topic", "id": entity["id"], "label": "x", "signals": []})
    assert entity["id"] in _error(_saved(tmp_path, _with_header(orjson.dumps(data), version=1))).reason


def test_a_body_that_is_not_json(tmp_path: Path) -> None:
    assert "corrupted body" in _error(_saved(tmp_path, _with_header(b'{"nodes": [}', version=1))).reason


@pytest.mark.parametrize("body", [b"[]", b'{"nodes": []}', b'{"nodes": {}, "edges": []}', b"null"])
def test_a_body_without_nodes_and_edges(tmp_path: Path, body: bytes) -> None:
    assert "'nodes' and 'edges'" in _error(_saved(tmp_path, _with_header(body, version=1))).reason


# -- atomic saving ------------------------------------------------------------------------------
def test_saving_over_a_file_replaces_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "graph.eg"
    first, second = _sample(), big_graph(3, seed=4, sentences=6)
    first.save(path)
    before = path.stat().st_ino
    with path.open("rb") as reader:  # a reader that opened the old file keeps reading it whole
        head = reader.read(10)
        second.save(path)
        assert head + reader.read() == encode(first)
    assert path.stat().st_ino != before  # renamed over, not rewritten in place
    assert EventGraph.load(path) == second
    assert [p.name for p in tmp_path.iterdir()] == ["graph.eg"]


def test_saving_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "graph.eg"
    for seed in range(4):
        graph = big_graph(2, seed=seed, sentences=4)
        graph.save(path)
        assert EventGraph.load(path) == graph
        assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.eg"]
    EventGraph().save(tmp_path / "empty.eg")
    assert EventGraph.load(tmp_path / "empty.eg") == EventGraph()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.eg", "graph.eg"]


def test_a_failed_save_keeps_the_old_file_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.eg"
    _sample().save(path)
    old = path.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        EventGraph().save(path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["graph.eg"]


def test_saving_into_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _sample().save("graph.eg")
    assert EventGraph.load("graph.eg") == _sample()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.eg"]


# -- a save killed half way -----------------------------------------------------------------------
BIG = {"documents": 40, "sentences": 20, "appendix": 120_000}  # about 5 MB on disk

SAVER = """
import sys
sys.path.insert(0, sys.argv[1])
from strategies import big_graph
from eventgraph import EventGraph
target, big = sys.argv[2], eval(sys.argv[3])
graphs = [big_graph(seed=seed, **big) for seed in (1, 2)]
index = graphs.index(EventGraph.load(target))  # the previous good file: one of the two
print("ready", flush=True)
while True:
    index = 1 - index
    graphs[index].save(target)
"""


@functools.cache
def _big_pair() -> tuple[EventGraph, EventGraph]:
    return big_graph(seed=1, **BIG), big_graph(seed=2, **BIG)  # type: ignore[arg-type]


def _temporaries(folder: Path, target: Path) -> set[Path]:
    return {p for p in folder.iterdir() if p != target and p.name.endswith(".tmp")}


@pytest.mark.slow
def test_killing_a_save_leaves_the_old_graph_or_the_new_one(tmp_path: Path) -> None:
    old, new = _big_pair()
    whole = {encode(old): old, encode(new): new}
    target = tmp_path / "graph.eg"
    old.save(target)
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    interrupted = 0  # kills that landed between creating the temporary file and renaming it
    for attempt in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(TESTS), str(target), repr(BIG)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            ready = child.stdout.readline()  # type: ignore[union-attr]
            assert ready == b"ready\n", child.stderr.read().decode()  # type: ignore[union-attr]
            if attempt % 2:  # as soon as a temporary file shows up: in the middle of a write
                deadline = time.monotonic() + 20
                while not _temporaries(tmp_path, target) and time.monotonic() < deadline:
                    pass
            else:  # at a random moment
                time.sleep(rng.uniform(0.0, 0.3))
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
            child.stdout.close()  # type: ignore[union-attr]
            child.stderr.close()  # type: ignore[union-attr]
        assert child.returncode == -signal.SIGKILL

        leftovers = _temporaries(tmp_path, target)  # what a SIGKILL cannot clean up
        raw = target.read_bytes()
        assert raw in whole, f"attempt {attempt} (seed {seed}): the target holds {len(raw)} bytes of neither graph"
        assert EventGraph.load(target) == whole[raw]
        for leftover in leftovers:
            assert re.fullmatch(r"\.graph\.eg\.\w+\.tmp", leftover.name), leftover.name
            interrupted += 1
        assert _temporaries(tmp_path, target) == set()  # the load removed them
    assert interrupted, f"no kill landed during a write (seed {seed})"
