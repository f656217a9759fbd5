"""Neo4j bulk import: CSV files with the header syntax ``neo4j-admin database import`` reads.

One node file per label (``nodes_Person.csv``...) and one relationship file per type
(``relationships_SAID.csv``...), each with a header row naming typed properties
(``id:ID``, ``span_start:int``, ``date_start:date``, ``aliases:string[]``, ``:LABEL``;
``:START_ID``, ``:END_ID``, ``:TYPE``), and a ``README.md`` with the import command.
Ids are the graph's own, in one global id space. People, organisations, countries and
places also carry the label ``Entity``. List elements are separated by a character that
occurs in no element (``;`` unless some element holds one), which the command names.
Texts keep their line breaks, hence ``--multiline-fields=true``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from eventgraph.errors import ExportError
from eventgraph.export.files import atomic_file, export_folder, remove_stale
from eventgraph.export.properties import (
    EDGE_SCHEMA,
    ENTITY_KINDS,
    LABELS,
    NODE_SCHEMA,
    RELATIONSHIP_TYPES,
    PropertyType,
    Value,
    edge_id,
    edge_properties,
    node_properties,
)
from eventgraph.graph import EventGraph
from eventgraph.model import EdgeKind, Node, NodeKind, node_kind

__all__ = ["ARRAY_DELIMITERS", "header", "import_command", "write_neo4j"]

ARRAY_DELIMITERS = (";", "|", "¦", "^")
"""Candidates for the list separator, in order of preference."""

_PATTERNS = ("nodes_*.csv", "relationships_*.csv", "README.md")


def header(name: str, kind: PropertyType) -> str:
    """A property's header field: ``id:ID`` for the id, ``name`` for text, ``name:type`` otherwise."""
    if name == "id":
        return "id:ID"
    return name if kind == "string" else f"{name}:{kind}"


def write_neo4j(graph: EventGraph, folder: str | Path) -> list[Path]:
    """Write the node and relationship files and ``README.md`` into ``folder``; returns the files."""
    target = export_folder(Path(folder))
    delimiter = _array_delimiter(graph)
    nodes: dict[NodeKind, list[Node]] = defaultdict(list)
    for node in graph.nodes():
        nodes[node_kind(node)].append(node)
    written: list[Path] = []
    node_files: list[tuple[str, Path, int]] = []
    for kind in NodeKind:
        if not nodes[kind]:
            continue
        path = target / f"nodes_{LABELS[kind]}.csv"
        schema = NODE_SCHEMA[kind]
        labels = delimiter.join([LABELS[kind], "Entity"] if kind in ENTITY_KINDS else [LABELS[kind]])
        rows = ([*(_field(p.get(k), delimiter) for k in schema), labels] for p in map(node_properties, nodes[kind]))
        _write(path, [*(header(k, t) for k, t in schema.items()), ":LABEL"], rows)
        node_files.append((LABELS[kind], path, len(nodes[kind])))
    edges = defaultdict(list)
    for edge in sorted(graph.edges(), key=edge_id):
        edges[edge.kind].append(edge)
    relationship_files: list[tuple[str, Path, int]] = []
    for kind in EdgeKind:
        if not edges[kind]:
            continue
        path = target / f"relationships_{RELATIONSHIP_TYPES[kind]}.csv"
        columns = [":START_ID", ":END_ID", ":TYPE", *(header(k, t) for k, t in EDGE_SCHEMA.items())]
        rows = (
            [e.source, e.target, RELATIONSHIP_TYPES[kind], *(_field(p.get(k), delimiter) for k in EDGE_SCHEMA)]
            for e, p in ((e, edge_properties(e)) for e in edges[kind])
        )
        _write(path, columns, rows)
        relationship_files.append((RELATIONSHIP_TYPES[kind], path, len(edges[kind])))
    readme = target / "README.md"
    with atomic_file(readme) as handle:
        handle.write(_readme(node_files, relationship_files, delimiter))
    written = [p for _, p, _ in node_files] + [p for _, p, _ in relationship_files] + [readme]
    remove_stale(target, _PATTERNS, written)
    return written


def import_command(files: Iterable[str], relationships: Iterable[str], delimiter: str, database: str = "neo4j") -> str:
    """The ``neo4j-admin`` (Neo4j 5) command that imports these files into an empty database."""
    first = f"neo4j-admin database import full {database} --overwrite-destination"
    options = f"--multiline-fields=true --array-delimiter='{delimiter}'"
    parts = [first, options, *(f"--nodes={name}" for name in files)]
    parts += [f"--relationships={name}" for name in relationships]
    return " \\\n    ".join(parts)


def _array_delimiter(graph: EventGraph) -> str:
    elements: set[str] = set()
    for node in graph.nodes():
        for value in node_properties(node).values():
            if isinstance(value, list):
                elements.update(map(str, value))
    for edge in graph.edges():
        elements.update(m.surface for m in edge.mentions)
        elements.update(edge.documents)
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in element for element in elements):
            return candidate
    raise ExportError("neo4j", f"every list separator ({' '.join(ARRAY_DELIMITERS)}) occurs in some name or alias")


def _field(value: Value | None, delimiter: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return delimiter.join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write(path: Path, columns: list[str], rows: Iterable[list[str | None]]) -> None:
    with atomic_file(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _readme(nodes: list[tuple[str, Path, int]], relationships: list[tuple[str, Path, int]], delimiter: str) -> str:
    command = import_command([p.name for _, p, _ in nodes], [p.name for _, p, _ in relationships], delimiter)
    counts = "\n".join(f"| {label} | {p.name} | {n} |" for label, p, n in nodes + relationships)
    return f"""# eventgraph export for Neo4j

Node files (one per label) and relationship files (one per type) for
`neo4j-admin database import`. Stop the database, run this from the folder holding these
files (Neo4j 5; it replaces the database `neo4j`), then start the database:

```sh
{command}
```

With Neo4j 4.4, import into a database that does not exist yet with
`neo4j-admin import --database=NAME` followed by the same `--multiline-fields`,
`--array-delimiter`, `--nodes` and `--relationships` options.
Every node has the property `id` (its eventgraph id); people, organisations, countries
and places also have the label `Entity`. Dates are Neo4j dates, lists are arrays.

| label or type | file | rows |
|---|---|---|
{counts}
"""
