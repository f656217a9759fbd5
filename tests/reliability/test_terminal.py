"""Nothing a document holds reaches the terminal as a control sequence, or a spreadsheet as a formula.

The documents are hostile: a page title that sets the window title and clears the
screen, JSON-lines metadata with escape sequences and formula-like values, a C1 control
(U+009B, a one-byte CSI) and a right-to-left override in the text, a file name with an
escape sequence. The real command and the REPL (through a pipe and on a pseudo-terminal)
must show each of them written out; JSON must keep every value exact; CSV must defuse
cells that a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import orjson
import pytest

from eventgraph import EventGraph

from .support import assert_clean, eventgraph

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What must never be printed raw (tabs and line breaks excepted)."""
OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H"
CSI = "\x9b"
RLO = "\u202e"
PAGE = f"""<!doctype html><html><head><title>{CLEAR}Talks in Geneva</title></head>
<body><p>Russian Foreign Minister Sergey Lavrov said on Monday that the talks were useful{CSI}31m and could go on.</p>
</body></html>
"""
RECORDS = [
    {
        "url": '=HYPERLINK("http://example.org/x", "click")',
        "title": f"{OSC_TITLE}Riga report",
        "text": f"NATO Secretary General Jens Stoltenberg said on Tuesday that {RLO}NATO would defend every ally.",
    },
    {"url": "@SUM(1+1)", "title": "+cmd|' /C calc'!A0", "text": "Blinken said the alliance was united."},
    {"url": "-2+3", "title": "plain", "text": "Kuleba said Ukraine needed more help."},
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A graph of the hostile documents: (graph file, folder, the command's ingestion output)."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "feed.jsonl").write_text("\n".join(orjson.dumps(r).decode() for r in RECORDS), encoding="utf-8")
    (folder / "empty\x1b[31m.txt").write_text("")
    graph = folder / "news.eg"
    done = eventgraph("ingest", folder, "-o", graph)
    assert done.returncode == 0, done.stderr
    return graph, folder, done.stderr


def _safe(text: str) -> None:
    found = sorted(set(UNSAFE.findall(text)))
    assert found == [], f"raw control characters {found!r} in:\n{text}"


def test_ingestion_reports_show_control_characters_written_out(hostile: tuple[Path, Path, str]) -> None:
    _, folder, stderr = hostile
    _safe(stderr)
    assert f"warning: {folder}/empty\\x1b[31m.txt: empty: no text to read" in stderr


def test_tables_show_control_characters_written_out(hostile: tuple[Path, Path, str]) -> None:
    graph, _, _ = hostile
    documents = eventgraph("query", graph, "documents")
    claims = eventgraph("query", graph, "claims")
    for done in (documents, claims):
        assert done.returncode == 0, done.stderr
        assert_clean(done)
        _safe(done.stdout + done.stderr)
    assert "\\x1b[2J\\x1b[HTalks in Geneva" in documents.stdout
    assert "\\x1b]0;pwned\\x07Riga report" in documents.stdout
    assert "useful\\x9b31m" in claims.stdout
    assert "\\u202eNATO would defend" in claims.stdout


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_json_keeps_every_value_exact_in_plain_characters(hostile: tuple[Path, Path, str], form: str) -> None:
    graph, _, _ = hostile
    done = eventgraph("query", graph, "documents", "--format", form)
    assert done.returncode == 0, done.stderr
    _safe(done.stdout)
    rows = orjson.loads(done.stdout) if form == "json" else [orjson.loads(line) for line in done.stdout.splitlines()]
    titles = {row["title"] for row in rows}
    assert f"{CLEAR}Talks in Geneva" in titles and f"{OSC_TITLE}Riga report" in titles
    claims = orjson.loads(eventgraph("query", graph, "claims", "--format", "json").stdout)
    texts = " ".join(row["text"] for row in claims)
    assert CSI in texts and RLO in texts  # exact: the characters themselves, once decoded


def test_csv_defuses_formulas_and_shows_control_characters(hostile: tuple[Path, Path, str]) -> None:
    graph, _, _ = hostile
    done = eventgraph("query", graph, "documents", "--format", "csv")
    assert done.returncode == 0, done.stderr
    _safe(done.stdout)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    paths = {row["path"] for row in rows}
    assert {"'" + r["url"] for r in RECORDS} <= paths
    assert "'+cmd|' /C calc'!A0" in {row["title"] for row in rows}
    assert not [cell for row in rows for cell in row.values() if cell[:1] in ("=", "+", "-", "@")]
    assert "\\x1b]0;pwned\\x07Riga report" in {row["title"] for row in rows}


def test_a_query_error_shows_the_query_written_out_with_the_caret_under_its_place(
    hostile: tuple[Path, Path, str],
) -> None:
    graph, _, _ = hostile
    done = eventgraph("query", graph, "claims by \x1b[31mLavrov")
    assert done.returncode == 2
    assert_clean(done)
    _safe(done.stderr)
    lines = done.stderr.splitlines()
    shown = next(line for line in lines if line.startswith("  claims by"))
    assert shown == "  claims by \\x1b[31mLavrov"
    caret = lines[lines.index(shown) + 1]
    assert caret.endswith("^") and caret.index("^") == shown.index("\\x1b")


def _document_id(graph: Path, title_start: str) -> str:
    return next(d.id for d in EventGraph.load(graph).documents() if d.title.startswith(title_start))


def test_the_repl_through_a_pipe_shows_control_characters_written_out(hostile: tuple[Path, Path, str]) -> None:
    graph, _, _ = hostile
    script = "\n".join(
        [
            "documents",
            f":show {_document_id(graph, OSC_TITLE)}",
            f":show {_document_id(graph, CLEAR)}",
            ":format csv",
            "documents",
            ":format json",
            "claims",
            "claims by \x1b[31mLavrov",
        ]
    )
    done = eventgraph("repl", graph, stdin=script + "\n")
    assert done.returncode == 2  # the last query fails, on purpose
    assert_clean(done)
    _safe(done.stdout + done.stderr)
    assert "\\x1b]0;pwned\\x07Riga report" in done.stdout
    assert "useful\\x9b31m" in done.stdout  # the :show of the page: its text
    assert "'@SUM(1+1)" in done.stdout
    assert "\\u202eNATO" in done.stdout  # JSON: an escape that decodes to the exact character
    assert "claims by \\x1b[31mLavrov" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_repl_on_a_terminal_never_sends_a_document_s_control_sequences(
    hostile: tuple[Path, Path, str], tmp_path: Path
) -> None:
    pytest.importorskip("pexpect")
    from test_repl_support import Terminal, environment

    graph, _, _ = hostile
    terminal = Terminal([str(graph)], environment(tmp_path, EVENTGRAPH_PAGER=""), tmp_path)
    try:
        terminal.expect("Type a query")
        terminal.prompt()
        terminal.line("documents")
        terminal.expect("rows")
        terminal.line(f":show {_document_id(graph, CLEAR)}")
        terminal.expect("edges:")
        terminal.line(":format json")
        terminal.line("claims")
        terminal.expect('"kind": "claim"')
        terminal.prompt()
        terminal.line(":quit")
        assert terminal.finish() == 0
    finally:
        terminal.close()
    raw = terminal.seen
    for sequence in (OSC_TITLE, CLEAR, CSI, RLO):
        assert sequence not in raw, f"{sequence!r} reached the terminal"
    assert "\\x1b]0;pwned\\x07" in raw and "\\x1b[2J" in raw
