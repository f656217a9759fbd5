"""Evaluation against a gold file: the format and its schema, the matching rules, the
reports (table, JSON, HTML), checking a gold file against its corpus, drafting one, and
the ``evaluate`` and ``annotate`` commands.

The rules are tried on rows written here, each chosen to exercise one rule; the
commands run on the example corpus's graph (ingested once per session).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from conftest import CORPUS, INGEST_DAY
from data.gold.refresh import EXTERNAL

from eventgraph import EventGraph, GoldError
from eventgraph.cli import main
from eventgraph.evaluation import (
    LAYERS,
    DocumentKeys,
    Finding,
    LayerScore,
    Predictions,
    Report,
    check_gold,
    draft_gold,
    evaluate,
    load_gold,
    read_gold,
    schema,
    score,
)

GOLD = Path(__file__).resolve().parent / "data" / "gold"
SEEDS = GOLD / "seeds.json"


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# -- the format -------------------------------------------------------------------------------
def test_the_shipped_gold_files_follow_the_schema_and_read_back_as_written() -> None:
    for path in (SEEDS, *(gold for gold, _ in EXTERNAL.values())):
        gold = load_gold(path)
        assert gold.claims and gold.meetings and gold.entities and gold.queries
        assert read_gold(gold.to_json()) == gold
    assert schema()["properties"]["schema"] == {"const": "eventgraph-gold/1"}


def _lines_with(text: str, fragment: str) -> int:
    (line,) = [n for n, content in enumerate(text.splitlines(), start=1) if fragment in content]
    return line


def _object_with(text: str, fragment: str) -> int:
    """The line of the ``{`` that opens the list item holding ``fragment``."""
    lines = text.splitlines()
    line = _lines_with(text, fragment)
    while lines[line - 1].strip() != "{":
        line -= 1
    return line


def test_a_gold_file_that_breaks_the_format_is_refused_with_each_problem_and_its_line() -> None:
    data = json.loads(SEEDS.read_text(encoding="utf-8"))
    data["claims"][3]["speeker"] = data["claims"][3].pop("speaker")
    data["claims"][5]["date"] = {"start": "2022-02-30", "end": "2022-03-01"}
    data["meetings"][1]["date"] = {"start": "2022-01-23", "end": "2022-01-01"}
    data["entities"][2]["kind"] = "people"
    data["documents"]["001"]["published"] = "yesterday"
    data["queries"][0]["expect"][0]["speaker"] = "Sergey Lavrov"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    with pytest.raises(GoldError) as caught:
        read_gold(text, "seeds.json")
    found = {(p.path, p.line) for p in caught.value.problems}  # type: ignore[attr-defined]
    assert found == {
        ("$.documents.001.published", _lines_with(text, '"published": "yesterday"')),
        ("$.entities[2].kind", _lines_with(text, '"kind": "people"')),
        ("$.meetings[1].date", _lines_with(text, '"start": "2022-01-23"') - 1),
        ("$.claims[3]", _object_with(text, '"speeker"')),  # "speaker" is missing there, "speeker" unknown
        ("$.claims[5].date.start", _lines_with(text, '"start": "2022-02-30"')),
        ("$.queries[0].expect[0].speaker", _lines_with(text, '"speaker": "Sergey Lavrov"')),
    }
    messages = "\n".join(str(p) for p in caught.value.problems)  # type: ignore[attr-defined]
    assert "'speaker' is a required property" in messages
    assert "'speeker' was unexpected" in messages
    assert "'2022-02-30' is not a real day" in messages
    assert "starts after it ends (2022-01-23 > 2022-01-01)" in messages
    assert "'Sergey Lavrov' is not an id" in messages
    assert str(caught.value).startswith("seeds.json: not a usable gold file (")


def test_a_gold_file_that_is_not_json_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text('{\n  "schema": "eventgraph-gold/1",\n  "documents": {,\n}\n', encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    (problem,) = caught.value.problems  # type: ignore[attr-defined]
    assert (problem.line, problem.path) == (3, "$")
    assert "not JSON" in problem.message
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "missing.json")


def test_wrong_types_are_named_in_words_and_deep_nesting_is_refused() -> None:
    text = json.dumps(
        {
            "schema": "eventgraph-gold/1",
            "documents": {"a": {"file": " "}},
            "entities": [{"id": "x", "kind": "human", "name": 5}],
            "meetings": {},
            "claims": [],
        },
        indent=1,
    )
    with pytest.raises(GoldError) as caught:
        read_gold(text)
    assert [(p.path, p.message) for p in caught.value.problems] == [  # type: ignore[attr-defined]
        ("$.documents.a.file", "is blank"),
        ("$.entities[0].kind", "'human' is not one of 'person', 'organisation', 'country', 'place'"),
        ("$.entities[0].name", "must be a string, not a number"),
        ("$.meetings", "must be an array, not an object"),
    ]
    deep = text.replace('"claims": []', '"claims": ' + "[" * 5000 + "]" * 5000)
    with pytest.raises(GoldError, match="nested too deeply"):
        read_gold(deep)


# -- the matching rules, on rows written for them ----------------------------------------------
RULES_GOLD = {
    "schema": "eventgraph-gold/1",
    "documents": {"a": {"file": "a.txt", "published": "2021-12-01"}},
    "entities": [
        {"id": "lavrov", "kind": "person", "name": "Sergey Lavrov", "aliases": ["Lavrov"], "docs": ["a"]},
        {"id": "stoltenberg", "kind": "person", "name": "Jens Stoltenberg", "docs": ["a"]},
        {"id": "nato", "kind": "organisation", "name": "NATO", "docs": ["a"]},
    ],
    "meetings": [
        {
            "doc": "a",
            "participants": ["lavrov", "stoltenberg"],
            "evidence": "Lavrov and Stoltenberg met in Brussels on Tuesday",
            "date": {"start": "2021-11-30", "end": "2021-11-30"},
        }
    ],
    "claims": [
        {
            "doc": "a",
            "speaker": "lavrov",
            "form": "quote",
            "evidence": "NATO expansion threatens the security of Russia",
            "date": {"start": "2021-12-01", "end": "2021-12-01"},
            "topics": ["expansion"],
        },
        {
            "doc": "a",
            "speaker": "stoltenberg",
            "form": "reported",
            "evidence": "the alliance will not close its door to new members",
            "date": None,
            "topics": ["membership"],
        },
    ],
    "ignore_claims": [{"doc": "a", "evidence": "experts believe the talks will fail soon"}],
    "queries": [
        {"q": "statements by Lavrov", "expect": [{"doc": "a", "evidence": "NATO expansion threatens the security"}]},
        {"q": "meetings in Riga", "expect": []},
        {"q": "claims about cyber", "expect": [{"doc": "a", "evidence": "the alliance will not close its door"}]},
    ],
}


def _entity(entity_id: str, kind: str, name: str, *aliases: str) -> dict[str, Any]:
    return {"kind": kind, "id": entity_id, "name": name, "aliases": [name, *aliases], "documents": ["doc:a"]}


def _claim(text: str, speaker: dict[str, str] | None, date: str | None, topics: list[str], path: str = "a.txt"):
    return {
        "kind": "claim",
        "id": f"claim:{abs(hash(text))}",
        "text": text,
        "speaker": speaker,
        "date": {"start": date, "end": date} if date else None,
        "topics": topics,
        "document": {"id": "doc:a", "path": f"/corpus/{path}"},
    }


MINISTER = {"id": "person:minister", "name": "The minister", "kind": "person"}
RULES_ROWS = Predictions(
    entities={
        "person": [
            _entity("person:lavrov", "person", "Sergey Lavrov"),
            _entity("person:minister", "person", "The minister", "Lavrov"),  # the same man once more
        ],
        "organisation": [_entity("organisation:nato", "organisation", "NATO")],
        "country": [_entity("country:stoltenberg", "country", "Jens Stoltenberg")],  # the wrong kind
        "place": [_entity("place:brussels", "place", "Brussels")],  # not in the gold
    },
    claims=[
        _claim("NATO expansion threatens the security of Russia, he said", MINISTER, "2021-12-01", []),
        _claim(
            "the alliance will not close its door",
            {"id": "person:js", "name": "Jens Stoltenberg", "kind": "person"},
            "2021-12-01",
            ["nato"],
        ),
        _claim("experts believe the talks will fail", None, None, []),
        _claim("the weather was cold in Brussels", MINISTER, None, []),
        _claim("NATO expansion threatens the security of Russia", MINISTER, None, [], path="b.txt"),
    ],
    meetings=[
        {
            "kind": "meeting",
            "id": "meeting:1",
            "text": "The two men held talks.",
            "participants": [
                {"id": "person:lavrov", "name": "Sergey Lavrov", "kind": "person"},
                {"id": "person:js", "name": "Jens Stoltenberg", "kind": "person"},
                {"id": "organisation:nato", "name": "NATO", "kind": "organisation"},
            ],
            "date": None,
            "document": {"id": "doc:a", "path": "a.txt"},
        }
    ],
    answers={
        "statements by Lavrov": [
            _claim("NATO expansion threatens the security of Russia, he said", MINISTER, "2021-12-01", [])
        ],
        "meetings in Riga": [],
    },
    errors={"claims about cyber": "no topic 'cyber'"},
)


@pytest.fixture(scope="module")
def rules_report() -> Report:
    gold = read_gold(json.dumps(RULES_GOLD), "rules.json")
    return score(gold, RULES_ROWS, DocumentKeys(gold))


def _figures(layer: LayerScore) -> tuple[float, float, float | None]:
    return (round(layer.precision, 3), round(layer.recall, 3), layer.accuracy and round(layer.accuracy, 3))


def test_entities_resolve_through_every_alias_the_graph_lists(rules_report: Report) -> None:
    entities = rules_report["entities"]
    assert (entities.predicted, entities.correct, entities.details["duplicates"]) == (5, 3, 1)
    assert _figures(entities) == (0.8, 1.0, None)  # only Brussels is wrong; the second Lavrov is a duplicate
    assert [(f.kind, f.text) for f in rules_report.findings_of("entities")] == [
        ("duplicate", "The minister"),
        ("false positive", "Brussels"),
    ]
    kinds = rules_report["entity_kinds"]
    assert _figures(kinds) == (0.4, 0.667, 0.667)
    (wrong,) = rules_report.findings_of("entity_kinds")
    assert (wrong.text, wrong.expected, wrong.found) == ("Jens Stoltenberg", "person", "country")


def test_claims_match_by_evidence_in_their_document_and_ignored_ones_leave_precision(rules_report: Report) -> None:
    claims = rules_report["claims"]
    # 5 rows: 2 match, 1 is an ignored statement, the weather and the other document's copy are wrong
    assert (claims.predicted, claims.correct, claims.details["ignored"]) == (4, 2, 1)
    assert _figures(claims) == (0.5, 1.0, None)
    assert sorted(f.text for f in rules_report.findings_of("claims", "false positive")) == [
        "NATO expansion threatens the security of Russia",
        "the weather was cold in Brussels",
    ]
    assert [f.doc for f in rules_report.findings_of("claims")] == ["a", ""]


def test_speakers_resolve_through_the_graphs_aliases_dates_lie_inside_and_topics_are_found(
    rules_report: Report,
) -> None:
    assert _figures(rules_report["speakers"]) == (0.5, 1.0, 1.0)  # "The minister" is Lavrov by the listing
    assert _figures(rules_report["claim_dates"]) == (0.25, 0.5, 0.5)
    (date,) = rules_report.findings_of("claim_dates")
    assert (date.text, date.expected, date.found) == ("the alliance will not close its door", "undated", "2021-12-01")
    assert _figures(rules_report["topics"]) == (0.25, 0.5, 0.5)  # "expansion" is in the first claim's words
    (topic,) = rules_report.findings_of("topics")
    assert (topic.expected, topic.found) == ("membership", "nato")


def test_a_meeting_whose_words_differ_is_matched_by_its_participants(rules_report: Report) -> None:
    assert _figures(rules_report["meetings"]) == (1.0, 1.0, None)
    participants = rules_report["participants"]
    assert participants.averaged
    assert (round(participants.precision, 3), participants.recall, participants.f1) == (0.667, 1.0, 0.8)
    (extra,) = rules_report.findings_of("participants")
    assert (extra.kind, extra.found) == ("false positive", "NATO")
    assert _figures(rules_report["meeting_dates"]) == (0.0, 0.0, 0.0)


def test_queries_are_scored_each_and_averaged(rules_report: Report) -> None:
    assert [(q.q, q.f1) for q in rules_report.queries] == [
        ("statements by Lavrov", 1.0),
        ("meetings in Riga", 1.0),  # nothing expected and nothing returned
        ("claims about cyber", 0.0),
    ]
    assert rules_report.queries[2].error == "no topic 'cyber'"
    assert rules_report.errors == ("'claims about cyber': no topic 'cyber'",)
    assert round(rules_report["queries"].f1, 3) == 0.667
    assert rules_report["queries"].details == {"exact": 2, "queries": 3}
    (miss,) = rules_report.findings_of("queries")
    assert (miss.kind, miss.query) == ("miss", "claims about cyber")


def test_findings_come_layer_by_layer_and_every_layer_is_scored(rules_report: Report) -> None:
    assert [layer.name for layer in rules_report.layers] == list(LAYERS)
    order = [LAYERS.index(f.layer) for f in rules_report.findings]
    assert order == sorted(order)
    with pytest.raises(KeyError, match="no layer 'claim'"):
        rules_report.layer("claim")


# -- reports ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_report(example_graph: EventGraph) -> Report:
    return evaluate(SEEDS, CORPUS, graph=example_graph, today=INGEST_DAY)


def test_the_table_and_the_json_carry_every_score_and_finding(seeds_report: Report) -> None:
    assert seeds_report.findings, "the seeds should leave something to report"
    table = seeds_report.to_table(width=400)
    for layer in seeds_report.layers:
        assert f"{layer.name} " in table
    for finding in seeds_report.findings:
        assert " ".join(finding.text.split())[:60] in table
    data = json.loads(seeds_report.to_json())
    assert list(data["layers"]) == list(LAYERS)
    assert data["layers"]["claims"]["f1"] == seeds_report["claims"].f1
    assert [Finding(**f) for f in data["findings"]] == list(seeds_report.findings)


class _Page(HTMLParser):
    """An HTML page read into a tree of (tag, attributes, children), refusing mis-nested tags."""

    VOID: ClassVar[set[str]] = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "#root", "attrs": {}, "children": []}
        self.open = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "children": []}
        self.open[-1]["children"].append(node)
        if tag not in self.VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1]["tag"] == tag, f"</{tag}> closes <{self.open[-1]['tag']}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1]["children"].append(data)

    @classmethod
    def read(cls, html: str) -> _Page:
        page = cls()
        page.feed(html)
        page.close()
        assert page.open == [page.root], "unclosed: " + ", ".join(n["tag"] for n in page.open[1:])
        return page

    def all(self, tag: str, node: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        node = node or self.root
        found = [node] if node["tag"] == tag else []
        for child in node["children"]:
            if isinstance(child, dict):
                found += self.all(tag, child)
        return found

    @staticmethod
    def text(node: dict[str, Any]) -> str:
        return "".join(c if isinstance(c, str) else _Page.text(c) for c in node["children"])


def test_the_html_report_is_one_well_formed_page_listing_every_finding(seeds_report: Report) -> None:
    page = _Page.read(seeds_report.to_html())
    assert page.doctype.lower() == "doctype html"
    assert [n["tag"] for n in page.root["children"] if isinstance(n, dict)] == ["html"]
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert page.all(tag) == [], f"<{tag}> in a self-contained page"
    every = [n for n in page.all("html")[0]["children"] if isinstance(n, dict)]
    assert [n["tag"] for n in every] == ["head", "body"]
    for node in page.all("a"):
        assert node["attrs"]["href"].startswith("#") and node["attrs"]["href"][1:] in {
            s["attrs"].get("id") for s in page.all("section")
        }
    assert all("src" not in n["attrs"] for tag in ("style", "meta") for n in page.all(tag))
    sections = {s["attrs"]["id"]: s for s in page.all("section")}
    assert {f"layer-{name}" for name in LAYERS} <= set(sections)
    score_rows = page.all("tr", page.all("tbody", sections["scores"])[0])
    assert [_Page.text(r["children"][0]) for r in score_rows] == list(LAYERS)
    for name in LAYERS:
        findings = seeds_report.findings_of(name)
        rows = [r for body in page.all("tbody", sections[f"layer-{name}"]) for r in page.all("tr", body)]
        assert len(rows) == len(findings), name
        for row, finding in zip(rows, findings, strict=True):
            cells = [_Page.text(c) for c in row["children"]]
            assert cells[:3] == [finding.kind, finding.doc, finding.text]
            assert row["attrs"]["class"] == finding.kind.replace(" ", "-")
    query_rows = page.all("tr", page.all("tbody", sections["queries"])[0])
    assert [_Page.text(r["children"][0]) for r in query_rows] == [q.q for q in seeds_report.queries]


def test_the_html_report_shows_document_text_as_text_never_as_markup() -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)> </td></tr></table>'
    layer = LayerScore("claims", 0.5, 0.5, 0.5, 2, 2, 1)
    report = Report(
        gold="<b>gold</b>.json",
        corpus="c&d",
        layers=(layer,),
        findings=(Finding("claims", "miss", 'd"1', "f.txt", hostile, expected="<i>x</i>", query="q<"),),
        errors=("<script>bad</script>",),
    )
    html = report.to_html()
    page = _Page.read(html)
    assert page.all("script") == [] and page.all("img") == [] and page.all("b") == [] and page.all("i") == []
    (row,) = page.all("tr", page.all("tbody", page.all("table")[-1])[0])
    assert _Page.text(row["children"][2]) == hostile
    assert row["children"][1]["attrs"]["title"] == "f.txt"
    assert "<b>gold</b>.json" in _Page.text(page.all("title")[0])


# -- checking a gold file against its corpus -----------------------------------------------------
def test_the_shipped_gold_files_fit_their_corpora() -> None:
    assert check_gold(SEEDS, CORPUS) == []
    for gold, corpus in EXTERNAL.values():  # the development set, where it lies beside the repository
        assert check_gold(gold, corpus) == []


def test_check_reports_each_problem_with_its_place(tmp_path: Path) -> None:
    data = json.loads(SEEDS.read_text(encoding="utf-8"))
    data["claims"][3]["evidence"] = "words that no document of the corpus holds"
    data["claims"][4]["evidence"] = data["claims"][4]["evidence"].replace(" ", "  ", 1)
    data["claims"][5]["speaker"] = "nobody"
    data["meetings"][0]["participants"].append("ghost")
    data["meetings"][1]["doc"] = "999"
    data["entities"][0]["docs"].append("zzz")
    data["entities"][1]["aliases"].append(data["entities"][0]["name"])
    data["queries"][0]["q"] = "statements by by Lavrov"
    data["documents"]["004"]["file"] = "missing.txt"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path = tmp_path / "gold.json"
    path.write_text(text, encoding="utf-8")
    problems = check_gold(path, CORPUS)
    found = [(p.line, p.path) for p in problems]
    assert found == sorted(found)
    expected = {
        (_lines_with(text, '"documents": {'), "$.documents"),  # the corpus has a file the gold no longer lists
        (_lines_with(text, '"missing.txt"'), "$.documents.004.file"),
        (_lines_with(text, '"zzz"'), f"$.entities[0].docs[{len(data['entities'][0]['docs']) - 1}]"),
        (_object_with(text, '"id": "lavrov"'), "$.entities[1]"),  # Lavrov's entity is also called Jens Stoltenberg
        (_lines_with(text, '"ghost"'), "$.meetings[0].participants[2]"),
        (_lines_with(text, '"doc": "999"'), "$.meetings[1].doc"),
        (_lines_with(text, '"words that no document'), "$.claims[3].evidence"),
        (_lines_with(text, data["claims"][4]["evidence"][:30]), "$.claims[4].evidence"),
        (_lines_with(text, '"speaker": "nobody"'), "$.claims[5].speaker"),
        (_lines_with(text, '"statements by by Lavrov"'), "$.queries[0].q"),
    }
    assert set(found) == expected
    messages = {p.path: p.message for p in problems}
    unlisted = CORPUS / "004_be10287c07096ca6.txt"
    assert messages["$.documents"] == f"the corpus has {unlisted}, which the gold file does not list"
    assert messages["$.documents.004.file"] == f"missing.txt is not in the corpus {CORPUS}"
    assert messages["$.claims[3].evidence"].startswith(f"not in {data['documents'][data['claims'][3]['doc']]['file']}")
    assert "with other quotes, dashes or spacing" in messages["$.claims[4].evidence"]
    assert messages["$.claims[5].speaker"] == "no entity 'nobody'"
    assert messages["$.queries[0].q"].startswith("the query does not parse at character 15: unexpected 'by'")
    assert "'jens stoltenberg' is also a name of 'stoltenberg'" in messages["$.entities[1]"]


def test_the_check_command_lists_problems_and_fails(tmp_path: Path) -> None:
    code, out, err = run_cli("evaluate", "--check", str(SEEDS), str(CORPUS))
    assert (code, out) == (0, "")
    assert "no problems" in err
    data = json.loads(SEEDS.read_text(encoding="utf-8"))
    data["claims"][0]["speaker"] = "nobody"
    (tmp_path / "gold.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    code, out, err = run_cli("evaluate", "--check", str(tmp_path / "gold.json"), str(CORPUS))
    assert code == 2
    assert out.startswith(f"{tmp_path / 'gold.json'}:") and "$.claims[0].speaker: no entity 'nobody'" in out
    assert "1 problem(s)" in err


# -- the commands -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def saved_graph(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "news.eg"
    example_graph.save(path)
    return path


def test_evaluate_prints_the_report_the_library_computes(
    saved_graph: Path, seeds_report: Report, tmp_path: Path
) -> None:
    html = tmp_path / "report.html"
    common = [str(SEEDS), str(CORPUS), "--graph", str(saved_graph), "--as-of", INGEST_DAY.isoformat()]
    code, out, err = run_cli("evaluate", *common, "--json", "--html", str(html))
    assert code == 0
    assert json.loads(out) == json.loads(seeds_report.to_json())
    assert html.read_text(encoding="utf-8") == seeds_report.to_html()
    assert f"claims={seeds_report['claims'].f1:.2f}" in err
    code, out, _ = run_cli("evaluate", *common, "-q")
    assert code == 0
    assert out == seeds_report.to_table() + "\n"


def test_evaluate_reports_bad_input_in_one_message(tmp_path: Path, saved_graph: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text('{"schema": "eventgraph-gold/2", "documents": {}}', encoding="utf-8")
    code, out, err = run_cli("evaluate", str(bad), str(CORPUS), "--graph", str(saved_graph))
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert f"{bad}:1: $.schema: must be 'eventgraph-gold/1', not 'eventgraph-gold/2'" in err
    assert "'entities' is a required property" in err
    code, _, err = run_cli("evaluate", str(SEEDS), str(tmp_path / "nowhere"))
    assert code == 2 and "no such corpus" in err
    code, _, err = run_cli("evaluate", str(SEEDS), str(CORPUS), "--graph", str(saved_graph), "--html", str(tmp_path))
    assert code == 2 and "is a folder" in err


# -- drafting a gold file --------------------------------------------------------------------------
def test_annotate_drafts_a_gold_file_that_fits_its_corpus_and_scores_its_own_extraction_fully(
    saved_graph: Path, example_graph: EventGraph, tmp_path: Path
) -> None:
    target = tmp_path / "draft.json"
    as_of = ["--as-of", INGEST_DAY.isoformat()]
    code, _, err = run_cli("annotate", str(CORPUS), "-o", str(target), "--graph", str(saved_graph), *as_of)
    assert code == 0, err
    draft = load_gold(target)
    assert draft.notes.startswith("DRAFT written by eventgraph annotate")
    assert draft == attrs.evolve(draft_gold(example_graph, CORPUS, today=INGEST_DAY), path=str(target))
    lavrov = next(e for e in draft.entities if e.name == "Sergey Lavrov")
    (graph_lavrov,) = example_graph.find("Sergey Lavrov")
    assert set(lavrov.aliases) == {graph_lavrov.name, *graph_lavrov.aliases}
    assert len(lavrov.docs) == 5
    assert len(draft.claims) + len(draft.unscored) == len(example_graph.claims())
    assert len(draft.meetings) == len(example_graph.meetings())
    assert any(c.date for c in draft.claims) and any(c.topics for c in draft.claims)
    assert {c.form for c in draft.claims} == {"quote", "reported"}
    assert check_gold(target, CORPUS) == []
    report = evaluate(target, CORPUS, graph=example_graph, today=INGEST_DAY)
    assert [(layer.name, layer.f1) for layer in report.layers] == [(name, 1.0) for name in LAYERS]
    assert report.findings == ()


def test_annotate_never_replaces_a_gold_file_unless_told(saved_graph: Path, tmp_path: Path) -> None:
    target = tmp_path / "gold.json"
    target.write_text("corrected by hand", encoding="utf-8")
    code, _, err = run_cli("annotate", str(CORPUS), "-o", str(target), "--graph", str(saved_graph))
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "corrected by hand"
    code, _, _ = run_cli("annotate", str(CORPUS), "-o", str(target), "--graph", str(saved_graph), "--force")
    assert code == 0
    assert load_gold(target).claims
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.json"]  # no temporary file left behind


def test_evaluate_and_annotate_ingest_the_corpus_when_no_graph_is_given(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "riga.txt").write_text(
        "December 1, 2021\n\nNATO Secretary General Jens Stoltenberg met Foreign Minister Sergey Lavrov "
        'in Riga on Tuesday. "NATO will not close its door to new members," Stoltenberg said.\n',
        encoding="utf-8",
    )
    day = dt.date(2021, 12, 5).isoformat()
    code, _, err = run_cli("annotate", str(corpus), "-o", str(tmp_path / "gold.json"), "--as-of", day)
    assert code == 0, err
    draft = load_gold(tmp_path / "gold.json")
    assert [(c.speaker, c.form) for c in draft.claims] == [("jens_stoltenberg", "quote")]
    assert draft.claims[0].evidence.startswith("NATO will not close its door to new members")
    assert [(m.participants, str(m.date)) for m in draft.meetings] == [
        (("jens_stoltenberg", "sergey_lavrov"), "2021-11-30")
    ]
    code, out, err = run_cli("evaluate", str(tmp_path / "gold.json"), str(corpus), "--as-of", day, "--json")
    assert code == 0, err
    assert {name: layer["f1"] for name, layer in json.loads(out)["layers"].items()} == dict.fromkeys(LAYERS, 1.0)


def test_a_gold_file_of_other_documents_is_refused(tmp_path: Path, saved_graph: Path) -> None:
    other = json.loads(SEEDS.read_text(encoding="utf-8"))
    for number, document in enumerate(other["documents"].values()):
        document["file"] = f"elsewhere_{number}.txt"
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    code, out, err = run_cli("evaluate", str(tmp_path / "other.json"), str(CORPUS), "--graph", str(saved_graph))
    assert (code, out) == (2, "")
    assert "$.documents: none of the documents of the graph is a document of the gold file" in err
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="none of the documents of the corpus"):
        evaluate(SEEDS, tmp_path / "empty")


def test_jsonschema_loads_only_when_a_gold_file_is_read() -> None:
    import subprocess
    import sys

    code = (
        "import sys, eventgraph, eventgraph.evaluation as e; before = 'jsonschema' in sys.modules; "
        "e.load_gold(sys.argv[1]); print(before, 'jsonschema' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(SEEDS)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
