"""The benchmark runs end to end on a small graph and writes its JSON (timings are not checked).

``benchmarks/run.py`` itself stops with an error when the planner, the plain scan and
DuckDB find different numbers of rows, so a run that finishes also shows they agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


@pytest.mark.slow
def test_benchmark_runs_at_ten_thousand_claims(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(RUN), "--claims", "10000", "--runs", "1", "--copies", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["claims"] == 10_000

    queries = results["queries"]
    assert len(queries) >= 10
    assert {q["kind"] for q in queries} >= {"selective", "broad", "count", "who met", "path"}
    for q in queries:
        assert q["query"] and isinstance(q["rows"], int)
        for key in ("eventgraph_ms", "scan_ms", "duckdb_ms"):
            assert q[key] > 0, (q["query"], key)
    assert sum(q["rows"] for q in queries) > 0

    snapshot = results["snapshot"]
    for key in ("save_s", "load_s", "bytes", "peak_rss_mb", "baseline_load_s", "first_query_ms", "warm_query_ms"):
        assert snapshot[key] > 0, key
    assert snapshot["bytes"] > results["nodes"] * 50  # every node is in the file
    assert [p["query"] for p in snapshot["first_queries"]] == [q["query"] for q in queries]
    for probe in snapshot["first_queries"]:
        for key in (
            "first_ms",
            "warm_ms",
            "warm_after_reading_ms",
            "new_process_first_ms",
            "duckdb_first_ms",
            "duckdb_warm_ms",
        ):
            assert probe[key] > 0, (probe["query"], key)
        assert probe["first_vs_warm"] == round(probe["first_ms"] / probe["warm_ms"], 2)

    ingest = results["ingest"]
    assert ingest["words"] > 1000
    for key in ("words_per_s", "spacy_words_per_s", "two_workers_words_per_s"):
        assert ingest[key] > 0, key


@pytest.mark.slow
def test_the_cli_benchmark_times_a_query_and_reports_its_imports() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_cli.py"), "--runs", "1", "--query", "who met Blinken"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    (query,) = results["queries"]
    assert query["query"] == "who met Blinken" and query["exit"] == 0
    assert 0 < query["min_s"] <= query["median_s"] <= query["max_s"]
    assert set(query["steps_s"]) == {"import_cli", "import_query", "parse", "load", "answer", "table"}
    assert query["spacy_imported"] is False
    assert {"numpy", "lark"} <= set(query["imported"])
    assert "networkx" not in query["imported"]  # a saved graph is answered from its arrays
    assert results["import_eventgraph"]["median_s"] > results["python_start"]["median_s"] > 0
