"""Saved graphs under stress: two writers at once, and damaged files met by the command.

``tests/test_store.py`` covers every kind of damage in the library and a save killed half
way; here two real processes save to one path at once while this one reads it, and the
command meets damaged files as a user would (one clean line, the traceback only with
``--debug``).
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import orjson
import pytest
from strategies import big_graph

from eventgraph import EventGraph, GraphFormatError
from eventgraph.store import VERSION, encode

from .support import CORPUS, TESTS, assert_clean, eventgraph

SIZE = {"documents": 40, "sentences": 20, "appendix": 120_000}  # about 5 MB on disk
ROUNDS = 60

SAVER = """
import sys
sys.path.insert(0, sys.argv[1])
from strategies import big_graph
target, seed, rounds, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), eval(sys.argv[5])
graph = big_graph(seed=seed, **size)
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
for _ in range(rounds):
    graph.save(target)
"""


@functools.cache
def _pair() -> tuple[EventGraph, EventGraph]:
    return big_graph(seed=1, **SIZE), big_graph(seed=2, **SIZE)  # type: ignore[arg-type]


@pytest.mark.slow
def test_two_processes_saving_one_path_never_leave_a_mixed_file(tmp_path: Path) -> None:
    first, second = _pair()
    whole = {encode(first): "first", encode(second): "second"}
    target = tmp_path / "graph.eg"
    first.save(target)
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(TESTS), str(target), str(seed), str(ROUNDS), repr(SIZE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed in (1, 2)
    ]
    try:
        for saver in savers:
            assert saver.stdout.readline() == b"ready\n", saver.stderr.read().decode()  # type: ignore[union-attr]
        for saver in savers:
            saver.stdin.write(b"go\n")  # type: ignore[union-attr]
            saver.stdin.flush()  # type: ignore[union-attr]
        seen: list[str] = []
        loads = 0
        while any(saver.poll() is None for saver in savers):
            raw = target.read_bytes()
            assert raw in whole, f"read {len(seen)}: {len(raw)} bytes that are neither graph whole"
            seen.append(whole[raw])
            if len(seen) % 25 == 0:  # and now and then the way a user reads it
                assert EventGraph.load(target) in (first, second)
                loads += 1
    finally:
        for saver in savers:
            saver.kill() if saver.poll() is None else None
            saver.wait(60)
    assert [saver.returncode for saver in savers] == [0, 0], [s.stderr.read().decode() for s in savers]  # type: ignore[union-attr]
    assert len(seen) >= 20, f"only {len(seen)} reads while the writers ran"
    assert {"first", "second"} <= set(seen), "the reads never saw the second writer's graph"
    assert EventGraph.load(target) in (first, second)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.eg"]  # no temporary file left behind


# -- damaged snapshots met by the command --------------------------------------------------------
def _graph() -> EventGraph:
    return big_graph(3, seed=5, sentences=6)


def _with_header(body: bytes, **changes: object) -> bytes:
    header = {
        "format": "eventgraph",
        "version": VERSION,
        "length": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return orjson.dumps({**header, **changes}) + b"\n" + body


def _damaged(kind: str, folder: Path) -> Path:
    data = encode(_graph())
    body = data[data.index(b"\n") + 1 :]
    path = folder / "news.eg"
    if kind == "a folder":
        path.mkdir()
        return path
    spoiled = bytearray(data)
    spoiled[len(data) // 2] ^= 0x01
    path.write_bytes(
        {
            "written by a newer version": _with_header(b'{"graph": "in a new shape"}', version=VERSION + 1),
            "truncated": data[: len(data) // 2],
            "corrupted": bytes(spoiled),
            "not a graph": (CORPUS / "004_be10287c07096ca6.txt").read_bytes(),
            "empty": b"",
            "a huge header length": _with_header(body, length=10**15),
        }[kind]
    )
    return path


DAMAGE = {
    "written by a newer version": f"written by a newer eventgraph (format version {VERSION + 1}; "
    f"this one reads up to {VERSION}): upgrade eventgraph",
    "truncated": "truncated: ",
    "corrupted": "corrupted: the body does not match its checksum",
    "not a graph": "not an eventgraph file (no eventgraph header)",
    "empty": "empty file, not a saved graph",
    "a folder": "is a folder, not a saved graph",
    "a huge header length": "truncated: ",
}


@pytest.mark.parametrize(("kind", "reason"), DAMAGE.items(), ids=DAMAGE.keys())
def test_a_damaged_snapshot_is_one_clean_line_and_debug_shows_the_traceback(
    tmp_path: Path, kind: str, reason: str
) -> None:
    path = _damaged(kind, tmp_path)
    done = eventgraph("stats", path)
    assert done.returncode == 2
    assert_clean(done)
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"error: {path}: {reason}"), done.stderr
    debug = eventgraph("stats", path, "--debug")
    assert debug.returncode == 2
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "eventgraph.errors.GraphFormatError: " in debug.stderr
    assert debug.stderr.splitlines()[-1] == done.stderr.strip()


def test_every_command_meets_a_newer_snapshot_with_one_clean_line(tmp_path: Path) -> None:
    path = _damaged("written by a newer version", tmp_path)
    (tmp_path / "doc.txt").write_text("Lavrov said the talks in Geneva were useful.")
    expected = f"error: {path}: {DAMAGE['written by a newer version']}"
    before = path.read_bytes()
    for args, stdin in [
        (("query", path, "people"), None),
        (("validate", path), None),
        (("repl", path), "people\n"),
        (("ingest", tmp_path / "doc.txt", "-o", path, "--append"), None),
    ]:
        done = eventgraph(*args, stdin=stdin)
        assert done.returncode == 2, (args, done.stderr)
        assert_clean(done)
        assert done.stderr.splitlines() == [expected], (args, done.stderr)
    assert path.read_bytes() == before  # --append did not overwrite what it could not read


def test_a_device_that_never_ends_is_refused_after_its_first_bytes() -> None:
    done = eventgraph("stats", "/dev/zero", timeout=60)
    assert done.returncode == 2
    assert done.stderr == "error: /dev/zero: not an eventgraph file (no eventgraph header)\n"


def test_a_huge_file_that_is_not_a_graph_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "video.eg"
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(b"\x00\x01\x02\x03" * 262_144)  # 50 MiB
    tracemalloc.start()
    try:
        with pytest.raises(GraphFormatError, match="not an eventgraph file"):
            EventGraph.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, f"{peak} bytes allocated to refuse it"


def test_a_header_claiming_a_huge_body_finds_the_file_short(tmp_path: Path) -> None:
    path = _damaged("a huge header length", tmp_path)
    started = time.perf_counter()
    with pytest.raises(GraphFormatError, match=r"truncated: \d+ of 1000000000000000 body bytes present"):
        EventGraph.load(path)
    assert time.perf_counter() - started < 10


# -- snapshots that are well formed but not true to the format -----------------------------------
def _body() -> dict[str, list[dict[str, object]]]:
    data = encode(_graph(), version=1)  # the JSON body of version 1, still read
    return orjson.loads(data[data.index(b"\n") + 1 :])


def _first(items: list[dict[str, object]], **fields: object) -> int:
    return next(i for i, item in enumerate(items) if all(item.get(k) == v for k, v in fields.items()))


def _hostile(kind: str) -> tuple[bytes, str]:
    """A snapshot with a valid checksum that breaks one rule of the format, and the reason given."""
    body = _body()
    nodes, edges = body["nodes"], body["edges"]
    claim = _first(nodes, type="claim")
    document = next(n for n in nodes if n["id"] == nodes[claim]["document"])
    mentions = _first(edges, kind="mentions")
    said = _first(edges, kind="said")
    header: dict[str, object] = {}
    if kind == "a boolean version":
        header = {"version": True}
        reason = "the header has no format version (true is not a whole number)"
    elif kind == "a negative length":
        header = {"length": -1}
        reason = "the header lacks the body's length or checksum (length -1 is not a byte count)"
    elif kind == "a checksum that is not one":
        header = {"sha256": "not a checksum"}
        reason = 'the header lacks the body\'s length or checksum (sha256 "not a checksum" is not 64 hex digits)'
    elif kind == "a duplicated node":
        nodes.append(dict(nodes[claim]))
        reason = f"bad content at nodes[{len(nodes) - 1}].id: {nodes[claim]['id']!r} is also the id of nodes[{claim}]"
    elif kind == "a claim span outside its document":
        nodes[claim]["span"] = [0, 10**6]
        reason = (
            f"bad content at nodes[{claim}].span: [0, 1000000) runs past the end of its document "
            f"({len(document['text'])} characters)"  # type: ignore[arg-type]
        )
    elif kind == "a claim of a missing document":
        nodes[claim]["document"] = "doc:0000000000000000"
        reason = f"bad content at nodes[{claim}].document: 'doc:0000000000000000' is not a document of the graph"
    elif kind == "an edge to a missing node":
        edges[said]["target"] = "claim:0000000000000000"
        reason = f"bad content at edges[{said}].target: 'claim:0000000000000000' is not a node of the graph"
    elif kind == "an edge between the wrong kinds":
        edges[said]["kind"] = "held_in"
        source_kind = next(n for n in nodes if n["id"] == edges[said]["source"])["kind"]
        reason = f"bad content at edges[{said}].kind: a held_in edge may not join a {source_kind} to a claim"
    elif kind == "a mention outside its document":
        size = len(next(n for n in nodes if n["id"] == edges[mentions]["source"])["text"])  # type: ignore[arg-type]
        edges[mentions]["mentions"] = [["NATO", size, size + 4]]
        reason = (
            f"bad content at edges[{mentions}].mentions[0]: [{size}, {size + 4}) is not inside its document "
            f"({size} characters)"
        )
    else:
        raise AssertionError(kind)
    raw = orjson.dumps(body)
    return _with_header(raw, **{"version": 1, **header}), reason


HOSTILE = [
    "a boolean version",
    "a negative length",
    "a checksum that is not one",
    "a duplicated node",
    "a claim span outside its document",
    "a claim of a missing document",
    "an edge to a missing node",
    "an edge between the wrong kinds",
    "a mention outside its document",
]


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_snapshot_untrue_to_its_format_is_refused_before_any_query_with_one_line(tmp_path: Path, kind: str) -> None:
    data, reason = _hostile(kind)
    path = tmp_path / "news.eg"
    path.write_bytes(data)
    with pytest.raises(GraphFormatError) as caught:
        EventGraph.load(path)
    assert caught.value.reason == reason
    done = eventgraph("query", path, "claims")
    assert done.returncode == 2
    assert_clean(done)
    assert done.stdout == ""
    assert done.stderr == f"error: {path}: {reason}\n"


def test_a_large_body_that_does_not_match_its_checksum_is_refused_without_being_held(tmp_path: Path) -> None:
    size = 80 * 2**20  # over the size from which the checksum is read first
    path = tmp_path / "news.eg"
    header = _with_header(b"", length=size, sha256="0" * 64)[:-1]  # the header line alone
    with path.open("wb") as handle:
        handle.write(header + b"\n")
        handle.truncate(len(header) + 1 + size)  # the body: 80 MB of zeros, without writing them
    tracemalloc.start()
    try:
        with pytest.raises(GraphFormatError, match="corrupted: the body does not match its checksum"):
            EventGraph.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < size // 2, f"{peak} bytes allocated to refuse it"
