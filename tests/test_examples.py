"""The analyst examples answer their questions: each script runs as a user runs it, and what it
prints is checked against the graph, computed here another way.

The scripts read the session's corpus graph from a saved file (their optional argument),
so no test ingests the corpus again.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from eventgraph import EventGraph

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def graph_file(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("examples") / "news.eg"
    example_graph.save(path)
    return path


def run(script: str, *args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_every_example_script_is_run_here() -> None:
    scripts = {p.name for p in EXAMPLES.glob("*.py")} - {"example_graph.py", "quickstart.py"}
    tested = set(re.findall(r'run\(\s*"(\w+\.py)"', Path(__file__).read_text(encoding="utf-8")))
    assert scripts == tested


def test_how_lavrovs_statements_about_expansion_changed(example_graph: EventGraph, graph_file: Path) -> None:
    out = run("lavrov_on_expansion.py", graph_file)
    lavrov = example_graph.find("Lavrov", kinds=["person"])[0]
    statements = [c for c in example_graph.claims() if example_graph.speaker(c.id) == lavrov]
    assert f"{len(statements)} statements by Sergey Lavrov" in out
    months = {c.date.start.strftime("%Y-%m") if c.date else "undated" for c in statements}
    listed = re.findall(r"^  (\d{4}-\d{2}|undated)\s+(\d+) statement", out, flags=re.M)
    assert {m for m, _ in listed} == months
    assert sum(int(n) for _, n in listed) == len(statements)
    about_expansion = [
        c for c in statements if "expansion" in {getattr(t, "label", "") for t in example_graph.about(c.id)}
    ]
    assert about_expansion
    section = out.split("About expansion, oldest first:")[1]
    for claim in about_expansion:
        assert f"“{claim.text}”" in section
        sentence = " ".join(claim.sentence.slice(example_graph.source(claim.id).text).split())
        assert f"in: {sentence}" in section


def test_who_met_whom_in_december_2021(example_graph: EventGraph, graph_file: Path) -> None:
    out = run("who_met_whom.py", graph_file)
    december = (dt.date(2021, 12, 1), dt.date(2021, 12, 31))
    meetings = [
        m for m in example_graph.meetings() if m.date and m.date.start <= december[1] and m.date.end >= december[0]
    ]
    assert meetings
    assert f"{len(meetings)} meeting(s)" in out
    expected = sorted(
        (a, b, m.id)
        for m in meetings
        for a, b in combinations(sorted(p.name for p in example_graph.participants(m.id)), 2)
    )
    printed = re.findall(r"^  (.+?) — (.+?)  \((meeting:\w+)\)$", out, flags=re.M)
    assert printed == expected
    for meeting in meetings:
        assert " ".join(meeting.text.split()) in out


def test_which_actors_are_most_central_in_the_meeting_network(example_graph: EventGraph, graph_file: Path) -> None:
    out = run("central_actors.py", graph_file)
    partners: dict[str, set[str]] = {}
    for meeting in example_graph.meetings():
        names = [p.name for p in example_graph.participants(meeting.id)]
        for name in names:
            partners.setdefault(name, set()).update(n for n in names if n != name)
    actors = len(partners)
    rows = re.findall(r"^  (\S.*?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", out, flags=re.M)
    assert len(rows) == min(5, actors)
    most = max(len(p) for p in partners.values())
    assert int(rows[0][1]) == most
    for name, met, degree, _ in rows:
        assert int(met) == len(partners[name])
        assert float(degree) == pytest.approx(len(partners[name]) / (actors - 1), abs=0.005)
    communities = re.findall(r"^  \d+\. (.+)$", out, flags=re.M)
    members = [name for line in communities for name in line.split(", ")]
    assert sorted(members) == sorted(partners)
    for line in communities:  # a community never splits two actors who met only each other
        for name in line.split(", "):
            if len(partners[name]) == 1:
                assert next(iter(partners[name])) in line.split(", ")


def test_export_the_statements_about_sanctions_to_a_spreadsheet(
    example_graph: EventGraph, graph_file: Path, tmp_path: Path
) -> None:
    out = run("sanctions_to_spreadsheet.py", graph_file, "-o", "sheet", cwd=tmp_path)
    expected = example_graph.query("statements about sanctions")
    claims = pd.read_csv(tmp_path / "sheet" / "claims.csv")
    assert sorted(claims["id"]) == sorted(expected.ids())
    assert {p.name for p in (tmp_path / "sheet").iterdir()} == {
        "claims.csv",
        "meetings.csv",
        "entities.csv",
        "documents.csv",
    }
    assert f"{len(expected)} statements about sanctions written to sheet/" in out
    for row in expected:
        assert row["text"] in out
