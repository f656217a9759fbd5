"""Export speed: seconds and bytes for each format, and for ``graph.subgraph`` of one query.

    python benchmarks/bench_export.py [--claims N]

Builds the synthetic graph of ``bench_query.py`` (N claims by 500 speakers over ten
years, in documents of 50 claims) and writes it once in every format into a temporary
folder. Prints one JSON object: the graph's size, then per format the seconds taken,
the files written and their bytes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench_query import build

from eventgraph.export import FORMATS, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20000)
    args = parser.parse_args()
    graph = build(args.claims)
    counts = graph.stats()
    results: dict[str, object] = {
        "claims": args.claims,
        "nodes": sum(v for k, v in counts.items() if not k.endswith(" edges")),
        "edges": sum(v for k, v in counts.items() if k.endswith(" edges")),
    }
    with tempfile.TemporaryDirectory() as folder:
        for format in FORMATS:
            started = time.perf_counter()
            written = export(graph, Path(folder) / f"graph.{format}", format)
            seconds = time.perf_counter() - started
            results[format] = {
                "seconds": round(seconds, 3),
                "files": len(written),
                "bytes": sum(p.stat().st_size for p in written),
            }
    query = "statements by Speaker 7"
    started = time.perf_counter()
    sub = graph.subgraph(query)
    results["subgraph"] = {"query": query, "seconds": round(time.perf_counter() - started, 3), "nodes": len(sub)}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
