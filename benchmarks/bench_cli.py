"""How long ``eventgraph query`` takes from the shell, on a small graph.

    python benchmarks/bench_cli.py [--runs N] [--graph FILE] [--query Q ...]

Each query is answered by ``python -m eventgraph query FILE Q`` in a new process, N times
(10 by default); the wall time of each process is taken, and the median, fastest and
slowest are reported. Also: the time of a bare ``python -c pass`` (the interpreter's own
start), of ``import eventgraph``, where the time of one call goes (a child process that
times each step the command takes: importing the command line and the query engine,
parsing the query, loading the graph, answering, writing the table), and which modules a
query imports (whether spaCy is among them). Prints one JSON object; times in seconds.

The child processes keep their compiled bytecode in a temporary folder (one run first
writes it), so the figures are those of an installed package whether or not the calling
shell sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "examples" / "newsroom.eg"
QUERIES = (
    "statements by Lavrov about expansion",
    "who met Blinken",
    "count claims by speaker",
)
WATCHED = (
    "spacy",
    "thinc",
    "numpy",
    "networkx",
    "lark",
    "jsonschema",
    "rich",
    "prompt_toolkit",
    "matplotlib",
    "pandas",
    "duckdb",
    "pyarrow",
    "filelock",
    "snowballstemmer",
)
"""Top-level packages whose presence in ``sys.modules`` after a query is reported."""

_PHASES = """
import json, sys, time
started = time.perf_counter()
from eventgraph.collection import paused_collection
import eventgraph.cli
marks = {"import_cli": time.perf_counter()}
with paused_collection():
    from eventgraph.query import compile_query
    marks["import_query"] = time.perf_counter()
    query = compile_query(sys.argv[2])
    marks["parse"] = time.perf_counter()
    from eventgraph.graph import EventGraph
    graph = EventGraph.load(sys.argv[1])
    marks["load"] = time.perf_counter()
result = query.run(graph)
marks["answer"] = time.perf_counter()
result.to_table(footer=False)
result.footer()
marks["table"] = time.perf_counter()
steps, last = {}, started
for name, at in marks.items():
    steps[name] = at - last
    last = at
print(json.dumps(steps))
"""

_MODULES = """
import io, json, sys
from eventgraph.cli import main
code = main(["query", sys.argv[1], sys.argv[2], "--quiet"], stdout=io.StringIO())
print(json.dumps({"exit": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def wall(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall seconds of each of ``runs`` runs of a command, which must succeed."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
    }


def child_json(code: str, args: list[str], env: dict[str, str]) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def phases(graph: str, query: str, env: dict[str, str], runs: int) -> dict[str, float]:
    """The median seconds of each step of one call, over ``runs`` child processes."""
    samples = [child_json(_PHASES, [graph, query], env) for _ in range(runs)]
    return {step: round(statistics.median(s[step] for s in samples), 4) for step in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="processes per measurement (default 10)")
    parser.add_argument("--graph", default=str(GRAPH), help="a saved graph (default examples/newsroom.eg)")
    parser.add_argument("--query", action="append", help="a query to time (repeatable; default three typical ones)")
    args = parser.parse_args()
    queries = args.query or list(QUERIES)
    with tempfile.TemporaryDirectory(prefix="eventgraph-bench-cli-") as bytecode:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = bytecode
        command = [sys.executable, "-m", "eventgraph", "query", args.graph]
        for query in queries:  # the first runs write the bytecode and check that each query works
            wall([*command, query], env, 1)
        results: dict[str, Any] = {
            "python": sys.version.split()[0],
            "graph": args.graph,
            "runs": args.runs,
            "python_start": summary(wall([sys.executable, "-c", "pass"], env, args.runs)),
            "import_eventgraph": summary(wall([sys.executable, "-c", "import eventgraph"], env, args.runs)),
            "queries": [],
        }
        for query in queries:
            imported = child_json(_MODULES, [args.graph, query], env)
            results["queries"].append(
                {
                    "query": query,
                    **summary(wall([*command, query], env, args.runs)),
                    "steps_s": phases(args.graph, query, env, args.runs),
                    "exit": imported["exit"],
                    "spacy_imported": "spacy" in imported["modules"],
                    "imported": [m for m in WATCHED if m in imported["modules"]],
                }
            )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
