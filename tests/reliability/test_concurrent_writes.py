"""Writers of one saved graph: no lost update, no stale lock, no litter, no changed permissions.

Real processes append to one graph at the same time; another holds the graph's lock
while this one waits for it, and is killed while holding it. Temporary files that a
killed save would leave are made by hand with the save's own naming, next to files that
only look alike.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from eventgraph import EventGraph, GraphFormatError
from eventgraph.errors import GraphLockedError
from eventgraph.locking import lock_path, locked
from eventgraph.store import is_leftover, leftovers, save

from .support import CORPUS, assert_clean, eventgraph

APPENDERS = 3

HOLDER = """
import sys, time
from eventgraph.locking import locked
with locked(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _documents(graph: Path) -> set[str]:
    return {Path(d.path).name for d in EventGraph.load(graph).documents()}


@pytest.mark.slow
def test_concurrent_appends_keep_every_document(tmp_path: Path) -> None:
    sources = sorted(CORPUS.glob("*.txt"))
    target = tmp_path / "news.eg"
    assert eventgraph("ingest", sources[0], "-o", target).returncode == 0
    appenders = [
        subprocess.Popen(
            [sys.executable, "-m", "eventgraph", "ingest", str(source), "-o", str(target), "--append"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for source in sources[1 : 1 + APPENDERS]
    ]
    for appender in appenders:
        _, stderr = appender.communicate(timeout=600)
        assert appender.returncode == 0, stderr
        assert "1 document(s) added" in stderr
    assert _documents(target) == {p.name for p in sources[: 1 + APPENDERS]}
    assert EventGraph.load(target).validate() == []
    assert [p.name for p in tmp_path.iterdir()] == ["news.eg"]  # no lock file, no temporary file


def _hold(target: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(target), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def test_a_writer_waits_for_the_lock_then_fails_clearly_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    EventGraph().save(target)
    before = target.read_bytes()
    holder = _hold(target, 60)
    try:
        with pytest.raises(GraphLockedError, match="another process is writing this graph") as caught:
            save(_one_document_graph(), target, lock_timeout=0.5)
        assert caught.value.path == str(target)
        assert target.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    save(_one_document_graph(), target, lock_timeout=5)  # a killed holder leaves no lock behind
    assert EventGraph.load(target) == _one_document_graph()


def test_a_waiting_writer_saves_as_soon_as_the_lock_is_let_go(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    holder = _hold(target, 1.0)
    try:
        save(_one_document_graph(), target, lock_timeout=60)
    finally:
        holder.wait()
    assert holder.returncode == 0  # it let go on its own, and only then was the graph written
    assert EventGraph.load(target) == _one_document_graph()
    assert not lock_path(target).exists()


def test_the_lock_is_taken_again_by_its_holder(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    with locked(target, timeout=1):
        save(_one_document_graph(), target, lock_timeout=1)  # the same thread: no wait, no deadlock
        assert lock_path(target).exists()
    assert not lock_path(target).exists()


def _one_document_graph() -> EventGraph:
    from eventgraph.io import make_document

    return EventGraph([make_document("a.txt", "Lavrov met Blinken in Geneva.")])


# -- leftovers of killed saves ---------------------------------------------------------------------
def _litter(folder: Path) -> tuple[list[Path], list[Path]]:
    """Files named as the temporary files of saves of ``news.eg``, and files that only look alike."""
    ours = [folder / ".news.eg.a1b2c3d4.tmp", folder / ".news.eg.zz_9qx0k.tmp"]
    others = [
        folder / ".other.eg.a1b2c3d4.tmp",  # another graph's
        folder / ".news.eg.notes.tmp",  # not the save's naming
        folder / "news.eg.a1b2c3d4.tmp",  # not hidden
        folder / ".news.eg.a1b2c3d4.tmp.bak",
    ]
    for path in [*ours, *others]:
        path.write_bytes(b'{"format":"eventgraph","version":1,"length":99')
    return ours, others


@pytest.mark.parametrize("next_use", ["save", "load"])
def test_temporary_files_of_killed_saves_go_at_the_next_save_or_load(tmp_path: Path, next_use: str) -> None:
    target = tmp_path / "news.eg"
    EventGraph().save(target)
    ours, others = _litter(tmp_path)
    assert sorted(leftovers(target)) == sorted(ours)
    if next_use == "save":
        _one_document_graph().save(target)
    else:
        EventGraph.load(target)
    assert [p for p in ours if p.exists()] == []
    assert [p for p in others if p.exists()] == others


def test_the_temporary_file_of_a_save_under_way_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    EventGraph().save(target)
    holder = _hold(target, 60)  # a save in progress holds the lock
    try:
        ours, _ = _litter(tmp_path)
        EventGraph.load(target)
        assert all(p.exists() for p in ours)
    finally:
        holder.kill()
        holder.wait()


def test_a_temporary_file_is_never_read_as_a_graph(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    _one_document_graph().save(target)
    leftover = tmp_path / ".news.eg.a1b2c3d4.tmp"
    shutil.copy(target, leftover)  # even a complete one
    assert is_leftover(leftover) and not is_leftover(target)
    with pytest.raises(GraphFormatError, match="the temporary file of an unfinished save"):
        EventGraph.load(leftover)
    done = eventgraph("query", leftover, "documents")
    assert done.returncode == 2
    assert_clean(done)
    assert done.stderr == f"error: {leftover}: the temporary file of an unfinished save, not a saved graph\n"


# -- permissions -------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o444])
def test_a_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "news.eg"
    EventGraph().save(target)
    target.chmod(mode)
    _one_document_graph().save(target)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert EventGraph.load(target) == _one_document_graph()


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        EventGraph().save(tmp_path / "news.eg")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "news.eg").stat().st_mode) == 0o640


def test_the_command_keeps_the_permissions_when_it_appends(tmp_path: Path) -> None:
    sources = sorted(CORPUS.glob("*.txt"))
    target = tmp_path / "news.eg"
    assert eventgraph("ingest", sources[0], "-o", target).returncode == 0
    target.chmod(0o644)
    done = eventgraph("ingest", sources[1], "-o", target, "--append")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _documents(target) == {sources[0].name, sources[1].name}
