"""Export the statements about sanctions to a spreadsheet.

    pip install 'eventgraph[pandas]'
    python examples/sanctions_to_spreadsheet.py [GRAPH] [-o FOLDER]

Writes the part of the graph that ``statements about sanctions`` selects as CSV tables
(``claims.csv``, ``meetings.csv``, ``entities.csv``, ``documents.csv``) that open in Excel,
LibreOffice or Google Sheets, then reads ``claims.csv`` back with pandas to show it.
The same from the command line:
``eventgraph export news.eg --format csv -o sanctions "statements about sanctions"``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd
from example_graph import example_graph

from eventgraph import EventGraph
from eventgraph.export import export

QUESTION = "statements about sanctions"


def answer(graph: EventGraph, folder: Path, out: TextIO = sys.stdout) -> pd.DataFrame:
    """Write the tables into ``folder``; return ``claims.csv`` as read back by pandas."""
    written = export(graph, folder, "csv", query=QUESTION)
    claims = pd.read_csv(folder / "claims.csv", parse_dates=["date_start", "date_end"])
    print(f"{len(claims)} {QUESTION} written to {folder}/ ({', '.join(p.name for p in written)}):\n", file=out)
    for row in claims.itertuples():
        when = row.date_start.date().isoformat() if pd.notna(row.date_start) else "undated"
        speaker = row.speaker if isinstance(row.speaker, str) else "(no speaker)"
        print(f"  {when:<10}  {speaker:<24}  {row.text}", file=out)
    return claims


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="*", help="a saved graph (default: ingest examples/corpus)")
    parser.add_argument("-o", "--output", default="sanctions", help="the folder to write (default: sanctions)")
    args = parser.parse_args(argv)
    answer(example_graph(args.graph), Path(args.output))


if __name__ == "__main__":
    main(sys.argv[1:])
