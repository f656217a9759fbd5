"""Long documents cost bounded memory and time, and one over its budget is reported, not fatal.

A long line is cut into pieces at sentence ends before spaCy sees it, and the pieces go
to the parser in batches of bounded size: a document that is one enormous line is
parsed here under an address-space limit it could not meet if its blocks went to the
parser at once. A document over its character or time budget is reported with its path
and how to raise the limit, and the rest of the batch is ingested. The overlap lookups
that keep entity detection near-linear are checked against the pairwise rules they
replace. The timings themselves are measured in ``benchmarks/bench_soak.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventgraph import EventGraph
from eventgraph.extract.budget import Budget
from eventgraph.extract.candidates import _possessive_before
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.segment import BATCH_CHARS, MAX_BLOCK, batches, split_blocks
from eventgraph.extract.spans import SpanIndex
from eventgraph.ingest import ingest_documents
from eventgraph.io import make_document
from eventgraph.model import Document

from .support import CORPUS, assert_clean, eventgraph

TODAY = dt.date(2026, 11, 1)
SHORT = "000_a578131154f69ca9.txt"


def _corpus_text(size: int, *, one_line: bool) -> str:
    """The example corpus repeated to ``size`` characters, as ordinary lines or as one line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if one_line:
        texts = [" ".join(t.split()) for t in texts]
    text = (" " if one_line else "\n").join(texts)
    return ((" " if one_line else "\n").join([text] * (size // len(text) + 1)))[:size]


# -- long lines in pieces, pieces in batches --------------------------------------------------------
def test_a_long_line_is_cut_at_sentence_ends_into_bounded_blocks() -> None:
    text = _corpus_text(3 * MAX_BLOCK + 1234, one_line=True)
    blocks = split_blocks(text, Knowledge.load(()))
    assert len(blocks) >= 4
    assert all(b.end - b.start <= MAX_BLOCK for b in blocks)
    for block, following in itertools.pairwise(blocks):
        assert text[block.end - 1] in ".!?…'\"’”)]", text[block.end - 20 : block.end]  # a sentence end
        assert text[block.end : following.start].strip() == ""  # nothing between pieces but spaces
    assert text[blocks[-1].end :].strip() == ""


def test_a_line_without_sentence_ends_is_cut_at_spaces_and_one_without_spaces_at_the_limit() -> None:
    knowledge = Knowledge.load(())
    words = "lorem ipsum dolor " * (MAX_BLOCK // 6)
    blocks = split_blocks(words, knowledge)
    assert len(blocks) >= 3 and all(b.end - b.start <= MAX_BLOCK for b in blocks)
    assert all(words[b.end] == " " for b in blocks[:-1])  # whole words in every piece
    solid = "x" * (2 * MAX_BLOCK + 7)
    assert [(b.start, b.end) for b in split_blocks(solid, knowledge)] == [
        (0, MAX_BLOCK),
        (MAX_BLOCK, 2 * MAX_BLOCK),
        (2 * MAX_BLOCK, 2 * MAX_BLOCK + 7),
    ]


def test_lines_of_ordinary_length_stay_whole() -> None:
    text = (CORPUS / "001_1095b944d0453da3.txt").read_text(encoding="utf-8")
    blocks = split_blocks(text, Knowledge.load(()))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert len(blocks) >= len(lines)  # datelines may split a line in two, nothing else does
    assert all("\n" not in text[b.start : b.end] for b in blocks)


def test_blocks_reach_the_parser_in_batches_of_bounded_size() -> None:
    text = _corpus_text(4 * BATCH_CHARS, one_line=False)
    blocks = split_blocks(text, Knowledge.load(()))
    grouped = list(batches(blocks))
    assert len(grouped) >= 4
    assert [b for batch in grouped for b in batch] == blocks  # every block, in order
    assert all(sum(b.end - b.start for b in batch) <= BATCH_CHARS for batch in grouped)


PARSE_UNDER_A_LIMIT = """
import resource, sys
from pathlib import Path
import eventgraph.extract.segment as segment
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.nlp import pipeline

text = Path(sys.argv[1]).read_text(encoding="utf-8")
if sys.argv[3] == "at-once":  # every block of the line in one parser batch
    segment.MAX_BLOCK, segment.BATCH_CHARS = 50_000, 10**12
knowledge = Knowledge.load(())
segment.parse("Lavrov met Blinken in Geneva. They spoke for an hour.", knowledge)  # model, threads, caches
size = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmSize:")) * 1024
limit = size + int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
try:
    parsed = segment.parse(text, knowledge)
except MemoryError:
    print("out of memory")
    sys.exit(0)
print(len(parsed.sentences), max(len(doc.text) for doc in parsed.docs))
"""
HEADROOM = 400 * 2**20
"""Address space the parse may add: what bounded batches need, about half what one batch of the line needs."""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the address-space size from /proc")
def test_a_document_that_is_one_long_line_is_parsed_under_an_address_space_limit(tmp_path: Path) -> None:
    document = tmp_path / "line.txt"
    document.write_text(_corpus_text(200_000, one_line=True), encoding="utf-8")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}

    runs = {  # both at once: each process has its own limit
        mode: subprocess.Popen(
            [sys.executable, "-c", PARSE_UNDER_A_LIMIT, str(document), str(HEADROOM), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for mode in ("bounded", "at-once")
    }
    shown = {}
    for mode, run in runs.items():
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        shown[mode] = stdout.strip()
    sentences, longest = map(int, shown["bounded"].split())
    assert sentences > 1000 and longest <= MAX_BLOCK
    assert shown["at-once"] == "out of memory"  # the limit is tight enough to matter


# -- budgets ---------------------------------------------------------------------------------------
def _short() -> Document:
    return make_document(str(CORPUS / SHORT), (CORPUS / SHORT).read_text(encoding="utf-8"))


def test_a_document_over_the_character_budget_is_reported_not_extracted() -> None:
    long = make_document("long.txt", _corpus_text(30_000, one_line=False))
    graph, added, failures = ingest_documents([_short(), long], budget=Budget(max_chars=20_000), workers=1, today=TODAY)
    assert added == [_short().path]
    assert failures == [
        ("long.txt", "too long to extract (30,000 characters; the limit is 20,000, raise it with --max-chars)")
    ]
    assert graph == ingest_documents([_short()], workers=1, today=TODAY)[0]
    raised, added, failures = ingest_documents([long], budget=Budget(max_chars=30_000), workers=1, today=TODAY)
    assert added == ["long.txt"] and failures == [] and raised.claims()


OVER_TIME = "extraction stopped after 1 s, the limit for one document (raise it with --max-seconds)"
LONG = 150_000
"""Characters that take several seconds to extract, where the short document takes a tenth of one."""


def test_a_document_over_the_time_budget_is_stopped_and_reported() -> None:
    long = make_document("long.txt", _corpus_text(LONG, one_line=False))
    graph, added, failures = ingest_documents([_short(), long], budget=Budget(max_seconds=1), workers=1, today=TODAY)
    assert failures == [("long.txt", OVER_TIME)]
    assert added == [_short().path]
    assert graph == ingest_documents([_short()], workers=1, today=TODAY)[0]


def test_the_time_budget_holds_outside_the_main_thread() -> None:
    long = make_document("long.txt", _corpus_text(LONG, one_line=False))
    outcome: list[tuple[EventGraph, list[str], list[tuple[str, str]]]] = []
    worker = threading.Thread(  # no timer signal here: the stages check the clock between themselves
        target=lambda: outcome.append(ingest_documents([long], budget=Budget(max_seconds=1), workers=1, today=TODAY))
    )
    worker.start()
    worker.join()
    _, added, failures = outcome[0]
    assert added == [] and failures == [("long.txt", OVER_TIME)]


def test_the_command_keeps_the_good_documents_under_a_4_gb_address_space_limit(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in CORPUS.glob("*.txt"):
        (folder / source.name).write_bytes(source.read_bytes())
    line = _corpus_text(1_000_000, one_line=True) * 10  # 10 MB on one line
    (folder / "one-line.txt").write_text(line, encoding="utf-8")
    many = folder / "many-lines.txt"
    with many.open("w", encoding="utf-8") as handle:  # 50 MB
        page = _corpus_text(1_000_000, one_line=False)
        for _ in range(50):
            handle.write(page + "\n")
    target = tmp_path / "news.eg"
    done = eventgraph("ingest", folder, "-o", target, preexec_fn=_address_space(4 * 2**30))
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert sorted(line for line in done.stderr.splitlines() if line.startswith("warning: ")) == [
        f"warning: {many}: too large ({many.stat().st_size / 2**20:.1f} MB; the limit is 20.0 MB)",
        f"warning: {folder / 'one-line.txt'}: too long to extract "
        f"({len(line):,} characters; the limit is 2,000,000, raise it with --max-chars)",
    ]
    kept = sorted(Path(d.path).name for d in EventGraph.load(target).documents())
    assert kept == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_the_budgets_are_set_from_the_command(tmp_path: Path) -> None:
    target = tmp_path / "news.eg"
    done = eventgraph("ingest", CORPUS, "-o", target, "--max-chars", "5000", "--max-seconds", "60")
    assert done.returncode == 0, done.stderr
    long = {p.name for p in CORPUS.glob("*.txt") if len(p.read_text(encoding="utf-8")) > 5000}
    reported = {Path(m.group(1)).name for m in re.finditer(r"warning: (.+?): too long to extract", done.stderr)}
    assert reported == long and long
    kept = {Path(d.path).name for d in EventGraph.load(target).documents()}
    assert kept == {p.name for p in CORPUS.glob("*.txt")} - long


def _address_space(limit: int):  # type: ignore[no-untyped-def]
    import resource

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))

    return preexec


# -- the lookups that replaced pairwise comparisons ------------------------------------------------
_spans = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)), max_size=60)


@given(_spans, _spans)
def test_the_span_index_finds_exactly_the_overlapping_spans(
    filed: list[tuple[int, int]], asked: list[tuple[int, int]]
) -> None:
    index: SpanIndex[int] = SpanIndex(width=16)
    spans = [(start, start + length) for start, length in filed]
    for number, (start, end) in enumerate(spans):
        index.add(start, end, number)
    for start, length in asked:
        end = start + length
        expected = [n for n, (s, e) in enumerate(spans) if s < end and start < e]
        assert index.overlapping(start, end) == expected


@given(st.text(alphabet="ab's’ \n\t.", max_size=40), st.data())
def test_the_possessive_before_a_title_is_found_as_the_search_over_the_whole_text_found_it(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    match = re.search(r"(?:'s|’s)?\s+$", text[:start])
    assert _possessive_before(text, start) == (match.start() if match else None)
