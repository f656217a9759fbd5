"""The names of the export formats, kept apart from their writers: the command line lists
them in its help without importing every writer (and networkx with the XML ones)."""

from __future__ import annotations

__all__ = ["FOLDER_FORMATS", "FORMATS"]

FORMATS = ("graphml", "gexf", "jsonl", "csv", "neo4j", "cypher", "parquet")
"""Every export format, by name."""

FOLDER_FORMATS = frozenset({"csv", "neo4j", "parquet"})
"""Formats that write a folder of files rather than one file."""
