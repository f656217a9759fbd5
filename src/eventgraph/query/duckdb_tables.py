"""A Parquet export opened with DuckDB: views over its tables, and the names it knows.

The facts (claims, meetings, documents, edges) stay in the files and are read by SQL.
What the query language needs to read names the same way the in-memory engine does
(entities with their aliases, the ``role`` and ``located_in`` links between them) is
loaded into a small ``EventGraph`` of its own, ``names``: it holds no claim, meeting or
document, so it grows with the number of actors, not of articles. Documents are looked
up by SQL when a query names one or a row cites one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs

from eventgraph.errors import GraphFormatError
from eventgraph.graph import EventGraph
from eventgraph.model import DateInterval, Document, Edge, Entity

__all__ = ["ParquetGraph", "open_parquet"]

_TABLES = ("documents", "claims", "meetings", "entities", "aliases", "topics", "edges")
_NAME_EDGES = ("role", "located_in")
SUGGEST_FROM = 100_000
"""Collections of up to this many documents suggest close names for a document name that fits none."""


@attrs.define
class ParquetGraph:
    """A DuckDB connection with a view per table, and the names graph."""

    folder: Path
    connection: Any = attrs.field(repr=False)
    names: EventGraph = attrs.field(repr=False)

    def rows(self, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, parameters or []).fetchall()

    def documents(self, ids: list[str]) -> list[Document]:
        """The documents with these ids (without their text: enough to cite them)."""
        return self._documents("id IN (SELECT unnest($1))", [ids])

    def documents_like(self, text: str) -> EventGraph:
        """A graph of every document a name could stand for (its id, or its path holding the
        name in any case), to resolve the name as the in-memory engine does; all of them,
        for suggestions, when none is, in a collection of up to ``SUGGEST_FROM`` documents."""
        found = self._documents("id = $1 OR strpos(lower(path), lower($1)) > 0", [text.strip()])
        if not found and self.rows("SELECT count(*) FROM documents")[0][0] <= SUGGEST_FROM:
            found = self._documents("TRUE", [])
        return EventGraph(found)

    def _documents(self, where: str, parameters: list[Any]) -> list[Document]:
        rows = self.rows(
            f"SELECT id, path, title, published_start, published_end, published_how FROM documents WHERE {where}",
            parameters,
        )
        return [
            Document(id=i, path=path, text="", title=title or "", published=interval(start, end, how))
            for i, path, title, start, end, how in rows
        ]


def interval(start: dt.date | None, end: dt.date | None, how: str | None) -> DateInterval | None:
    return DateInterval(start, end, how or "explicit") if start is not None and end is not None else None


def open_parquet(folder: str | Path) -> ParquetGraph:
    """Open a folder written by ``eventgraph export --format parquet``.

    ``GraphFormatError`` names the folder and the table that is missing or unreadable.
    """
    try:
        import duckdb
    except ImportError:
        raise GraphFormatError(folder, "the duckdb engine needs duckdb: pip install 'eventgraph[scale]'") from None
    folder = Path(folder)
    if not folder.is_dir():
        raise GraphFormatError(
            folder, "not a folder of Parquet tables (write one with 'eventgraph export GRAPH --format parquet -o DIR')"
        )
    connection = duckdb.connect(":memory:")
    connection.execute("SET enable_progress_bar = false")  # standard output holds only the rows
    for table in _TABLES:
        files = sorted((folder / table).glob("part-*.parquet"))
        if not files:
            raise GraphFormatError(folder, f"no {table} table ({table}/part-*.parquet); is this a Parquet export?")
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        try:
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listed}])")
            connection.execute(f"SELECT * FROM {table} LIMIT 0").fetchall()
        except duckdb.Error as exc:
            raise GraphFormatError(folder / table, f"cannot be read as a Parquet table ({exc})") from None
    connection.execute(
        "CREATE VIEW claim_facts AS SELECT c.*, d.path AS doc_path, d.published_start AS pub_start, "
        "d.published_end AS pub_end FROM claims c LEFT JOIN documents d ON d.id = c.document"
    )
    connection.execute(
        "CREATE VIEW meeting_facts AS SELECT m.*, NULL::DATE AS period_start, NULL::DATE AS period_end, "
        "d.path AS doc_path, d.published_start AS pub_start, d.published_end AS pub_end "
        "FROM meetings m LEFT JOIN documents d ON d.id = m.document"
    )
    return ParquetGraph(folder, connection, _names(connection))


def _names(connection: Any) -> EventGraph:
    aliases: dict[str, list[str]] = {}
    for entity, alias in connection.execute("SELECT entity, alias FROM aliases").fetchall():
        aliases.setdefault(entity, []).append(alias)
    entities = [
        Entity(id=i, kind=kind, name=name, aliases=aliases.get(i, ()))
        for i, kind, name in connection.execute("SELECT id, kind, name FROM entities").fetchall()
    ]
    edges = [
        Edge(kind, source, target, tuple(documents or ()), (), name, title, interval(start, end, how))
        for kind, source, target, documents, name, title, start, end, how in connection.execute(
            "SELECT kind, source, target, documents, name, title, interval_start, interval_end, interval_how "
            f"FROM edges WHERE kind IN {tuple(_NAME_EDGES)}"
        ).fetchall()
    ]
    return EventGraph(entities, edges)
