"""Each export format, loaded back by the tool it is for.

GraphML and GEXF by networkx; the CSV tables by pandas; the Neo4j files by a strict
reader of ``neo4j-admin database import`` input (no Neo4j server can be installed on the
test machines: neither Debian nor PyPI ships one); the Cypher script by the openCypher
grammar and by running it in an embedded openCypher engine (kglite).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import orjson
import pandas as pd
import pytest
from cypher_check import CypherSyntaxError, check_script, parse_statement, run_script
from neo4j_admin import ImportRefused, import_folder, parse_command, parse_header

from eventgraph import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EventGraph,
    Mention,
    NodeKind,
    Span,
    Topic,
)
from eventgraph.codec import edge_from_dict, node_from_dict
from eventgraph.errors import ExportError
from eventgraph.export import FORMATS, export
from eventgraph.export.cypher import string_literal
from eventgraph.export.files import atomic_file
from eventgraph.export.properties import (
    EDGE_SCHEMA,
    LABELS,
    NODE_SCHEMA,
    RELATIONSHIP_TYPES,
    edge_properties,
    node_properties,
)
from eventgraph.model import node_kind


def _node_kinds(graph: EventGraph) -> Counter[str]:
    return Counter(node_kind(n).value for n in graph.nodes())


def _edge_kinds(graph: EventGraph) -> Counter[str]:
    return Counter(e.kind.value for e in graph.edges())


def _xml_value(value: object) -> object:
    """What GraphML and GEXF hold for a property: ISO dates, JSON lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _odd_graph() -> EventGraph:
    """A small graph whose texts hold everything that breaks naive writers: quotes, backslashes,
    line breaks, tabs, formula-like starts, list separators, non-ASCII."""
    text = (
        "=SUM(A1) was the first line.\n"
        "Seán O'Brien said \"it's a \\ backslash\" and more;\ttabs, too.\r\n"
        "- a dash starts this | line ¦ here\u2028and a line separator.\n"
        "O'Brien; the | one ¦ said nothing."
    )
    document = Document(
        id="doc:odd",
        path='odd/it\'s; "weird".txt',
        text=text,
        title='=HYPERLINK("http://example.org")',
        published=DateInterval(dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
    )
    obrien = Entity(id="person:sean-o-brien", kind="person", name="Seán O'Brien")
    quoted = "it's a \\ backslash\" and more;\ttabs, too."
    first = Claim(
        id="claim:odd-1",
        document=document.id,
        text="=SUM(A1) was the first line.",
        form="reported",
        cue="say",
        span=Span(0, 28),
        sentence=Span(0, 28),
        date=DateInterval.day(dt.date(2021, 12, 7)),
    )
    start = text.index(quoted)
    second = Claim(
        id="claim:odd-2",
        document=document.id,
        text=quoted,
        form="quote",
        cue="say",
        span=Span(start, start + len(quoted)),
        sentence=Span(29, len(text.split("\r\n")[0])),
    )
    topic = Topic(id="topic:formulas", label="formulas", signals=("=SUM", "a;b", "c|d"))
    nodes = [document, obrien, first, second, topic]
    surface, odd = "Seán O'Brien", "O'Brien; the | one ¦"
    at = text.index(surface)
    edges = [
        Edge(
            EdgeKind.MENTIONS,
            document.id,
            obrien.id,
            documents=(document.id,),
            mentions=(
                Mention(surface, at, at + len(surface)),
                Mention(odd, text.index(odd), text.index(odd) + len(odd)),
            ),
            name=surface,
        ),
        Edge(EdgeKind.SAID, obrien.id, first.id, documents=(document.id,)),
        Edge(EdgeKind.SAID, obrien.id, second.id, documents=(document.id,)),
        Edge(EdgeKind.SOURCE, first.id, document.id, documents=(document.id,)),
        Edge(EdgeKind.SOURCE, second.id, document.id, documents=(document.id,)),
        Edge(EdgeKind.ABOUT, first.id, topic.id, documents=(document.id,)),
    ]
    graph = EventGraph(nodes, edges)
    assert graph.validate() == []
    return graph


@pytest.fixture(scope="module")
def exports(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus graph written once in every format."""
    folder = tmp_path_factory.mktemp("exports")
    for format in FORMATS:
        export(example_graph, folder / f"graph.{format}", format)
    return folder


# -- GraphML and GEXF: networkx ----------------------------------------------------------------------
@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_graphml_and_gexf_load_back_in_networkx_with_kinds_and_attributes(
    format: str, example_graph: EventGraph, exports: Path
) -> None:
    path = exports / f"graph.{format}"
    loaded = nx.read_graphml(path) if format == "graphml" else nx.read_gexf(path)
    assert loaded.number_of_nodes() == len(example_graph)
    assert loaded.number_of_edges() == sum(1 for _ in example_graph.edges())
    assert Counter(data["kind"] for _, data in loaded.nodes(data=True)) == _node_kinds(example_graph)
    assert Counter(data["kind"] for *_, data in loaded.edges(data=True)) == _edge_kinds(example_graph)
    for node in example_graph.nodes():
        data = loaded.nodes[node.id]
        for key, value in node_properties(node).items():
            if key != "id":
                assert data[key] == _xml_value(value), (node.id, key)
        if isinstance(node, Entity):
            assert json.loads(data["aliases"]) == list(node.aliases)
            assert data["label"] == node.name
    for edge in example_graph.edges():
        found = [d for d in loaded.get_edge_data(edge.source, edge.target).values() if d["kind"] == edge.kind.value]
        expected = {k: _xml_value(v) for k, v in edge_properties(edge).items()}
        assert any({k: d.get(k) for k in expected} == expected for d in found), (edge.kind, edge.source, edge.target)


def test_gexf_gives_dated_facts_a_lifetime_for_gephis_timeline(example_graph: EventGraph, exports: Path) -> None:
    text = (exports / "graph.gexf").read_text(encoding="utf-8")
    assert re.search(r'<graph[^>]*mode="dynamic"', text) and 'timeformat="date"' in text
    loaded = nx.read_gexf(exports / "graph.gexf")
    dated = [f for f in [*example_graph.claims(), *example_graph.meetings()] if f.date is not None]
    assert dated
    for fact in dated:
        data = loaded.nodes[fact.id]
        assert (data["start"], data["end"]) == (fact.date.start.isoformat(), fact.date.end.isoformat())


def test_graphml_declares_typed_keys(exports: Path) -> None:
    text = (exports / "graph.graphml").read_text(encoding="utf-8")
    keys = dict(re.findall(r'<key [^>]*for="node" attr\.name="([a-z_]+)" attr\.type="([a-z]+)"', text))
    assert keys["span_start"] in ("int", "long")
    assert keys["text"] == keys["aliases"] == keys["date_start"] == "string"


# -- JSON lines ------------------------------------------------------------------------------------------
def test_jsonl_lines_rebuild_an_equal_graph(example_graph: EventGraph, exports: Path) -> None:
    lines = (exports / "graph.jsonl").read_text(encoding="utf-8").splitlines()
    records = [orjson.loads(line) for line in lines]
    assert len(records) == len(example_graph) + sum(1 for _ in example_graph.edges())
    nodes = [
        node_from_dict({k: v for k, v in r.items() if k != "record"}, "x") for r in records if r["record"] == "node"
    ]
    edges = [
        edge_from_dict({k: v for k, v in r.items() if k != "record"}, "x") for r in records if r["record"] == "edge"
    ]
    assert EventGraph(nodes, edges) == example_graph


# -- CSV tables: pandas ----------------------------------------------------------------------------------
def test_csv_tables_load_in_pandas_with_one_row_per_fact(example_graph: EventGraph, exports: Path) -> None:
    folder = exports / "graph.csv"
    claims = pd.read_csv(folder / "claims.csv", keep_default_na=False)
    meetings = pd.read_csv(folder / "meetings.csv", keep_default_na=False)
    entities = pd.read_csv(folder / "entities.csv", keep_default_na=False)
    documents = pd.read_csv(folder / "documents.csv", keep_default_na=False)
    assert sorted(claims["id"]) == sorted(c.id for c in example_graph.claims())
    assert sorted(meetings["id"]) == sorted(m.id for m in example_graph.meetings())
    assert sorted(entities["id"]) == sorted(e.id for e in example_graph.entities())
    assert sorted(documents["id"]) == sorted(d.id for d in example_graph.documents())
    for row in claims.to_dict("records"):
        claim = example_graph.node(row["id"])
        speaker = example_graph.speaker(claim.id)
        assert row["text"] == claim.text
        assert row["speaker"] == (speaker.name if speaker else "")
        assert row["date_start"] == (claim.date.start.isoformat() if claim.date else "")
        assert claim.text in row["sentence"]
        assert row["document"] == example_graph.source(claim.id).path
    for row in meetings.to_dict("records"):
        names = [p.name for p in sorted(example_graph.participants(row["id"]), key=lambda e: (e.name.lower(), e.id))]
        assert row["participants"] == "; ".join(names)
    said = Counter(e.source for e in example_graph.edges(EdgeKind.SAID))
    assert dict(zip(entities["id"], entities["statements"], strict=True)) == {
        e.id: said.get(e.id, 0) for e in example_graph.entities()
    }


def test_csv_tables_are_spreadsheet_safe(tmp_path: Path) -> None:
    graph = _odd_graph()
    export(graph, tmp_path / "tables", "csv")
    raw = (tmp_path / "tables" / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
    assert raw.count(b"\r\n") >= 3
    claims = pd.read_csv(tmp_path / "tables" / "claims.csv", keep_default_na=False).set_index("id")
    assert claims.loc["claim:odd-1", "text"] == "'=SUM(A1) was the first line."  # shown as text, never run
    assert claims.loc["claim:odd-2", "text"] == graph.node("claim:odd-2").text
    assert claims.loc["claim:odd-2", "speaker"] == "Seán O'Brien"
    documents = pd.read_csv(tmp_path / "tables" / "documents.csv", keep_default_na=False)
    assert documents.loc[0, "title"] == "'" + graph.node("doc:odd").title
    assert documents.loc[0, "published_start"] == "2021-12-01"
    with (tmp_path / "tables" / "claims.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert all(len(row) == len(rows[0]) for row in rows)


# -- Neo4j import files: a strict neo4j-admin reader --------------------------------------------------
def _command(folder: Path) -> str:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return block


def test_neo4j_files_import_with_every_node_relationship_and_property(example_graph: EventGraph, exports: Path) -> None:
    folder = exports / "graph.neo4j"
    command = parse_command(_command(folder))
    listed = set(command.nodes) | set(command.relationships)
    assert listed == {p.name for p in folder.glob("*.csv")}
    database = import_folder(folder, command)
    assert len(database.nodes) == len(example_graph)
    kinds = _node_kinds(example_graph)
    labels = database.labels()
    for kind in NodeKind:
        assert labels[LABELS[kind]] == kinds[kind.value]
    assert labels["Entity"] == len(example_graph.entities())
    assert database.types() == Counter(
        {RELATIONSHIP_TYPES[EdgeKind(k)]: n for k, n in _edge_kinds(example_graph).items()}
    )
    for node in example_graph.nodes():
        assert database.nodes[node.id][1] == node_properties(node)
    relationships = {(s, e, t, p.get("title")): p for s, e, t, p in database.relationships}
    for edge in example_graph.edges():
        assert relationships[(edge.source, edge.target, RELATIONSHIP_TYPES[edge.kind], edge.title)] == edge_properties(
            edge
        )


def test_neo4j_headers_name_typed_properties(exports: Path) -> None:
    folder = exports / "graph.neo4j"
    claim_header = (folder / "nodes_Claim.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    columns = {c.name: c for c in parse_header(claim_header, "nodes_Claim.csv")}
    assert columns["id"].role == "ID"
    assert (columns["span_start"].type, columns["date_start"].type) == ("int", "date")
    assert columns["text"].type == "string"
    person_header = (folder / "nodes_Person.csv").read_text(encoding="utf-8").splitlines()[0]
    assert person_header == "id:ID,name,aliases:string[],:LABEL"
    said = (folder / "relationships_SAID.csv").read_text(encoding="utf-8").splitlines()[0]
    assert said.startswith(":START_ID,:END_ID,:TYPE,documents:string[],")
    assert set(NODE_SCHEMA[NodeKind.CLAIM]) <= set(columns)
    assert len(said.split(",")) == 3 + len(EDGE_SCHEMA)


def _break(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "refusal"),
    [
        (lambda f: _break(f, "nodes_Claim.csv", "span_start:int", "span_start:integer"), "unknown type"),
        (lambda f: _break(f, "nodes_Claim.csv", "id:ID", "id"), "one :ID"),
        (lambda f: _break(f, "relationships_SAID.csv", ":END_ID,", ""), "relationship file"),
        (lambda f: _break(f, "relationships_SAID.csv", "\nperson:", "\nperson:nobody-"), "not there"),
        (lambda f: _break(f, "nodes_Claim.csv", ",reported,", ",reported,extra,"), "fields for"),
        (
            lambda f: _break(f, "nodes_Document.csv", "\ndoc:", "\nperson:jens-stoltenberg,x,,,,,,Document\ndoc:"),
            "duplicate node id",
        ),
        (lambda f: (f / "nodes_Topic.csv").write_bytes(b"\xef\xbb\xbf" + (f / "nodes_Topic.csv").read_bytes()), "mark"),
        (lambda f: _break(f, "nodes_Claim.csv", ",2021-", ",21-"), "is not a date"),
        (lambda f: _break(f, "README.md", "--multiline-fields=true ", ""), "multiline"),
        (lambda f: _break(f, "README.md", "--overwrite-destination", "--overwrite"), "unknown option"),
    ],
    ids=["type", "no-id", "no-end", "dangling", "fields", "duplicate", "bom", "date", "multiline", "option"],
)
def test_the_strict_reader_refuses_what_neo4j_admin_refuses(
    damage: object, refusal: str, example_graph: EventGraph, tmp_path: Path
) -> None:
    export(example_graph, tmp_path / "neo4j", "neo4j")
    damage(tmp_path / "neo4j")  # type: ignore[operator]
    with pytest.raises(ImportRefused, match=refusal):
        import_folder(tmp_path / "neo4j", parse_command(_command(tmp_path / "neo4j")))


def test_neo4j_list_separator_avoids_every_character_in_the_values(tmp_path: Path) -> None:
    graph = _odd_graph()
    export(graph, tmp_path / "neo4j", "neo4j")
    command = parse_command(_command(tmp_path / "neo4j"))
    assert command.array_delimiter == "^"  # ';', '|' and '¦' all occur in some list element
    database = import_folder(tmp_path / "neo4j", command)
    assert database.nodes["topic:formulas"][1]["signals"] == ["=SUM", "a;b", "c|d"]
    mentions = [p for s, e, t, p in database.relationships if t == "MENTIONS"]
    assert mentions[0]["mentions"] == [m.surface for m in next(graph.edges(EdgeKind.MENTIONS)).mentions]
    assert database.nodes["doc:odd"][1]["text"] == graph.node("doc:odd").text


# -- Cypher: the openCypher grammar and an embedded engine -----------------------------------------------
def test_cypher_script_parses_and_builds_the_graph(example_graph: EventGraph, exports: Path) -> None:
    script = (exports / "graph.cypher").read_text(encoding="utf-8")
    statements = check_script(script)
    assert sum(s.startswith("CREATE CONSTRAINT") for s in statements) == len(_node_kinds(example_graph))
    built = run_script(script)
    counts = Counter(
        {
            row["label"]: row["n"]
            for row in built.cypher("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
        }
    )
    for kind, number in _node_kinds(example_graph).items():
        assert counts[LABELS[NodeKind(kind)]] == number
    assert counts["Entity"] == len(example_graph.entities())
    types = Counter({r["t"]: r["n"] for r in built.cypher("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")})
    assert types == Counter({RELATIONSHIP_TYPES[EdgeKind(k)]: n for k, n in _edge_kinds(example_graph).items()})
    for kind, schema in NODE_SCHEMA.items():
        fields = ", ".join(f"n.{name} AS {name}" for name in schema)
        rows = {r["id"]: r for r in built.cypher(f"MATCH (n:{LABELS[kind]}) RETURN {fields}")}
        for node in example_graph.nodes(kind):
            assert {k: v for k, v in rows[node.id].items() if v is not None} == node_properties(node)


def test_cypher_string_literals_survive_quotes_backslashes_and_line_breaks(tmp_path: Path) -> None:
    graph = _odd_graph()
    export(graph, tmp_path / "odd.cypher", "cypher")
    script = (tmp_path / "odd.cypher").read_text(encoding="utf-8")
    check_script(script)
    built = run_script(script)
    (document,) = built.cypher("MATCH (n:Document) RETURN n.text AS text, n.path AS path, n.published_end AS end")
    assert document["text"] == graph.node("doc:odd").text
    assert document["path"] == 'odd/it\'s; "weird".txt'
    assert document["end"] == dt.date(2021, 12, 31)
    (said,) = built.cypher("MATCH (p:Person)-[:SAID]->(c:Claim {form: 'quote'}) RETURN p.name AS name, c.text AS text")
    assert said == {"name": "Seán O'Brien", "text": graph.node("claim:odd-2").text}
    for text in ["it's", "a\\b", "line\nbreak", "\t\r\x00\x1f", "\u2028", "'; MATCH (n) DETACH DELETE n; //"]:
        parse_statement(f"RETURN {string_literal(text)} AS x;")
        assert built.cypher(f"RETURN {string_literal(text)} AS x")[0]["x"] == text


def test_the_grammar_check_refuses_broken_cypher() -> None:
    with pytest.raises(CypherSyntaxError):
        parse_statement("MERGE (n:Person {name: 'it's'}) RETURN n;")
    with pytest.raises(CypherSyntaxError):
        parse_statement("MERGE (n:Person {id: 'x'} SET n.name = 'y';")
    with pytest.raises(CypherSyntaxError, match="constraint"):
        check_script("CREATE CONSTRAINT person_id FOR (n:Person) REQUIRE n.id IS UNIQUE;")


def test_running_the_cypher_script_twice_changes_nothing(tmp_path: Path) -> None:
    graph = _odd_graph()
    export(graph, tmp_path / "odd.cypher", "cypher")
    script = (tmp_path / "odd.cypher").read_text(encoding="utf-8")
    built = run_script(script + "\n" + script)
    assert built.cypher("MATCH (n) RETURN count(*) AS n")[0]["n"] == len(graph)
    assert built.cypher("MATCH ()-[r]->() RETURN count(*) AS n")[0]["n"] == sum(1 for _ in graph.edges())


# -- with a query; files; errors ---------------------------------------------------------------------------
@pytest.mark.parametrize("format", FORMATS)
def test_export_with_a_query_writes_the_subgraph(format: str, example_graph: EventGraph, tmp_path: Path) -> None:
    query = "statements about sanctions"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    written = export(example_graph, tmp_path / "a" / "out", format, query=query)
    expected = export(example_graph.subgraph(query), tmp_path / "b" / "out", format)
    assert [p.name for p in written] == [p.name for p in expected]
    for mine, theirs in zip(written, expected, strict=True):
        assert mine.read_bytes() == theirs.read_bytes()
    assert (
        example_graph.subgraph(query).stats()["claim"] == len(example_graph.query(query)) < len(example_graph.claims())
    )


def test_a_failed_write_leaves_the_earlier_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.gexf"
    target.write_text("the earlier export", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write("half of a new one")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.gexf"]


def test_a_second_export_to_a_folder_replaces_the_first(example_graph: EventGraph, tmp_path: Path) -> None:
    export(example_graph, tmp_path / "neo4j", "neo4j")
    (tmp_path / "neo4j" / "notes.txt").write_text("mine", encoding="utf-8")
    export(example_graph, tmp_path / "neo4j", "neo4j", query="statements about sanctions")
    names = {p.name for p in (tmp_path / "neo4j").iterdir()}
    assert "nodes_Meeting.csv" not in names  # the first export's, not written by the second
    assert "notes.txt" in names  # never someone else's
    command = parse_command(_command(tmp_path / "neo4j"))
    assert set(command.nodes) | set(command.relationships) == {n for n in names if n.endswith(".csv")}


def test_exports_refuse_missing_folders_files_for_folders_and_unknown_formats(
    example_graph: EventGraph, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(example_graph, tmp_path / "missing" / "graph.gexf", "gexf")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="folder"):
        export(example_graph, tmp_path / "file", "csv")
    with pytest.raises(ExportError, match="is a folder"):
        export(example_graph, tmp_path, "graphml")
    with pytest.raises(ExportError, match="unknown export format 'xml'"):
        export(example_graph, tmp_path / "g.xml", "xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
