"""The command's errors: one clean line and exit code 2 (3 for a bug), the traceback only with ``--debug``.

Every case runs the real command in a new process. An unwritable folder is made with
real permissions (root's override dropped, see ``support.obeying_permissions``); a
failing disk with a real file-size limit on the process, which makes the write fail
with ``EFBIG`` as a full disk fails with ``ENOSPC``.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from eventgraph import EventGraph

from .support import CORPUS, assert_clean, eventgraph, limited_file_size, obeying_permissions

DOCUMENT = CORPUS / "004_be10287c07096ca6.txt"

BAD_OPTIONS = {
    "workers not a number": (
        ("ingest", "docs", "-o", "g.eg", "--workers", "abc"),
        "error: argument --workers: not a whole number: 'abc' (see 'eventgraph ingest --help')",
    ),
    "no workers": (
        ("ingest", "docs", "-o", "g.eg", "--workers", "0"),
        "error: argument --workers: must be 1 or more, not 0 (see 'eventgraph ingest --help')",
    ),
    "max-mb not a number": (
        ("ingest", "docs", "-o", "g.eg", "--max-mb", "nan"),
        "error: argument --max-mb: must be a positive number of megabytes, not 'nan' (see 'eventgraph ingest --help')",
    ),
    "max-mb negative": (
        ("ingest", "docs", "-o", "g.eg", "--max-mb=-1"),
        "error: argument --max-mb: must be a positive number of megabytes, not '-1' (see 'eventgraph ingest --help')",
    ),
    "max-mb infinite": (
        ("ingest", "docs", "-o", "g.eg", "--max-mb", "inf"),
        "error: argument --max-mb: must be a positive number of megabytes, not 'inf' (see 'eventgraph ingest --help')",
    ),
    "max-mb a word": (
        ("ingest", "docs", "-o", "g.eg", "--max-mb", "lots"),
        "error: argument --max-mb: not a number: 'lots' (see 'eventgraph ingest --help')",
    ),
    "no characters": (
        ("ingest", "docs", "-o", "g.eg", "--max-chars", "0"),
        "error: argument --max-chars: must be 1 or more, not 0 (see 'eventgraph ingest --help')",
    ),
    "max-seconds not a number": (
        ("ingest", "docs", "-o", "g.eg", "--max-seconds", "nan"),
        "error: argument --max-seconds: must be a positive number of seconds, not 'nan' "
        "(see 'eventgraph ingest --help')",
    ),
    "unknown format": (
        ("query", "g.eg", "people", "--format", "xml"),
        "error: argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'jsonl', 'csv') "
        "(see 'eventgraph query --help')",
    ),
    "unknown option": (
        ("stats", "g.eg", "--colour"),
        "error: unrecognized arguments: --colour (see 'eventgraph --help')",
    ),
    "unknown command": (
        ("frobnicate",),
        "error: argument COMMAND: invalid choice: 'frobnicate' (choose from 'ingest', 'query', 'remove', 'stats', "
        "'validate', 'export', 'evaluate', 'annotate', 'plot', 'serve', 'repl') (see 'eventgraph --help')",
    ),
    "no output": (
        ("ingest", "docs"),
        "error: one of the arguments -o/--output --into is required (see 'eventgraph ingest --help')",
    ),
    "no command": ((), "error: the following arguments are required: COMMAND (see 'eventgraph --help')"),
}


@pytest.mark.parametrize(("args", "message"), BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys())
def test_a_bad_option_value_is_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    done = eventgraph(*args)
    assert done.returncode == 2
    assert_clean(done)
    assert done.stdout == ""
    assert done.stderr == message + "\n"


def test_missing_files_are_one_line_each(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    graph = tmp_path / "g.eg"
    shutil.copy(DOCUMENT, tmp_path / "doc.txt")
    cases = [
        (("ingest", missing, "-o", graph), [f"warning: {missing}: no such file or folder", f"error: no documents could be read from {missing}"]),
        (("stats", missing), [f"error: {missing}: no such file"]),
        (("query", missing, "people"), [f"error: {missing}: no such file"]),
        (("validate", missing), [f"error: {missing}: no such file"]),
        (("repl", missing), [f"error: {missing}: no such file or folder"]),
        (("query", missing, "--file", tmp_path / "none.txt"), [f"error: {tmp_path / 'none.txt'}: cannot read queries (No such file or directory)"]),
        (("ingest", tmp_path / "doc.txt", "-o", graph, "--data", tmp_path / "roles.json"), [f"error: {tmp_path / 'roles.json'}: cannot read data file (No such file or directory)"]),
    ]  # fmt: skip
    for args, expected in cases:
        done = eventgraph(*args, stdin="")
        assert done.returncode == 2, (args, done.stderr)
        assert_clean(done)
        assert done.stderr.splitlines() == expected, args
    assert not graph.exists()


def test_a_folder_given_as_the_output_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    done = eventgraph("ingest", DOCUMENT, "-o", folder)
    assert done.returncode == 2
    assert_clean(done)
    assert done.stderr == f"error: {folder}: is a folder; give a file name for the graph\n"
    assert list(folder.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_one_line_before_any_work(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "g.eg"
    done = eventgraph("ingest", DOCUMENT, "-o", target)
    assert done.returncode == 2
    assert_clean(done)
    assert done.stderr == f"error: {target}: the folder {target.parent} does not exist\n"


@pytest.fixture
def old_graph(tmp_path: Path) -> tuple[Path, bytes]:
    """A folder holding a graph saved earlier: (its path, its bytes)."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "news.eg"
    shutil.copy(CORPUS / "000_a578131154f69ca9.txt", tmp_path / "old.txt")
    assert eventgraph("ingest", tmp_path / "old.txt", "-o", target).returncode == 0
    return target, target.read_bytes()


