"""Queries, snapshots and ingestion, measured side by side against a plain scan, DuckDB and spaCy.

    python benchmarks/run.py [--claims N] [--json OUT] [--texts DIR] [--copies C] [--runs R]
                             [--rounds K] [--only ingest]

Builds a seeded synthetic graph of N claims (``benchmarks/synthetic.py``: a few speakers
say most, twenty years of dates, topics and meetings), then measures in one run:

- each query of ``QUERIES``, on the graph as loading its snapshot gives it, with the
  planner, with a plain scan (every node of the subject checked against every filter)
  and as SQL in DuckDB over the same facts; each figure is the median of R runs (20 by
  default; the scan stops early once it has spent ten seconds on a query, and says how
  many runs it made). The three must find the same number of rows. eventgraph's time is
  that of ``graph.query`` returning a ``Result`` whose row count is known and whose
  first ten rows are built; DuckDB's that of executing the SQL and fetching every
  matching id.
- the snapshot: ``save`` and ``load`` times, its size, the peak memory of a process
  that loads it and answers a query, and each query's first run after loading against
  its warm runs, in a fresh process per query that has answered queries before on the
  example graph and, ten rounds over, on a smaller snapshot of the same form (so what is
  measured is the new graph's and not the process's first use of the parser, the
  knowledge tables and the query code); the same process then reads the file again, as
  loading does to check it, before each of five more runs (the warm query once the CPU's
  caches have been pushed out). A fresh process per query gives the first run after
  queries on the example graph only, and another DuckDB's first and warm runs on a
  database file of the same facts. The same graph is written and read with networkx
  ``node_link_data`` and json.
- ingestion of C copies of the texts in DIR (8 of the example corpus by default, each
  copy made distinct by a numbered line): words per second of ``ingest`` with one and
  two worker processes, against spaCy's ``nlp.pipe`` alone on the same texts, in one
  process and in two processes at once (half the texts each: the most two workers can
  gain on the machine). The four run one after the other, K times over (3 by default);
  each figure is the median of its K rounds, with the CPU seconds each took.
  ``--only ingest`` measures ingestion alone.

Prints a table and writes everything as JSON to OUT (``benchmarks/results.json`` by
default). DuckDB comes with the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import duckdb  # noqa: E402
import networkx as nx  # noqa: E402
import pandas  # noqa: E402
from synthetic import FIRST_DAY, Facts, build, speaker_count  # noqa: E402

from eventgraph import EventGraph, QueryError  # noqa: E402
from eventgraph.codec import edge_to_dict, node_to_dict  # noqa: E402
from eventgraph.query import execute as execute_module  # noqa: E402
from eventgraph.query.plan import Plan, Step  # noqa: E402
from eventgraph.query.predicates import AllOf  # noqa: E402

EXAMPLES = HERE.parent / "examples" / "corpus"
SHOWN = 10
"""Rows of each answer built in full, as a query box shows its first screen."""

_BY_YEAR = "strftime(c.start_date, '%Y')"
QUERIES: list[tuple[str, str, str]] = [
    # (kind, eventgraph query, DuckDB SQL returning the same rows' ids or groups)
    (
        "selective",
        "statements by Speaker 40 about drones",
        "SELECT c.id FROM claims c JOIN claim_topics t ON t.claim = c.id WHERE c.speaker = 'Speaker 40' "
        "AND t.topic = 'drones'",
    ),
    (
        "selective",
        "statements by Speaker 40 between 2016-03 and 2016-06",
        "SELECT id FROM claims WHERE speaker = 'Speaker 40' AND start_date <= DATE '2016-06-30' "
        "AND end_date >= DATE '2016-03-01'",
    ),
    (
        "selective",
        "claims about ceasefire in 2019",
        "SELECT c.id FROM claims c JOIN claim_topics t ON t.claim = c.id WHERE t.topic = 'ceasefire' "
        "AND c.start_date <= DATE '2019-12-31' AND c.end_date >= DATE '2019-01-01'",
    ),
    (
        "selective",
        "meetings with Speaker 40 in 2015",
        "SELECT m.id FROM meetings m JOIN participants p ON p.meeting = m.id WHERE p.entity = 'Speaker 40' "
        "AND m.start_date <= DATE '2015-12-31' AND m.end_date >= DATE '2015-01-01'",
    ),
    (
        "broad",
        "statements by Speaker 0 in 2019",
        "SELECT id FROM claims WHERE speaker = 'Speaker 0' AND start_date <= DATE '2019-12-31' "
        "AND end_date >= DATE '2019-01-01'",
    ),
    (
        "broad",
        "claims about sanctions before 2007-03",
        "SELECT c.id FROM claims c JOIN claim_topics t ON t.claim = c.id WHERE t.topic = 'sanctions' "
        "AND c.end_date < DATE '2007-03-01'",
    ),
    (
        "count",
        "count claims by speaker about cyber",
        "SELECT c.speaker, count(*) FROM claims c JOIN claim_topics t ON t.claim = c.id WHERE t.topic = 'cyber' "
        "GROUP BY c.speaker",
    ),
    (
        "count",
        "count claims by year",
        f"SELECT {_BY_YEAR}, count(*) FROM claims c GROUP BY {_BY_YEAR}",
    ),
    (
        "count",
        'count claims by "Speaker 3" by topic',
        "SELECT t.topic, count(*) FROM claims c JOIN claim_topics t ON t.claim = c.id WHERE c.speaker = 'Speaker 3' "
        "GROUP BY t.topic",
    ),
    (
        "who met",
        "who met Speaker 40",
        "SELECT p2.entity, p2.meeting FROM participants p1 JOIN participants p2 ON p1.meeting = p2.meeting "
        "WHERE p1.entity = 'Speaker 40' AND p2.entity <> 'Speaker 40'",
    ),
    (
        "path",
        "path from Speaker 40 to Speaker {far}",
        "WITH RECURSIVE walk(entity, depth) AS (SELECT 'Speaker 40', 0 UNION SELECT p2.entity, w.depth + 1 "
        "FROM walk w JOIN participants p1 ON p1.entity = w.entity JOIN participants p2 ON p2.meeting = p1.meeting "
        "WHERE w.depth < 3) SELECT min(depth) FROM walk WHERE entity = 'Speaker {far}'",
    ),
]


# -- helpers -----------------------------------------------------------------------------------
def median_ms(action: Callable[[], Any], runs: int, budget_s: float | None = None) -> tuple[float, int, Any]:
    """The median wall time of ``action`` in milliseconds, the runs made and the last answer."""
    times: list[float] = []
    answer = None
    spent = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        answer = action()
        took = time.perf_counter() - started
        times.append(took)
        spent += took
        if budget_s is not None and spent > budget_s and len(times) >= 3:
            break
    return statistics.median(times) * 1000, len(times), answer


def scanning(pred: Any, domain: Any) -> Plan:
    """A plan that ignores every index: every node of the subject, each clause checked on it
    node by node (the domain without its columns, so no postings are used)."""
    clauses = pred.items if isinstance(pred, AllOf) else ([pred] if pred is not None else [])
    total = len(domain.nodes)
    plain = copy.copy(domain)
    object.__setattr__(plain, "columns", None)
    object.__setattr__(plain, "numbers", None)
    return Plan(plain, pred, [Step("scan", None, total), *(Step("check", c, total) for c in clauses)])


def answer(graph: EventGraph, text: str) -> int:
    """Run a query as a query box does: the row count, and the first rows built."""
    result = graph.query(text)
    for number in range(min(SHOWN, len(result))):
        result[number]  # built when read
    return len(result)


def peak_rss_mb() -> float:
    """The process's peak resident memory. Read from ``/proc`` where there is one: a child's
    ``ru_maxrss`` starts from its parent's peak on Linux, which would credit the probe with
    the memory of the process that built the graph."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- DuckDB ------------------------------------------------------------------------------------
