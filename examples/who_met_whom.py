"""Who met whom in December 2021?

    python examples/who_met_whom.py [GRAPH]

Asks for the meetings held in December 2021 (a meeting whose dates overlap the month
counts), then lists each meeting with its participants, place and source, and every
pair of participants who met.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import PurePosixPath
from typing import TextIO

from example_graph import example_graph

from eventgraph import EventGraph


def answer(graph: EventGraph, out: TextIO = sys.stdout) -> list[tuple[str, str, str]]:
    """The pairs who met, as (first name, second name, meeting id), printed with each meeting."""
    meetings = graph.query("meetings in December 2021 order by date")
    print(f"Who met whom in December 2021? {len(meetings)} meeting(s):\n", file=out)
    pairs = []
    for row in meetings:
        names = [p["name"] for p in row["participants"]]
        start, end = row["date"]["start"], row["date"]["end"]
        when = start if start == end else f"{start}..{end}"
        place = f" in {row['place']['name']}" if row["place"] else ""
        print(f"- {when}: {row['type']}{place}: {', '.join(names) or 'participants not named'}", file=out)
        print(f"  “{' '.join(row['text'].split())}”  [{PurePosixPath(row['document']['path']).name}]", file=out)
        pairs.extend((a, b, row["id"]) for a, b in combinations(sorted(names), 2))
    print("\nPairs who met:", file=out)
    for first, second, meeting in sorted(pairs):
        print(f"  {first} — {second}  ({meeting})", file=out)
    if not pairs:
        print("  none: no meeting that month names two participants", file=out)
    return pairs


def main(argv: Sequence[str] = ()) -> None:
    answer(example_graph(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
