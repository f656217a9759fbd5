"""``eventgraph export`` driven as a user drives it: a real process, real files, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from eventgraph import EventGraph


def eventgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def graph_file(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-export") / "news.eg"
    example_graph.save(path)
    return path


def test_export_a_query_with_the_query_after_the_options(
    graph_file: Path, example_graph: EventGraph, tmp_path: Path
) -> None:
    done = eventgraph("export", graph_file, "--format", "csv", "-o", tmp_path / "tables", "statements about sanctions")
    assert done.returncode == 0, done.stderr
    claims = pd.read_csv(tmp_path / "tables" / "claims.csv")
    assert sorted(claims["id"]) == sorted(example_graph.query("statements about sanctions").ids())
    assert done.stderr.startswith(f"{tmp_path / 'tables'}: ") and "written as csv (4 files)" in done.stderr
    assert done.stdout == ""


def test_export_the_whole_graph_for_gephi(graph_file: Path, example_graph: EventGraph, tmp_path: Path) -> None:
    done = eventgraph("export", graph_file, "--format", "gexf", "-o", tmp_path / "news.gexf", "--quiet")
    assert (done.returncode, done.stderr) == (0, "")
    assert nx.read_gexf(tmp_path / "news.gexf").number_of_nodes() == len(example_graph)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "gexf", "-o", "{tmp}/missing/x.gexf"], "the folder {tmp}/missing does not exist"),
        (["--format", "gexf", "-o", "{tmp}/x.gexf", "claims by Lavorv"], "did you mean Lavrov"),
        (["--format", "gexf", "-o", "{tmp}/x.gexf", "count claims by speaker"], "count query selects no nodes"),
        (["--format", "xml", "-o", "{tmp}/x.xml"], "invalid choice: 'xml'"),
        (["--format", "gexf"], "required: -o/--output"),
    ],
    ids=["folder", "name", "count", "format", "output"],
)
def test_export_errors_are_one_clear_message(graph_file: Path, tmp_path: Path, args: list[str], message: str) -> None:
    done = eventgraph("export", graph_file, *(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2
    assert message.format(tmp=tmp_path) in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