def duckdb_of(facts: Facts, path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The facts as DuckDB tables, in memory or in a database file at ``path``."""
    con = duckdb.connect(str(path) if path else ":memory:")
    con.execute("CREATE TABLE claims (id VARCHAR, speaker VARCHAR, document VARCHAR, start_date DATE, end_date DATE)")
    con.execute("CREATE TABLE claim_topics (claim VARCHAR, topic VARCHAR)")
    con.execute("CREATE TABLE meetings (id VARCHAR, place VARCHAR, start_date DATE, end_date DATE)")
    con.execute("CREATE TABLE participants (meeting VARCHAR, entity VARCHAR)")
    for table, rows in (
        ("claims", facts.claims),
        ("claim_topics", facts.claim_topics),
        ("meetings", facts.meetings),
        ("participants", facts.participants),
    ):
        incoming = pandas.DataFrame.from_records(rows)
        con.register("incoming", incoming)
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
        con.unregister("incoming")
    return con


# -- the parts ---------------------------------------------------------------------------------
def bench_queries(graph: EventGraph, facts: Facts, runs: int) -> list[dict[str, Any]]:
    con = duckdb_of(facts)
    far = far_speaker(len(facts.claims))
    out = []
    for kind, text, sql in QUERIES:
        text, sql = text.format(far=far), sql.format(far=far)
        planned_ms, _, rows = median_ms(lambda text=text: answer(graph, text), runs)
        with mock.patch.object(execute_module, "make_plan", scanning):
            scan_ms, scan_runs, scan_rows = median_ms(lambda text=text: answer(graph, text), runs, budget_s=10.0)
        duck_ms, _, duck = median_ms(lambda sql=sql: con.execute(sql).fetchall(), runs)
        expected = _duckdb_rows(kind, duck)
        if rows != scan_rows or (expected is not None and rows != expected):
            raise SystemExit(f"{text!r}: planner {rows} rows, scan {scan_rows}, DuckDB {expected}")
        out.append(
            {
                "query": text,
                "kind": kind,
                "rows": rows,
                "eventgraph_ms": round(planned_ms, 4),
                "scan_ms": round(scan_ms, 4),
                "scan_runs": scan_runs,
                "duckdb_ms": round(duck_ms, 4),
                "vs_duckdb": round(duck_ms / planned_ms, 2),
                "vs_scan": round(scan_ms / planned_ms, 1),
            }
        )
        print(
            f"  {text:56} {rows:>7} rows  {planned_ms:9.3f} ms  scan {scan_ms:9.1f} ms  DuckDB {duck_ms:7.3f} ms",
            flush=True,
        )
    return out


def _duckdb_rows(kind: str, found: list[tuple[Any, ...]]) -> int | None:
    """How many rows eventgraph should give for DuckDB's answer (None where they count differently)."""
    if kind == "path":
        return None  # DuckDB gives the distance, eventgraph the steps
    return len(found)


def write_snapshots(graph: EventGraph, folder: Path) -> dict[str, Any]:
    """Save the graph as a snapshot and as networkx ``node_link`` JSON; how long each took."""
    path = folder / "graph.eg"
    started = time.perf_counter()
    graph.save(path)
    save_s = time.perf_counter() - started
    started = time.perf_counter()
    _node_link_save(graph, folder / "graph.node_link.json")
    return {"save_s": round(save_s, 3), "baseline_save_s": round(time.perf_counter() - started, 3)}


def far_speaker(claims: int) -> int:
    """A speaker who says little, for ``path``."""
    return speaker_count(claims) * 4 // 5


WARM_UP_CLAIMS = 20_000
"""Claims of the graph a load probe answers queries on before it loads the measured one
(enough for loading to make what it makes for a large graph: ``prepare.LARGE``)."""
AFTER_READING_RUNS = 5
"""Warm runs of a load probe's query, each after the process has read the snapshot again."""
WARM_UP_ROUNDS = 10
"""Times the probe answers each query on that graph: Python specialises a function's code
after it has run several times, so one round would leave the measured query to pay for it."""


def write_warm_up(folder: Path) -> Path:
    """A smaller graph of the same form (a snapshot large enough to take a large graph's
    paths), for load probes to answer queries on first."""
    path = folder / "warm-up.eg"
    graph, _ = build(WARM_UP_CLAIMS, seed=29)
    graph.save(path)
    return path


def _probe(path: Path, text: str, warm_up: Path | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--load-probe", str(path), text, str(warm_up or "-")]
    child = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def bench_snapshot(folder: Path, saved: dict[str, Any], claims: int) -> dict[str, Any]:
    """Load both files in fresh processes (the graph that wrote them is gone by then).

    Each query's first run after loading is measured twice, each time in a fresh process:
    once after the process has answered the benchmark's queries on a smaller graph of the
    same form (so Python's own first runs of the query code are not counted, only what the
    new graph costs its first query), and once after it has answered queries on the
    example graph only."""
    path, baseline = folder / "graph.eg", folder / "graph.node_link.json"
    warm_up = write_warm_up(folder)
    probes = []
    for _, template, sql in QUERIES:
        far = far_speaker(claims)
        text, sql = template.format(far=far), sql.format(far=far)
        warmed, fresh = _probe(path, text, warm_up), _probe(path, text, None)
        command = [sys.executable, __file__, "--duckdb-probe", str(folder / "facts.duckdb"), sql]
        duck = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        probes.append(
            {
                "query": text,
                **warmed,
                "new_process_first_query_ms": fresh["first_query_ms"],
                "duckdb_first_query_ms": duck["first_query_ms"],
                "duckdb_warm_query_ms": duck["warm_query_ms"],
            }
        )
        print(
            f"  first run {text:56} {warmed['first_query_ms']:7.3f} ms, warm {warmed['warm_query_ms']:7.3f} ms,"
            f" warm after reading the file {warmed['after_reading_ms']:7.3f} ms (new process:"
            f" {fresh['first_query_ms']:.3f} ms; DuckDB {duck['first_query_ms']:.3f} ms,"
            f" warm {duck['warm_query_ms']:.3f} ms)",
            flush=True,
        )
    loaded = probes[0]
    child = subprocess.run(
        [sys.executable, __file__, "--node-link-probe", str(baseline)], check=True, capture_output=True, text=True
    )
    base = json.loads(child.stdout.strip().splitlines()[-1])
    return {
        "save_s": saved["save_s"],
        "load_s": statistics.median(p["load_s"] for p in probes),
        "bytes": path.stat().st_size,
        "peak_rss_mb": max(p["peak_rss_mb"] for p in probes),
        "first_query_ms": loaded["first_query_ms"],
        "warm_query_ms": loaded["warm_query_ms"],
        "baseline_save_s": saved["baseline_save_s"],
        "baseline_load_s": base["load_s"],
        "baseline_bytes": baseline.stat().st_size,
        "baseline_peak_rss_mb": base["peak_rss_mb"],
        "vs_baseline_load": round(base["load_s"] / statistics.median(p["load_s"] for p in probes), 2),
        "first_queries": [
            {
                "query": p["query"],
                "first_ms": p["first_query_ms"],
                "warm_ms": p["warm_query_ms"],
                "first_vs_warm": round(p["first_query_ms"] / p["warm_query_ms"], 2),
                "warm_after_reading_ms": p["after_reading_ms"],
                "warm_after_reading_vs_warm": round(p["after_reading_ms"] / p["warm_query_ms"], 2),
                "new_process_first_ms": p["new_process_first_query_ms"],
                "duckdb_first_ms": p["duckdb_first_query_ms"],
                "duckdb_warm_ms": p["duckdb_warm_query_ms"],
                "duckdb_first_vs_warm": round(p["duckdb_first_query_ms"] / p["duckdb_warm_query_ms"], 2),
            }
            for p in probes
        ],
    }


def _node_link_save(graph: EventGraph, path: Path) -> None:
    """What ``json.dump(nx.node_link_data(G, edges="edges"))`` writes for the graph as a
    networkx MultiDiGraph whose attributes are the codec's dicts, written node by node
    rather than through a second graph in memory."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"directed": true, "multigraph": true, "graph": {}, "nodes": [')
        for i, node in enumerate(graph.nodes()):
            handle.write((", " if i else "") + json.dumps({**node_to_dict(node), "id": node.id}))
        handle.write('], "edges": [')
        for i, edge in enumerate(graph.edges()):
            data = edge_to_dict(edge)
            row = {**data, "source": edge.source, "target": edge.target, "key": edge.key}
            handle.write((", " if i else "") + json.dumps(row))
        handle.write("]}")


def load_probe(path: str, query: str, warm_up: str = "-") -> None:
    """In a fresh process: load a snapshot, answer one query cold and again warm. The
    knowledge tables and the query parser (made once per process, whatever the graph) are
    made first, and queries answered on the example graph; with a ``warm_up`` snapshot
    (else "-"), the benchmark's queries are answered on it too, several rounds over."""
    from eventgraph.query import compile_query
    from eventgraph.query.lexicon import lexicon

    lexicon()
    compile_query("statements by Speaker 1 about energy in 2019")
    example = EventGraph.load(EXAMPLES.parent / "newsroom.eg")  # a process that has answered queries before
    for text in ("statements by Lavrov about drones in 2019", "count claims by topic", "who met Lavrov", query):
        with contextlib.suppress(QueryError):  # names of the synthetic graph: parsed, then not found
            answer(example, text)
    if warm_up != "-":
        smaller = EventGraph.load(warm_up)
        texts = [template.format(far=far_speaker(WARM_UP_CLAIMS)) for _, template, _ in QUERIES]
        for _ in range(WARM_UP_ROUNDS):
            for text in texts:
                answer(smaller, text)
        del smaller
        gc.collect()
    started = time.perf_counter()
    graph = EventGraph.load(path)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    answer(graph, query)
    first = time.perf_counter() - started
    warm, _, _ = median_ms(lambda: answer(graph, query), 20)
    peak = peak_rss_mb()
    after_reading = []
    for _ in range(AFTER_READING_RUNS):
        read_through(path)
        started = time.perf_counter()
        answer(graph, query)
        after_reading.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "load_s": round(load_s, 3),
                "first_query_ms": round(first * 1000, 3),
                "warm_query_ms": round(warm, 3),
                "after_reading_ms": round(statistics.median(after_reading) * 1000, 3),
                "peak_rss_mb": round(peak, 1),
            }
        )
    )


