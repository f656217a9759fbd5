"""Pictures of results, drawn from the example corpus and checked as files: PNGs by their
size and pixels, SVGs and HTML pages by their structure, and the facts each shows
(lanes, intervals, ties, counts) against the rows they come from."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from eventgraph import EventGraph
from eventgraph.plot import PlotError, counts_of, kinds_for, network_of, plot, timeline_of
from eventgraph.query import Result

pytest.importorskip("matplotlib", reason="pictures need matplotlib: pip install 'eventgraph[plot]'")

from PIL import Image  # matplotlib brings Pillow

SVG = "{http://www.w3.org/2000/svg}"


# -- reading the files -----------------------------------------------------------------------------
def png_facts(path: Path) -> tuple[tuple[int, int], float, int]:
    """The PNG's size, the share of its pixels that are not white, and how many colours it has."""
    with Image.open(path) as image:
        assert image.format == "PNG"
        pixels = image.convert("RGB")
        raw = pixels.resize((pixels.width // 4, pixels.height // 4)).tobytes()
        values = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    inked = sum(1 for r, g, b in values if min(r, g, b) < 235) / len(values)
    return pixels.size, inked, len(set(values))


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


class _Page(HTMLParser):
    """The tags, the attributes that load something, and the scripts of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.loads: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.meta: list[dict[str, str | None]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        self.loads += [v for k, v in attrs if k in ("src", "href", "srcset", "data") and v]
        if tag == "script":
            self._script, self._text = values, []
        if tag == "meta":
            self.meta.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)
        else:
            self.text.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def assert_offline(page: _Page) -> None:
    """Nothing in the page is fetched: no src or href, and a policy that forbids fetching."""
    assert page.loads == []
    policy = next(m["content"] for m in page.meta if m.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None and "default-src 'none'" in policy


def assert_picture(folder: Path, result: Result, name: str, kind: str | None = None) -> tuple[Path, Path, Path]:
    """The result drawn as PNG, SVG and HTML: each a real file of its kind, the PNG a slide."""
    png, svg, page = (result.plot(folder / f"{name}.{ext}", kind=kind) for ext in ("png", "svg", "html"))
    (width, height), inked, colours = png_facts(png)
    assert width == 1920 and height >= 1080, "a 16:9 slide at 150 dpi, taller for many lanes"
    assert 0.01 < inked < 0.6, "drawn on, and not a block of colour"
    assert colours > 8
    assert svg_texts(svg), "an SVG whose words are text"
    assert_offline(read_page(page))
    return png, svg, page


def _names(rows: list[dict[str, Any]], key: str) -> set[str]:
    return {r[key]["name"] for r in rows if r.get(key)}


# -- timelines -------------------------------------------------------------------------------------
def test_a_timeline_of_statements_has_a_lane_per_speaker_and_counts_the_undated(
    example_graph: EventGraph, tmp_path: Path
) -> None:
    result = example_graph.query("claims")
    dated = [r for r in result if r["date"]]
    assert dated and len(dated) < len(result), "the corpus has dated and undated statements"
    timeline = timeline_of(result)
    assert set(timeline.lanes) == {r["speaker"]["name"] if r["speaker"] else "(no speaker)" for r in dated}
    assert timeline.undated == len(result) - len(dated)
    assert {m.fact for m in timeline.marks} == {r["id"] for r in dated}
    intervals = {r["id"] for r in dated if r["date"]["start"] != r["date"]["end"]}
    assert intervals, "the corpus has statements dated to a period"
    assert {m.fact for m in timeline.marks if m.end > m.start} == intervals
    first = [m.start for m in timeline.marks if m.lane == timeline.lanes[0]]
    assert min(first) == min(m.start for m in timeline.marks), "lanes in the order of their first statement"

    _, svg, page = assert_picture(tmp_path, result, "claims")
    texts = svg_texts(svg)
    for lane in timeline.lanes:
        assert lane in texts
    assert f"Note: {timeline.undated} undated statements not shown" in texts
    assert any(re.fullmatch(r"(19|20)\d\d", t) for t in texts), "years on the date axis"
    assert {"quote", "reported", "dated to a day", "dated to a period"} <= set(texts), "the legend"
    assert read_page(page).tags["svg"] == 1


def test_a_timeline_of_meetings_puts_each_on_every_participants_lane(example_graph: EventGraph, tmp_path: Path) -> None:
    result = example_graph.query("meetings")
    assert kinds_for(result.row_kind) == ("timeline", "network")
    timeline = timeline_of(result)
    for row in result:
        lanes = {m.lane for m in timeline.marks if m.fact == row["id"]}
        assert lanes == ({p["name"] for p in row["participants"]} if row["date"] else set())
    assert timeline.undated == sum(1 for r in result if not r["date"])
    assert_picture(tmp_path, result, "meetings")


def test_a_date_filter_s_left_out_facts_are_in_the_note(example_graph: EventGraph) -> None:
    result = example_graph.query("claims after 2000")
    assert result.undated_excluded > 0
    timeline = timeline_of(result)
    assert timeline.undated == 0
    assert f"{result.undated_excluded} undated left out by the query's date filter" in timeline.note()


# -- networks --------------------------------------------------------------------------------------
def test_the_network_of_who_met_whom_has_a_tie_per_pair_as_wide_as_its_meetings(
    example_graph: EventGraph, tmp_path: Path
) -> None:
    result = example_graph.query("who met whom")
    assert kinds_for(result.row_kind)[0] == "network"
    network = network_of(result)
    meetings: dict[frozenset[str], set[str]] = {}
    for row in result:
        meetings.setdefault(frozenset((row["a"]["id"], row["b"]["id"])), set()).add(row["meeting"])
    assert {frozenset((t.source, t.target)): t.weight for t in network.ties} == {k: len(v) for k, v in meetings.items()}
    assert {a.name for a in network.actors} == _names(result.rows, "a") | _names(result.rows, "b")
    kinds = {a.kind for a in network.actors}
    assert len(kinds) > 1, "people and organisations or countries: told apart by colour"

    _, svg, page = assert_picture(tmp_path, result, "who-met-whom")
    texts = svg_texts(svg)
    assert {a.name for a in network.actors} <= set(texts)
    assert kinds <= set(texts), "a legend of the kinds"
    parsed = read_page(page)
    assert_offline(parsed)
    (data,) = [json.loads(body) for attrs, body in parsed.scripts if attrs.get("type") == "application/json"]
    assert {n["name"] for n in data["nodes"]} == {a.name for a in network.actors}
    assert sorted(e["weight"] for e in data["edges"]) == sorted(t.weight for t in network.ties)
    code = [body for attrs, body in parsed.scripts if not attrs.get("type")]
    assert any("function tick(" in body for body in code), "the force layout is in the page"


def test_the_network_of_who_met_someone_ties_them_to_each_counterpart(
    example_graph: EventGraph, tmp_path: Path
) -> None:
    pairs = example_graph.query("who met whom")
    busiest = Counter(n for r in pairs for n in (r["a"]["name"], r["b"]["name"])).most_common(1)[0][0]
    result = example_graph.query(f'who met "{busiest}"')
    network = network_of(result)
    (subject,) = [a for a in network.actors if a.name == busiest]
    others = {t.target if t.source == subject.id else t.source for t in network.ties}
    assert others == {r["id"] for r in result}
    assert subject.meetings == len({r["meeting"] for r in result})
    assert_picture(tmp_path, result, "who-met")


def test_a_path_is_drawn_in_the_order_of_its_steps(example_graph: EventGraph, tmp_path: Path) -> None:
    met = nx.Graph((r["a"]["name"], r["b"]["name"]) for r in example_graph.query("who met whom"))
    lengths = dict(nx.all_pairs_shortest_path_length(met))
    start, end = next((a, b) for a in sorted(met) for b in sorted(met) if lengths[a].get(b) == 2)
    result = example_graph.query(f'path from "{start}" to "{end}"')
    assert len(result) >= 1
    network = network_of(result)
    assert network.path
    steps = [(r["from"]["id"], r["to"]["id"]) for r in result]
    assert [(t.source, t.target) for t in network.ties] == steps
    _, _, page = assert_picture(tmp_path, result, "path")
    assert '"path":true' in page.read_text(encoding="utf-8")


# -- counts ----------------------------------------------------------------------------------------
def test_a_count_by_month_is_on_a_time_axis_with_the_undated_in_a_note(
    example_graph: EventGraph, tmp_path: Path
) -> None:
    result = example_graph.query("count claims by month")
    counts = counts_of(result)
    assert counts.axis == "month"
    months = {r["group"]: r["count"] for r in result if r["group"] is not None}
    assert list(counts.groups) == sorted(months)
    assert counts.totals() == [months[g] for g in counts.groups]
    unknown = sum(r["count"] for r in result if r["group"] is None)
    assert counts.unknown == unknown > 0
    _, svg, _ = assert_picture(tmp_path, result, "by-month")
    texts = svg_texts(svg)
    assert any(re.fullmatch(r"(19|20)\d\d", t) for t in texts), "years on the date axis"
    assert f"Note: {unknown} claims not dated within one month: not shown" in texts
    assert "claims per month" in texts


def test_a_count_by_speaker_ranks_the_speakers_with_their_numbers(example_graph: EventGraph, tmp_path: Path) -> None:
    result = example_graph.query("count claims by speaker")
    counts = counts_of(result)
    assert counts.axis == "category" and counts.group == "speaker"
    assert counts.totals() == sorted(counts.totals(), reverse=True)
    assert dict(zip(counts.groups, counts.totals(), strict=True)) == {
        r["group"] if r["group"] is not None else "(none)": r["count"] for r in result
    }
    _, svg, _ = assert_picture(tmp_path, result, "by-speaker")
    texts = svg_texts(svg)
    assert set(counts.groups) <= set(texts)
    assert {str(n) for n in counts.totals()} <= set(texts), "each bar says its number"


def test_a_count_by_two_groups_stacks_the_second(example_graph: EventGraph, tmp_path: Path) -> None:
    result = example_graph.query("count claims by speaker by topic")
    counts = counts_of(result)
    assert (counts.group, counts.subgroup) == ("speaker", "topic")
    per_speaker = Counter()
    for row in result:
        per_speaker[row["group"] if row["group"] is not None else "(none)"] += row["count"]
    assert dict(zip(counts.groups, counts.totals(), strict=True)) == dict(per_speaker)
    assert len(counts.series) <= 10
    _, svg, _ = assert_picture(tmp_path, result, "by-speaker-topic")
    assert "topic" in svg_texts(svg), "the legend names the stacked group"


def test_a_count_by_year_of_meetings(example_graph: EventGraph, tmp_path: Path) -> None:
    result = example_graph.query("count meetings by year")
    assert counts_of(result).axis == "year"
    assert_picture(tmp_path, result, "by-year")


# -- from Python and from the command line ---------------------------------------------------------
def test_without_a_path_a_figure_comes_back(example_graph: EventGraph) -> None:
    from matplotlib.figure import Figure

    drawn = example_graph.query("claims").plot()
    assert isinstance(drawn, Figure)
    assert tuple(drawn.get_size_inches()) >= (12.8, 7.2)


def test_names_from_documents_cannot_break_out_of_the_html_page(tmp_path: Path) -> None:
    hostile = '</script><script>document.title="owned"</script><img src=x onerror=alert(1)>'
    rows = [
        {
            "kind": "pair",
            "a": {"id": "person:a", "name": hostile, "kind": "person"},
            "b": {"id": "person:b", "name": "B & <b>", "kind": "person"},
            "meeting": "meeting:1",
            "date": None,
            "document": None,
            "text": "A met <B> & said </script>",
        }
    ]
    page = read_page(plot(Result(rows, "pair", query="who met whom"), tmp_path / "hostile.html"))
    assert page.tags["script"] == 3 and page.tags["img"] == 0 and page.tags["b"] == 0
    (data,) = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    assert {n["name"] for n in data["nodes"]} == {hostile, "B & <b>"}
    assert hostile in "".join(page.text), "shown as text in the table of ties"


def test_a_network_too_large_to_read_is_refused_with_a_hint() -> None:
    from eventgraph.plot.facts import MAX_ACTORS

    def actor(number: int) -> dict[str, str]:
        return {"id": f"person:{number}", "name": f"Person {number}", "kind": "person"}

    rows = [
        {
            "kind": "pair",
            "a": actor(n),
            "b": actor(n + 1),
            "meeting": f"meeting:{n}",
            "date": None,
            "document": None,
            "text": "",
        }
        for n in range(0, MAX_ACTORS + 1, 2)
    ]
    assert len(network_of(Result(rows[:-1], "pair", query="who met whom")).actors) == MAX_ACTORS
    with pytest.raises(PlotError, match=r"1,002 actors, too many to draw .* narrow the query"):
        network_of(Result(rows, "pair", query="who met whom"))


@pytest.mark.parametrize(
    ("query", "kind", "words"),
    [
        ("people", None, "no picture shows entity rows"),
        ("count claims", None, "is one number"),
        ("claims", "network", "a network cannot show claim rows"),
        ("claims about zzzz", None, "found nothing"),
        ("meetings", "pie", "no picture kind 'pie'"),
    ],
)
def test_what_cannot_be_drawn_is_said(example_graph: EventGraph, query: str, kind: str | None, words: str) -> None:
    with pytest.raises(PlotError, match=re.escape(words)):
        example_graph.query(query).plot(kind=kind)


def test_a_picture_is_written_only_as_png_svg_or_html(example_graph: EventGraph, tmp_path: Path) -> None:
    result = example_graph.query("claims")
    with pytest.raises(PlotError, match=r"\.png, \.svg, \.html, not \.jpg"):
        result.plot(tmp_path / "claims.jpg")
    with pytest.raises(PlotError, match="does not exist"):
        result.plot(tmp_path / "missing" / "claims.png")
    assert list(tmp_path.iterdir()) == []


def eventgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_the_plot_command_writes_the_picture_and_says_so(example_graph: EventGraph, tmp_path: Path) -> None:
    graph = tmp_path / "news.eg"
    example_graph.save(graph)
    done = eventgraph("plot", graph, "count claims by speaker", "-o", tmp_path / "speakers.png", "--title", "Who spoke")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert (
        f"{tmp_path / 'speakers.png'}: {len(example_graph.query('count claims by speaker'))} rows drawn" in done.stderr
    )
    assert png_facts(tmp_path / "speakers.png")[0] == (1920, 1080)

    for args, words in [
        (("claims", "-o", tmp_path / "c.gif"), "not .gif"),
        (("claims by Lavorv", "-o", tmp_path / "c.png"), "did you mean"),
    ]:
        done = eventgraph("plot", graph, *args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and words in done.stderr


def test_the_pictures_import_nothing_built_on_query_results() -> None:
    """``Result.plot`` calls ``eventgraph.plot``, so the pictures read rows and never import
    the query language, the shell, the explorer or the command line back."""
    import ast

    import eventgraph.plot

    above = ("eventgraph.query", "eventgraph.repl", "eventgraph.serve", "eventgraph.cli", "eventgraph.store")
    folder = Path(eventgraph.plot.__file__).parent
    for module in folder.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            assert not [n for n in names if n.startswith(above)], module.name


def test_the_module_examples_run() -> None:
    import doctest

    import eventgraph.plot

    failed, tried = doctest.testmod(eventgraph.plot)
    assert tried and not failed
