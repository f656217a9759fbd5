"""How did Lavrov's statements about expansion change over time?

    pip install 'eventgraph[pandas]'
    python examples/lavrov_on_expansion.py [GRAPH]

Puts every statement by Sergey Lavrov on a timeline by the month it was made (the
statement's own date, not the article's), with the topics of each month, and marks the
statements about NATO's expansion, each with the sentence it comes from. Statements the
text gives no date for are kept apart rather than guessed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TextIO

import pandas as pd
from example_graph import example_graph

from eventgraph import EventGraph


def answer(graph: EventGraph, out: TextIO = sys.stdout) -> pd.DataFrame:
    """Lavrov's statements (one row each, with ``month`` and ``about_expansion``), printed as a timeline."""
    lavrov = graph.find("Lavrov", kinds=["person"])[0]
    statements = graph.query("statements by Lavrov", sentences=True).to_pandas()
    about = set(graph.query("statements by Lavrov about expansion").ids())
    statements["about_expansion"] = statements["id"].isin(about)
    statements["month"] = statements["date_start"].dt.strftime("%Y-%m").fillna("undated")
    statements = statements.sort_values(["date_start", "id"], na_position="last").reset_index(drop=True)

    print(f"How did {lavrov.name}'s statements about expansion change over time?", file=out)
    print(
        f"{len(statements)} statements by {lavrov.name} in {statements['document'].nunique()} documents; "
        f"{len(about)} about expansion.\n",
        file=out,
    )
    print("By month (when each statement was made):", file=out)
    for month, group in statements.groupby("month", sort=True):
        topics = Counter(topic for topics in group["topics"] for topic in topics)
        shown = ", ".join(f"{t} ({n})" if n > 1 else t for t, n in topics.most_common(6)) or "-"
        marker = f"; {int(group['about_expansion'].sum())} about expansion" if group["about_expansion"].any() else ""
        print(f"  {month:<8} {len(group):>2} statement(s){marker}   topics: {shown}", file=out)

    print("\nAbout expansion, oldest first:", file=out)
    for row in statements[statements["about_expansion"]].itertuples():
        when = row.month if row.month != "undated" else "undated"
        print(f"  {when}  “{row.text}”  [{PurePosixPath(row.document).name}]", file=out)
        print(f"           in: {' '.join(row.sentence.split())}", file=out)
    return statements


def main(argv: Sequence[str] = ()) -> None:
    answer(example_graph(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
