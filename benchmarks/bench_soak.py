"""Soak: extraction time and memory on long documents, and ingestion under a 4 GB address-space limit.

    python benchmarks/bench_soak.py [--sizes 50000,200000,800000,3200000] [--output soak.json]

Documents are the bundled example corpus repeated to each size, once as ordinary lines
(``multi-line``) and once as one single line. Each is extracted in a fresh process, which
reports its processor time (``time.process_time``: other programs on the machine barely
change it, where they would change the clock time) split into parsing (spaCy), entity
detection, claims, dating and the rest, its clock time, and its peak memory.

Then two ingestions run under a 4 GB address-space limit (``RLIMIT_AS``): a folder
holding a 10 MB single-line file, a 50 MB multi-line file and the example corpus, with
the default limits; and the largest single-line document with ``--max-chars`` raised so
that it is extracted. The results are printed as JSON, with the time per character at
each size and, for each step up in size, whether the time grew at most as n log n (with
10% allowed for timing noise).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
SIZES = (50_000, 200_000, 800_000, 3_200_000)
SHAPES = ("multi-line", "single-line")
ADDRESS_SPACE = 4 * 2**30
NOISE = 1.10


def make_text(size: int, shape: str) -> str:
    """The example corpus repeated to ``size`` characters, with its lines or as one line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if shape == "single-line":
        texts = [" ".join(t.split()) for t in texts]
    joiner = " " if shape == "single-line" else "\n"
    parts, length, index = [], 0, 0
    while length < size:
        parts.append(texts[index % len(texts)])
        length += len(parts[-1]) + 1
        index += 1
    return joiner.join(parts)[:size]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size: int, shape: str) -> dict[str, object]:
    """Extract one document in this process; the time of each part and the peak memory."""
    import datetime as dt

    import eventgraph.extract.document as stages
    from eventgraph.extract.document import extract_document
    from eventgraph.extract.knowledge import Knowledge
    from eventgraph.extract.nlp import pipeline
    from eventgraph.io import make_document

    stage_names = {"parse": "parse", "entities": "detect_entities", "claims": "extract_claims", "dating": "date_facts"}
    spent = dict.fromkeys(stage_names, 0.0)

    def timed(part: str, function):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] += time.process_time() - started

        return run

    for part, name in stage_names.items():  # the stages as the document stage calls them
        setattr(stages, name, timed(part, getattr(stages, name)))
    knowledge = Knowledge.load(())
    pipeline()
    document = make_document(f"soak-{shape}-{size}", make_text(size, shape))
    started, clock = time.process_time(), time.perf_counter()
    graph = extract_document(document, knowledge, dt.date(2026, 1, 1))
    seconds, clock = time.process_time() - started, time.perf_counter() - clock
    return {
        "characters": len(document.text),
        "shape": shape,
        "seconds": round(seconds, 2),
        "clock_seconds": round(clock, 2),
        "microseconds_per_character": round(seconds / len(document.text) * 1e6, 2),
        **{f"{part}_seconds": round(spent[part], 2) for part in stage_names},
        "rest_seconds": round(seconds - sum(spent.values()), 2),
        "peak_rss_mb": round(_peak_mb()),
        "claims": len(graph.claims()),
        "meetings": len(graph.meetings()),
    }


def ingest_limited(arguments: list[str]) -> dict[str, object]:
    """Run ``eventgraph ARGUMENTS`` in this process under the address-space limit."""
    from eventgraph.cli import main

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    started = time.perf_counter()
    code = main(arguments)
    return {"exit": code, "seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": round(_peak_mb())}


def _child(*arguments: str) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, __file__, *arguments],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{' '.join(arguments)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def _growth(runs: list[dict[str, object]]) -> list[dict[str, object]]:
    steps = []
    for small, large in itertools.pairwise(runs):
        n1, n2 = int(small["characters"]), int(large["characters"])  # type: ignore[call-overload]
        t1, t2 = float(small["seconds"]), float(large["seconds"])  # type: ignore[arg-type]
        bound = (n2 * math.log(n2)) / (n1 * math.log(n1))
        steps.append(
            {
                "from": n1,
                "to": n2,
                "time_ratio": round(t2 / t1, 2),
                "n_log_n_ratio": round(bound, 2),
                "exponent": round(math.log(t2 / t1) / math.log(n2 / n1), 3),
                "within_n_log_n": t2 / t1 <= bound * NOISE,
            }
        )
    return steps


def _address_space_runs(largest: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for source in CORPUS.glob("*.txt"):
            (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "one-line-10mb.txt").write_text(make_text(10_000_000, "single-line"), encoding="utf-8")
        (folder / "many-lines-50mb.txt").write_text(make_text(50_000_000, "multi-line"), encoding="utf-8")
        folder_run, folder_log = _child("--limited", "ingest", str(folder), "-o", str(Path(tmp) / "folder.eg"))
        from eventgraph import EventGraph

        kept = sorted(Path(d.path).name for d in EventGraph.load(Path(tmp) / "folder.eg").documents())
        single = Path(tmp) / "single.txt"
        single.write_text(make_text(largest, "single-line"), encoding="utf-8")
        raised = ["--max-chars", str(largest + 1)]
        single_run, _ = _child("--limited", "ingest", str(single), "-o", str(Path(tmp) / "single.eg"), *raised)
    return {
        "limit_bytes": ADDRESS_SPACE,
        "folder": {
            **folder_run,
            "reports": [line for line in folder_log.splitlines() if line.startswith("warning: ")],
            "documents_kept": kept,
        },
        f"single_line_{largest}": single_run,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="document sizes in characters")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    parser.add_argument("--measure", nargs=2, metavar=("SIZE", "SHAPE"), help=argparse.SUPPRESS)
    parser.add_argument("--limited", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(int(args.measure[0]), args.measure[1])))
        return
    if args.limited:
        print(json.dumps(ingest_limited(args.limited)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, object] = {"sizes": sizes, "extraction": {}, "growth": {}}
    for shape in SHAPES:
        runs = []
        for size in sizes:
            run, _ = _child("--measure", str(size), shape)
            print(f"{shape} {size:>9,} chars: {run['seconds']:>7} s processor time", file=sys.stderr, flush=True)
            runs.append(run)
        results["extraction"][shape] = runs  # type: ignore[index]
        results["growth"][shape] = _growth(runs)  # type: ignore[index]
    results["address_space"] = _address_space_runs(max(sizes))
    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
