"""Scaling: ingestion throughput per engine, streaming memory, DuckDB over Parquet against memory.

    python benchmarks/bench_scale.py [--copies N] [--claims 1000000,10000000] [--memory-claims 1000000]
                                     [--skip ingest,memory,queries] [-o results.json]

Prints one JSON object (and writes it with ``-o``):

- ``ingest``: the example corpus in N numbered editions (distinct documents), ingested by
  one process, by two worker processes, and on a Dask LocalCluster of one and of two
  workers (cluster start-up timed apart); documents per second, and the projected
  core-hours and wall-clock hours per million documents of this size on this machine.
  Every engine's graph is checked equal to the one process's.
- ``memory``: the peak resident memory of ``eventgraph ingest`` (one process, a fresh
  interpreter each time) over the corpus once, ten identical copies of it, and ten
  distinct editions of it; the ratios to once.
- ``queries``: synthetic graphs of the given numbers of claims (with a tenth as many
  documents and meetings), written as Parquet; each query's time with DuckDB over the
  files, and with the in-memory engine at ``--memory-claims``; each engine's peak memory
  (a fresh process each) and, for memory, the time to build the graph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
DAY = dt.date(2026, 11, 1)
QUERIES = [
    "statements by Lavrov in 2022 limit 100",
    "count statements by year",
    "meetings with Lavrov between 2021-01 and 2021-06 limit 100",
    "quotes between 2020-03 and 2020-04 order by date desc limit 20",
    "count claims by speaker limit 10",
    "documents published in 2019-05 limit 50",
]


# -- ingestion --------------------------------------------------------------------------------------
def editions(folder: Path, copies: int) -> int:
    """The corpus ``copies`` times, each copy a distinct document (a numbered line added)."""
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for source in sorted(CORPUS.glob("*.txt")):
            text = source.read_text(encoding="utf-8")
            (folder / f"{copy:03d}_{source.name}").write_text(f"{text}\n\nEdition {copy}.\n", encoding="utf-8")
    return copies * len(list(CORPUS.glob("*.txt")))


def bench_ingest(copies: int) -> dict[str, Any]:
    from eventgraph.dask_ingest import dask_client, ingest_dask
    from eventgraph.streaming import ingest_stream

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        documents = editions(folder, copies)
        characters = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir())
        results["documents"] = documents
        results["characters_per_document"] = characters // documents
        ingest_stream([CORPUS], today=DAY, workers=1)  # warm up: model load, caches
        reference = None
        runs: list[tuple[str, int, Any]] = [
            ("local, 1 process", 1, lambda: ingest_stream([folder], today=DAY, workers=1)),
            ("local, 2 processes", 2, lambda: ingest_stream([folder], today=DAY, workers=2)),
        ]
        for name, workers, run in runs:
            started = time.perf_counter()
            graph, _ = run()
            results[name] = _rate(time.perf_counter() - started, documents, workers)
            reference = reference or graph
            results[name]["equal_to_one_process"] = graph == reference
        for workers in (1, 2):
            started = time.perf_counter()
            client = dask_client(workers=workers)
            client.run(_warm)  # each worker loads the pipeline once; part of start-up
            startup = time.perf_counter() - started
            try:
                started = time.perf_counter()
                graph, _ = ingest_dask([folder], client=client, today=DAY, partition_size=8)
                name = f"dask, {workers} worker{'s' if workers > 1 else ''}"
                results[name] = _rate(time.perf_counter() - started, documents, workers)
                results[name]["cluster_startup_seconds"] = round(startup, 2)
                results[name]["equal_to_one_process"] = graph == reference
            finally:
                cluster = client.cluster
                client.close()
                cluster.close()
    return results


def _warm() -> None:
    from eventgraph.extract.nlp import pipeline

    pipeline()


def _rate(seconds: float, documents: int, workers: int) -> dict[str, Any]:
    per_document = seconds / documents
    return {
        "seconds": round(seconds, 2),
        "documents_per_second": round(documents / seconds, 2),
        "wall_hours_per_million_documents": round(per_document * 1e6 / 3600, 1),
        "core_hours_per_million_documents": round(per_document * workers * 1e6 / 3600, 1),
    }


# -- streaming memory -------------------------------------------------------------------------------
def bench_memory() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        once = Path(tmp) / "once"
        shutil.copytree(CORPUS, once)
        copies = Path(tmp) / "copies"
        for copy in range(10):
            shutil.copytree(CORPUS, copies / f"copy{copy}")
        distinct = Path(tmp) / "editions"
        editions(distinct, 10)
        peaks = {name: _peak_ingest(folder, Path(tmp)) for name, folder in [
            ("once", once), ("ten_identical_copies", copies), ("ten_distinct_editions", distinct)
        ]}  # fmt: skip
    return {
        "peak_rss_mb": peaks,
        "ratio_copies_to_once": round(peaks["ten_identical_copies"] / peaks["once"], 3),
        "ratio_editions_to_once": round(peaks["ten_distinct_editions"] / peaks["once"], 3),
    }


def _peak_ingest(folder: Path, tmp: Path) -> float:
    """Peak resident memory (MB) of one ``eventgraph ingest`` process over ``folder``."""
    code = _PEAK + (
        "import sys\n"
        "from eventgraph.cli import main\n"
        "code = main(['ingest', sys.argv[1], '-o', sys.argv[2], '--workers', '1', '-q'])\n"
        "print(peak_mb())\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(tmp / f"{folder.name}.eg")],
        capture_output=True,
        text=True,
        check=True,
    )
    return round(float(done.stdout.strip().splitlines()[-1]), 1)


# -- queries over Parquet and in memory ---------------------------------------------------------------
def synthetic(claims: int, seed: int = 16) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Rows of a synthetic graph, table by table: ("claims", row), ("edges", row)...

    A claim per speaker drawn from 2,000 people, 50 countries and 20 organisations; a
    document per ten claims, a meeting of two parties per ten claims; dates in 2015-2024,
    one claim in ten undated; one topic of thirty per claim.
    """
    rnd = random.Random(seed)
    people = [("person:sergey-lavrov", "person", "Sergey Lavrov", ["Lavrov", "Sergey Lavrov"])]
    people += [(f"person:p{i:04d}", "person", f"Person {i:04d}", [f"Person {i:04d}"]) for i in range(1, 2000)]
    countries = [(f"country:c{i:02d}", "country", f"Country {i:02d}", [f"Country {i:02d}"]) for i in range(50)]
    bodies = [(f"organisation:o{i:02d}", "organisation", f"Body {i:02d}", [f"Body {i:02d}"]) for i in range(20)]
    places = [(f"place:l{i:02d}", "place", f"Place {i:02d}", [f"Place {i:02d}"]) for i in range(40)]
    actors = [e[0] for e in (*people, *countries, *bodies)]
    for entity in (*people, *countries, *bodies, *places):
        yield "entities", entity[:3]
        for alias in entity[3]:
            yield "aliases", (entity[0], alias)
    topics = [f"topic {i:02d}" for i in range(30)]
    for label in topics:
        yield "topics", (f"topic:{label.replace(' ', '-')}", label, [label])
    start = dt.date(2015, 1, 1).toordinal()
    for number in range(claims // 10):
        document = f"doc:{number:012x}"
        day = dt.date.fromordinal(start + rnd.randrange(3650))
        yield "documents", (document, f"wire/{number}.txt", f"Report {number}", day, day, "metadata", "")
        for slot in range(10):
            claim = f"claim:{number:010x}{slot:x}"
            speaker = actors[0] if rnd.random() < 0.002 else rnd.choice(actors)
            dated = rnd.random() >= 0.1
            date = dt.date.fromordinal(start + rnd.randrange(3650)) if dated else None
            form = "quote" if rnd.random() < 0.4 else "reported"
            row = (claim, document, f"statement {slot}", form, "said", slot * 100, slot * 100 + 40, slot * 100,
                   slot * 100 + 60, date, date, "explicit" if date else None, None, None, None, speaker)  # fmt: skip
            yield "claims", row
            topic = f"topic:{rnd.choice(topics).replace(' ', '-')}"
            yield "edges", ("said", speaker, claim, [document], None, None, None, None, None)
            yield "edges", ("source", claim, document, [document], None, None, None, None, None)
            yield "edges", ("about", claim, topic, [document], None, None, None, None, None)
        meeting = f"meeting:{number:012x}"
        date = dt.date.fromordinal(start + rnd.randrange(3650)) if rnd.random() >= 0.1 else None
        how = "explicit" if date else None
        parties = [actors[0]] if rnd.random() < 0.01 else []
        while len(parties) < 2:
            pick = rnd.choice(actors)
            if pick not in parties:
                parties.append(pick)
        yield "meetings", (meeting, document, "talks", "held", "They met.", 0, 9, date, date, how, sorted(parties))
        for party in parties:
            yield "edges", ("participant", party, meeting, [document], None, None, None, None, None)
        yield "edges", ("held_in", meeting, rnd.choice(places)[0], [document], None, None, None, None, None)
        yield "edges", ("source", meeting, document, [document], None, None, None, None, None)


def write_synthetic(folder: Path, claims: int, chunk: int = 1_000_000) -> float:
    """The synthetic graph as a Parquet export (edges sorted by source, as exports are);
    returns the seconds it took."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventgraph.export.parquet import PARQUET_TABLES, ROWS_PER_GROUP, _schemas

    started = time.perf_counter()
    schemas = _schemas()
    buffers: dict[str, list[tuple[Any, ...]]] = {t: [] for t in PARQUET_TABLES}
    parts = dict.fromkeys(PARQUET_TABLES, 0)
    places = {t: folder / (t if t != "edges" else "edges-unsorted") for t in PARQUET_TABLES}
    for place in places.values():
        place.mkdir(parents=True, exist_ok=True)

    def flush(table: str) -> None:
        rows = buffers[table]
        schema = schemas[table]
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema.names]
        data = pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)],
                                    schema=schema)  # fmt: skip
        path = places[table] / f"part-{parts[table]:05d}.parquet"
        pq.write_table(data, path, compression="zstd", row_group_size=ROWS_PER_GROUP)
        parts[table] += 1
        buffers[table] = []

    for table, row in synthetic(claims):
        buffers[table].append(row)
        if len(buffers[table]) >= chunk:
            flush(table)
    for table in PARQUET_TABLES:
        if buffers[table] or parts[table] == 0:
            flush(table)
    (folder / "edges").mkdir(exist_ok=True)
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.execute(
        f"COPY (SELECT * FROM read_parquet('{places['edges']}/*.parquet') ORDER BY source, target, kind, title) "
        f"TO '{folder / 'edges' / 'part-00000.parquet'}' "
        f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROWS_PER_GROUP})"
    )
    shutil.rmtree(places["edges"])
    return time.perf_counter() - started


_PEAK = """
def peak_mb():
    # the high-water mark of this process's memory; ru_maxrss would also count the parent's before exec
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_RUN_DUCKDB = (
    _PEAK
    + """
import json, sys, time
from eventgraph.query import compile_query
from eventgraph.query.duckdb_engine import run_parquet
from eventgraph.query.duckdb_tables import open_parquet
started = time.perf_counter()
tables = open_parquet(sys.argv[1])
opened = time.perf_counter() - started
times = {}
for text in json.loads(sys.argv[2]):
    query = compile_query(text)
    started = time.perf_counter()
    rows = len(run_parquet(query, tables))
    first = time.perf_counter() - started
    started = time.perf_counter()
    run_parquet(query, tables)
    times[text] = {"seconds": round(first, 3), "again": round(time.perf_counter() - started, 3), "rows": rows}
peak = peak_mb()
print(json.dumps({"open_seconds": round(opened, 2), "queries": times, "peak_rss_mb": round(peak, 1)}))
"""
)

_RUN_MEMORY = (
    _PEAK
    + """
import json, sys, time
sys.path.insert(0, sys.argv[3])
from bench_scale import graph_of
from eventgraph.query import compile_query
started = time.perf_counter()
graph = graph_of(int(sys.argv[1]))
built = time.perf_counter() - started
times = {}
for text in json.loads(sys.argv[2]):
    query = compile_query(text)
    started = time.perf_counter()
    rows = len(query.run(graph))
    first = time.perf_counter() - started
    started = time.perf_counter()
    query.run(graph)
    times[text] = {"seconds": round(first, 3), "again": round(time.perf_counter() - started, 3), "rows": rows}
peak = peak_mb()
print(json.dumps({"build_seconds": round(built, 1), "queries": times, "peak_rss_mb": round(peak, 1)}))
"""
)


def graph_of(claims: int):  # type: ignore[no-untyped-def]
    """The synthetic graph as an ``EventGraph`` in memory (the same facts ``write_synthetic`` writes)."""
    from eventgraph.graph import EventGraph
    from eventgraph.model import Claim, DateInterval, Document, Edge, Entity, Meeting, Span, Topic

    def interval(start: dt.date | None, how: str | None) -> DateInterval | None:
        return DateInterval(start, start, how or "explicit") if start is not None else None

    aliases: dict[str, list[str]] = {}
    nodes: list[Any] = []
    edges: list[Edge] = []
    entities: list[tuple[str, str, str]] = []
    for table, row in synthetic(claims):
        if table == "entities":
            entities.append(row)
        elif table == "aliases":
            aliases.setdefault(row[0], []).append(row[1])
        elif table == "topics":
            nodes.append(Topic(row[0], row[1], tuple(row[2])))
        elif table == "documents":
            nodes.append(Document(row[0], row[1], "", row[2], interval(row[3], row[5])))
        elif table == "claims":
            nodes.append(Claim(row[0], row[1], row[2], row[3], row[4], Span(row[5], row[6]), Span(row[7], row[8]),
                               interval(row[9], row[11])))  # fmt: skip
        elif table == "meetings":
            nodes.append(
                Meeting(row[0], row[1], row[2], Span(row[5], row[6]), row[4], interval(row[7], row[9]), row[3])
            )
        else:
            edges.append(Edge(row[0], row[1], row[2], tuple(row[3])))
    nodes += [Entity(i, kind, name, aliases=aliases.get(i, ())) for i, kind, name in entities]
    return EventGraph(nodes, edges)


def bench_queries(sizes: list[int], memory_claims: int) -> dict[str, Any]:
    results: dict[str, Any] = {"queries": QUERIES}
    with tempfile.TemporaryDirectory() as tmp:
        for claims in sizes:
            folder = Path(tmp) / f"pq-{claims}"
            seconds = write_synthetic(folder, claims)
            size = sum(p.stat().st_size for p in folder.rglob("*.parquet"))
            measured = _child(_RUN_DUCKDB, str(folder), json.dumps(QUERIES))
            results[f"duckdb, {claims:,} claims"] = {
                "write_seconds": round(seconds, 1),
                "parquet_mb": round(size / 2**20, 1),
                **measured,
            }
            shutil.rmtree(folder)
        if memory_claims:
            measured = _child(_RUN_MEMORY, str(memory_claims), json.dumps(QUERIES), str(Path(__file__).parent))
            results[f"memory, {memory_claims:,} claims"] = measured
    return results


def _child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10, help="editions of the example corpus to ingest")
    parser.add_argument("--claims", default="1000000,10000000", help="sizes of the Parquet graphs, comma-separated")
    parser.add_argument("--memory-claims", type=int, default=1_000_000, help="size of the in-memory graph (0: none)")
    parser.add_argument("--skip", default="", help="parts to leave out: ingest, memory, queries")
    parser.add_argument("-o", "--output", help="also write the JSON here")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    results: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "date": dt.date.today().isoformat(),
    }
    if "memory" not in skip:
        results["memory"] = bench_memory()
    if "ingest" not in skip:
        results["ingest"] = bench_ingest(args.copies)
    if "queries" not in skip:
        sizes = [int(s) for s in args.claims.split(",") if s.strip()]
        results["queries"] = bench_queries(sizes, args.memory_claims)
    results["peak_rss_mb_of_this_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
