"""Evaluation speed: where the time of ``eventgraph evaluate`` goes, on the shipped gold sets.

    python benchmarks/bench_evaluate.py [--repeat N]

For the seeds (``examples/corpus``), and the dev set where it lies beside the repository
(``../shared``): seconds to
read and check the gold file against its schema, to check it against its corpus, to
ingest the corpus, to ask the graph every listing and gold query, to score, to render the
HTML page, and to draft a gold file. Also the cost of importing ``eventgraph`` and
``jsonschema`` in a fresh interpreter. Prints one JSON object; times are the best of N runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from eventgraph.evaluation import DocumentKeys, Predictions, check_gold, draft_gold, load_gold, score
from eventgraph.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (ROOT / "tests" / "data" / "gold" / "seeds.json", ROOT / "examples" / "corpus"),
    **(
        {"dev": (SHARED / "eval" / "gold" / "dev.json", SHARED / "corpus" / "dev")}
        if (SHARED / "eval" / "gold" / "dev.json").is_file()
        else {}
    ),
}


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return round(min(times), 4), value


def import_seconds(module: str, repeat: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    ]
    return round(min(runs), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, Any] = {
        "import eventgraph": import_seconds("eventgraph", args.repeat),
        "import jsonschema": import_seconds("jsonschema", args.repeat),
    }
    for name, (gold_path, corpus) in SETS.items():
        load, gold = best(args.repeat, partial(load_gold, gold_path))
        check, problems = best(args.repeat, partial(check_gold, gold_path, corpus))
        ingested, (graph, _) = best(1, partial(ingest, [corpus]))
        queries = [q.q for q in gold.queries]
        ask, predictions = best(args.repeat, partial(Predictions.from_graph, graph, queries))
        keys = DocumentKeys(gold, corpus, predictions.documents)
        scored, report = best(args.repeat, partial(score, gold, predictions, keys))
        html, page = best(args.repeat, report.to_html)
        drafted, _ = best(args.repeat, partial(draft_gold, graph, corpus))
        results[name] = {
            "documents": len(gold.documents),
            "gold claims": len(gold.claims),
            "gold queries": len(queries),
            "problems": len(problems),
            "findings": len(report.findings),
            "seconds": {
                "load gold": load,
                "check against corpus": check,
                "ingest": ingested,
                "listings and queries": ask,
                "score": scored,
                "html": html,
                "draft": drafted,
            },
            "html bytes": len(page.encode("utf-8")),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