def test_an_unwritable_output_folder_is_one_line_and_keeps_the_old_graph(
    tmp_path: Path, old_graph: tuple[Path, bytes]
) -> None:
    target, before = old_graph
    folder = target.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        preexec = obeying_permissions(probe)
        done = eventgraph("ingest", DOCUMENT, "-o", target, preexec_fn=preexec)
        assert done.returncode == 2
        assert_clean(done)
        assert done.stderr == f"error: {target}: cannot write the graph (Permission denied); nothing written\n"
        debug = eventgraph("ingest", DOCUMENT, "-o", target, "--append", "--debug", preexec_fn=preexec)
        assert debug.returncode == 2
        assert debug.stderr.startswith("Traceback (most recent call last):")
        assert "PermissionError: [Errno 13] Permission denied" in debug.stderr
        assert debug.stderr.splitlines()[-1] == done.stderr.strip()
    finally:
        folder.chmod(stat.S_IRWXU)
        probe.chmod(stat.S_IRWXU)
    assert target.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["news.eg"]


def test_a_failing_disk_is_one_line_and_keeps_the_old_graph(old_graph: tuple[Path, bytes]) -> None:
    target, before = old_graph
    done = eventgraph("ingest", DOCUMENT, "-o", target, preexec_fn=limited_file_size(4096))
    assert done.returncode == 2
    assert_clean(done)
    assert done.stderr == f"error: {target}: cannot write the graph (File too large); nothing written\n"
    debug = eventgraph("ingest", DOCUMENT, "-o", target, "--debug", preexec_fn=limited_file_size(4096))
    assert debug.returncode == 2
    assert "OSError: [Errno 27] File too large" in debug.stderr
    assert debug.stderr.splitlines()[-1] == done.stderr.strip()
    assert target.read_bytes() == before  # the old graph, whole
    assert [p.name for p in target.parent.iterdir()] == ["news.eg"]  # the partial temporary file removed
    assert EventGraph.load(target).validate() == []


BUG = """
import sys
import eventgraph.store
def encoded(graph, version=2):
    raise ZeroDivisionError("a bug in the encoder")
eventgraph.store._encoded = encoded  # what save writes the file from
from eventgraph.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_internal_error_is_one_line_with_exit_3_and_debug_shows_it(tmp_path: Path) -> None:
    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        args = ["ingest", str(DOCUMENT), "-o", str(tmp_path / "g.eg"), *extra]
        return subprocess.run([sys.executable, "-c", BUG, *args], capture_output=True, text=True, timeout=300)

    done = run()
    assert done.returncode == 3
    assert_clean(done)
    assert (
        done.stderr == "internal error: ZeroDivisionError: a bug in the encoder (run with --debug for the traceback)\n"
    )
    debug = run("--debug")
    assert debug.returncode == 3
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.splitlines()[-1] == "internal error: ZeroDivisionError: a bug in the encoder"
    assert not (tmp_path / "g.eg").exists()


@pytest.mark.parametrize("command", [("stats",), ("query", "--file", "none.txt"), ("validate",)])
def test_debug_shows_the_traceback_of_a_user_error(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "missing.eg"
    args = (command[0], missing, *command[1:])
    plain, debug = eventgraph(*args), eventgraph(*args, "--debug")
    assert plain.returncode == debug.returncode == 2
    assert_clean(plain)
    assert len(plain.stderr.splitlines()) == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert debug.stderr.splitlines()[-1] == plain.stderr.strip()
