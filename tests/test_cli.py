"""The command line, driven as a user drives it: real processes, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def eventgraph(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *map(str, args)], capture_output=True, text=True, input=stdin, timeout=300
    )


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.eg"
    done = eventgraph("ingest", CORPUS, "-o", path)
    assert done.returncode == 0, done.stderr
    assert "5 document(s) added" in done.stderr
    return path


def test_stats_prints_counts_per_kind(graph_file: Path) -> None:
    done = eventgraph("stats", graph_file)
    assert done.returncode == 0
    lines = dict(line.split() for line in done.stdout.splitlines() if len(line.split()) == 2)
    assert lines["document"] == "5"
    assert int(lines["claim"]) > 40 and int(lines["meeting"]) >= 8


def test_query_json_follows_the_contract(graph_file: Path) -> None:
    done = eventgraph("query", graph_file, "statements by Lavrov", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and all(r["kind"] == "claim" and r["speaker"]["name"] == "Sergey Lavrov" for r in rows)
    for row in rows:
        assert set(row) >= {"id", "text", "form", "speaker", "date", "topics", "document", "span"}
        assert set(row["document"]) >= {"id", "path", "title"}


def test_queries_from_standard_input(graph_file: Path) -> None:
    done = eventgraph("query", graph_file, "-", "--format", "jsonl", stdin="meetings in Riga\n# a comment\npeople\n")
    assert done.returncode == 0, done.stderr
    kinds = {json.loads(line)["kind"] for line in done.stdout.splitlines()}
    assert kinds == {"meeting", "person"}


def test_bad_query_is_a_one_line_error_with_a_caret(graph_file: Path) -> None:
    done = eventgraph("query", graph_file, "statements by by Lavrov")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "^" in done.stderr


def test_fail_empty(graph_file: Path) -> None:
    done = eventgraph("query", graph_file, "meetings before 1950", "--fail-empty")
    assert done.returncode == 1


def test_missing_and_damaged_graph_files(tmp_path: Path) -> None:
    missing = eventgraph("stats", tmp_path / "nope.eg")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    damaged = tmp_path / "bad.eg"
    damaged.write_text("hello")
    done = eventgraph("query", damaged, "people")
    assert done.returncode == 2
    assert "not an eventgraph file" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate(graph_file: Path) -> None:
    done = eventgraph("validate", graph_file)
    assert done.returncode == 0
    assert "valid" in done.stderr


def test_every_command_has_help_with_examples() -> None:
    for command in ("ingest", "query", "stats", "validate", "export", "plot", "serve", "repl"):
        done = eventgraph(command, "--help")
        assert done.returncode == 0
        assert "examples:" in done.stdout, command


def test_ingest_with_nothing_readable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    done = eventgraph("ingest", tmp_path, "-o", tmp_path / "g.eg")
    assert done.returncode == 2
    assert "empty" in done.stderr
    assert not (tmp_path / "g.eg").exists()


def test_a_question_is_answered_with_what_it_was_understood_as(graph_file: Path) -> None:
    done = eventgraph(
        "query", graph_file, "what did Lavrov say last year?", "--as-of", "2023-03-01", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert isinstance(rows, list), "standard output stays a plain JSON array of rows"
    assert rows == json.loads(
        eventgraph("query", graph_file, "statements by Lavrov in 2022", "--format", "json").stdout
    )
    assert "understood as: statements by Lavrov in 2022" in done.stderr.splitlines()
    assert "note: `last year` is `in 2022` (as of 2023-03-01)" in done.stderr.splitlines()
    canonical = eventgraph("query", graph_file, "statements by Lavrov in 2022")
    assert "understood as" not in canonical.stderr


def test_an_empty_result_says_why_on_standard_error(graph_file: Path) -> None:
    done = eventgraph("query", graph_file, "statements by Lavrov and Stoltenberg")
    assert done.returncode == 0
    assert "0 rows" in done.stderr
    assert "why: a claim has one speaker: `statements by Lavrov or by Stoltenberg` gives" in done.stderr
    quiet = eventgraph("query", graph_file, "statements by Lavrov and Stoltenberg", "--quiet")
    assert quiet.stderr == ""


def test_data_files_and_as_of_are_checked(graph_file: Path, tmp_path: Path) -> None:
    extra = tmp_path / "topics.json"
    extra.write_text(json.dumps({"topics": {"expansion": ["zorblax"]}}), encoding="utf-8")
    with_data = eventgraph("query", graph_file, "claims about zorblax", "--data", extra, "--format", "json")
    expansion = eventgraph("query", graph_file, "claims about expansion", "--format", "json")
    assert json.loads(with_data.stdout) == json.loads(expansion.stdout) != []
    bad = eventgraph("query", graph_file, "claims last year", "--as-of", "yesterday")
    assert bad.returncode == 2 and "not a day such as 2023-06-30" in bad.stderr


def test_the_query_command_does_not_load_spacy(graph_file: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "eventgraph",
            "query",
            str(graph_file),
            "statements by the Russian foreign minister about NATO expansion",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "eventgraph.query.lexicon" in imported, "the role and topic tables were read"
    assert not [m for m in imported if m.split(".")[0] in ("spacy", "thinc", "en_core_web_sm")]


_IMPORTS_OF_A_QUERY = """
import io, json, sys
from eventgraph.cli import main
out = io.StringIO()
code = main(["query", sys.argv[1], sys.argv[2], "--format", "json", "--quiet"], stdout=out)
from eventgraph.query.lexicon import lexicon
patterns = ("boilerplate_lines", "refers_back", "proposal_of", "publishers", "day_pattern", "official_title_pattern")
lookups = ("gazetteer", "surname_holders", "event_names")
print(json.dumps({
    "exit": code,
    "rows": len(json.loads(out.getvalue())),
    "modules": sorted(sys.modules),
    "compiled": [p for p in patterns if p in vars(lexicon().knowledge)],
    "built": [p for p in lookups if p in vars(lexicon().knowledge)],
}))
"""

_ONLY_OTHER_COMMANDS = (
    "networkx",  # a saved graph is answered from its arrays; it is needed once a graph is built or changed
    "eventgraph.export",
    "spacy",
    "thinc",
    "jsonschema",
    "filelock",
    "rich",
    "prompt_toolkit",
    "matplotlib",
    "pandas",
    "duckdb",
    "pyarrow",
    "dask",
    "starlette",
    "uvicorn",
    "eventgraph.evaluation",
    "eventgraph.extract.nlp",
    "eventgraph.ingest",
    "eventgraph.plot",
    "eventgraph.serve",
    "eventgraph.repl.session",
)


def _imports_of_a_query(graph_file: Path, query: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_OF_A_QUERY, str(graph_file), query], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_query_imports_only_what_answering_it_takes(graph_file: Path) -> None:
    """Packages and modules of ingestion, evaluation, plots, the server and the shell stay
    unloaded; the knowledge tables are read for names and topics, but their extraction
    patterns are not compiled nor the gazetteer built; the stemmer loads only for a query
    with words to match."""
    about = _imports_of_a_query(graph_file, "statements by Lavrov about expansion")
    assert about["exit"] == 0 and about["rows"] >= 1
    modules = set(about["modules"])
    assert {"eventgraph.query.lexicon", "eventgraph.extract.knowledge", "snowballstemmer", "numpy", "lark"} <= modules
    assert [m for m in modules if m in _ONLY_OTHER_COMMANDS or m.split(".")[0] in _ONLY_OTHER_COMMANDS] == []
    assert about["compiled"] == [] and about["built"] == []
    met = _imports_of_a_query(graph_file, "who met Blinken")
    assert met["exit"] == 0 and met["rows"] >= 1
    assert "snowballstemmer" not in met["modules"]
