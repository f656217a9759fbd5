"""A tour of the eventgraph library on the bundled corpus.

Run it after installing eventgraph (``python3 tasks.py example`` does both):

    python examples/quickstart.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import eventgraph
from eventgraph.ingest import ingest

HERE = Path(__file__).resolve().parent


def main() -> None:
    graph, report = ingest([HERE / "corpus"])
    print(f"{len(report.added)} documents ingested; {graph!r}")

    # Questions in the query language: rows with their sources.
    for question in ("statements by Lavrov about expansion", "who met Lavrov", "meetings in 2015"):
        result = graph.query(question)
        print(f"\n> {question}  ({len(result)} rows)")
        for row in result:
            source = row.get("document", {}).get("path", "")
            print(f"  - {row.get('name') or row.get('text', '')[:90]}  [{Path(source).name}]")

    # The typed values are there too: who said what, and when.
    lavrov = graph.find("Lavrov", kinds=["person"])[0]
    print(f"\n{lavrov.name} is also written as: {', '.join(lavrov.aliases)}")
    for claim in graph.claims():
        if graph.speaker(claim.id) == lavrov:
            print(f"  {claim.date or 'undated'}: {claim.text[:80]}")

    # Save and load: an atomic, versioned file.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "news.eg"
        graph.save(path)
        assert eventgraph.EventGraph.load(path) == graph
        print(f"\nsaved and reloaded {path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