def read_through(path: str) -> None:
    """Read a file from end to end and hash it, as loading does to check it: what the CPU's
    caches held before is pushed out (through one small buffer: the memory held does not grow)."""
    buffer = bytearray(1 << 24)
    view, digest = memoryview(buffer), hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])


def duckdb_probe(path: str, sql: str) -> None:
    """In a fresh process: open a DuckDB database file and run one query cold and again warm,
    after a query on another database (DuckDB's own first use is not counted)."""
    with duckdb.connect() as other:
        other.execute("SELECT count(*) FROM range(1000) WHERE range % 7 = 1").fetchall()
    con = duckdb.connect(path, read_only=True)
    started = time.perf_counter()
    con.execute(sql).fetchall()
    first = time.perf_counter() - started
    warm, _, _ = median_ms(lambda: con.execute(sql).fetchall(), 20)
    print(json.dumps({"first_query_ms": round(first * 1000, 3), "warm_query_ms": round(warm, 3)}))


def node_link_probe(path: str) -> None:
    """In a fresh process: read a node_link JSON file back into a networkx graph."""
    started = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    print(json.dumps({"load_s": round(time.perf_counter() - started, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}))


def copies_of(texts: Path, copies: int, folder: Path) -> Path:
    """The texts repeated ``copies`` times, each copy with a numbered line added (so every
    copy is a distinct document): enough work for two processes to share."""
    for number in range(copies):
        for source in sorted(texts.glob("*.txt")):
            text = source.read_text(encoding="utf-8")
            (folder / f"{number:03d}_{source.name}").write_text(f"{text}\n\nEdition {number}.\n", encoding="utf-8")
    return folder


def _parse_share(texts: list[str]) -> int:
    """spaCy's pipeline over some texts in this process; the number of texts parsed."""
    from eventgraph.extract.nlp import pipeline

    for _doc in pipeline().pipe(texts):
        pass
    return len(texts)


def _spacy_two_processes(texts: list[str]) -> None:
    """Two forked processes parsing half the texts each."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        sum(pool.map(_parse_share, [texts[0::2], texts[1::2]]))


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_ingest(texts: Path, copies: int, rounds: int = 3) -> dict[str, Any]:
    """Words per second: spaCy's pipeline alone, then ``ingest`` with one and with two workers.

    The four are measured one after the other, ``rounds`` times over; each figure is the
    median of its rounds, so a burst of other work on the machine weighs on one round only.
    Bare spaCy is also run in two processes at once (half the texts each), the ceiling of
    what two workers can gain on this machine. CPU seconds (of this process and its
    workers) are kept too: other work on a shared machine changes the wall time of a
    measurement much more than the CPU time it needs.
    """
    from eventgraph.extract.nlp import pipeline
    from eventgraph.ingest import ingest
    from eventgraph.io import load_documents

    today = dt.date(2026, 1, 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = copies_of(texts, copies, Path(tmp))
        documents = load_documents([folder]).documents
        texts_in = [d.text for d in documents]
        words = sum(len(text.split()) for text in texts_in)
        nlp = pipeline()
        list(nlp.pipe(texts_in[:2]))  # warm
        graphs: dict[int, EventGraph] = {}
        measures: dict[str, Callable[[], object]] = {
            "spacy": lambda: sum(1 for _doc in nlp.pipe(texts_in)),
            "spacy_two": lambda: _spacy_two_processes(texts_in),
            "one": lambda: graphs.__setitem__(1, ingest([folder], workers=1, today=today)[0]),
            "two": lambda: graphs.__setitem__(2, ingest([folder], workers=2, today=today)[0]),
        }
        if "fork" not in multiprocessing.get_all_start_methods():
            del measures["spacy_two"]
        wall: dict[str, list[float]] = {name: [] for name in measures}
        cpu: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(rounds):
            for name, measure in measures.items():
                started, started_cpu = time.perf_counter(), _cpu_s()
                measure()
                wall[name].append(time.perf_counter() - started)
                cpu[name].append(_cpu_s() - started_cpu)
            if graphs[1] != graphs[2]:
                raise SystemExit("ingestion with two workers gave another graph than with one")
    spacy_s, one_s, two_s = (statistics.median(wall[k]) for k in ("spacy", "one", "two"))
    spacy_two_s = statistics.median(wall["spacy_two"]) if "spacy_two" in wall else None
    return {
        "documents": len(documents),
        "words": words,
        "rounds": rounds,
        "words_per_s": round(words / one_s),
        "spacy_words_per_s": round(words / spacy_s),
        "two_workers_words_per_s": round(words / two_s),
        "vs_spacy": round(spacy_s / one_s, 2),
        "two_workers_vs_spacy": round(spacy_s / two_s, 2),
        "spacy_two_processes_words_per_s": round(words / spacy_two_s) if spacy_two_s else None,
        "spacy_two_processes_vs_spacy": round(spacy_s / spacy_two_s, 2) if spacy_two_s else None,
        "cpu_s": {name: round(statistics.median(values), 2) for name, values in cpu.items()},
        "rounds_words_per_s": {name: [round(words / t) for t in values] for name, values in wall.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where the results go")
    parser.add_argument("--texts", type=Path, default=EXAMPLES, help="the texts ingestion is measured on")
    parser.add_argument("--copies", type=int, default=8, help="copies of the texts ingestion is measured on")
    parser.add_argument("--runs", type=int, default=20, help="runs per query (the median is reported)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the ingestion measurements (the median is reported)"
    )
    parser.add_argument("--only", choices=["ingest"], help="measure ingestion alone (no graph, queries or snapshot)")
    parser.add_argument("--load-probe", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--node-link-probe", help=argparse.SUPPRESS)
    parser.add_argument("--duckdb-probe", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_probe:
        load_probe(*args.load_probe)
        return
    if args.node_link_probe:
        node_link_probe(args.node_link_probe)
        return
    if args.duckdb_probe:
        duckdb_probe(*args.duckdb_probe)
        return
    if args.only == "ingest":
        ingestion = bench_ingest(args.texts, args.copies, args.rounds)
        print("ingestion:\n  " + json.dumps(ingestion), flush=True)
        machine = {"cpus": os.cpu_count(), "python": platform.python_version()}
        results = {"machine": machine, "ingest": {**ingestion, "texts": args.texts.name, "copies": args.copies}}
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
        return
    started = time.perf_counter()
    graph, facts = build(args.claims)
    gc.collect()
    stats = graph.stats()
    print(
        f"graph: {stats['claim']} claims, {stats['meeting']} meetings, {len(graph)} nodes, built in "
        f"{time.perf_counter() - started:.1f} s (dates from {FIRST_DAY})",
        flush=True,
    )
    print("snapshot:", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        saved = write_snapshots(graph, Path(tmp))
        duckdb_of(facts, Path(tmp) / "facts.duckdb").close()
        del graph
        gc.collect()
        snapshot = bench_snapshot(Path(tmp), saved, args.claims)
        print("  " + json.dumps(snapshot), flush=True)
        graph = EventGraph.load(Path(tmp) / "graph.eg")  # queries run on the graph as a snapshot gives it
        answer(graph, "claims by Speaker 1 about energy")  # the knowledge tables, read once per process
        print("queries:", flush=True)
        queries = bench_queries(graph, facts, args.runs)
        del graph
    print("ingestion:", flush=True)
    ingestion = bench_ingest(args.texts, args.copies, args.rounds)
    print("  " + json.dumps(ingestion), flush=True)
    results = {
        "claims": args.claims,
        "nodes": sum(v for k, v in stats.items() if not k.endswith(" edges")),
        "edges": sum(v for k, v in stats.items() if k.endswith(" edges")),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__},
        "runs": args.runs,
        "queries": queries,
        "snapshot": snapshot,
        "ingest": {**ingestion, "texts": args.texts.name, "copies": args.copies},
    }
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
