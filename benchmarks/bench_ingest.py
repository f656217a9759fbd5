"""Ingestion speed: documents per second, one process against several, measured side by side.

    python benchmarks/bench_ingest.py [--copies N] [--workers W]

The corpus is the bundled example corpus repeated N times with a numbered line added to
each copy (so every copy is a distinct document). Prints documents per second for one
process and for W worker processes, and their ratio, from the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from eventgraph.ingest import ingest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def make_corpus(folder: Path, copies: int) -> int:
    count = 0
    for copy in range(copies):
        for source in sorted(CORPUS.glob("*.txt")):
            text = source.read_text(encoding="utf-8")
            (folder / f"{copy:03d}_{source.name}").write_text(f"{text}\n\nEdition {copy}.\n", encoding="utf-8")
            count += 1
    return count


def timed(folder: Path, workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    graph, _ = ingest([folder], workers=workers, today=dt.date(2026, 1, 1))
    return time.perf_counter() - started, len(graph.claims())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        documents = make_corpus(folder, args.copies)
        timed(folder, 1)  # warm up: model load, caches
        one, claims_one = timed(folder, 1)
        many, claims_many = timed(folder, args.workers)
    assert claims_one == claims_many, "parallel ingestion must give the same graph"
    size = sum(len(p.read_text()) for p in CORPUS.glob("*.txt")) // 5
    print(f"documents: {documents}, characters per document: ~{size}")
    print(f"1 process:   {one:6.2f} s  {documents / one:6.1f} docs/s")
    print(f"{args.workers} processes: {many:6.2f} s  {documents / many:6.1f} docs/s")
    print(f"speed-up: {one / many:.2f}x")


if __name__ == "__main__":
    main()
