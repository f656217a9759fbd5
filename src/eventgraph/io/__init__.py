"""Reading documents from files: plain text, Markdown, HTML and JSON lines."""

from eventgraph.io.load import DEFAULT_MAX_BYTES, LoadReport, discover, load_documents, load_file, make_document

__all__ = ["DEFAULT_MAX_BYTES", "LoadReport", "discover", "load_documents", "load_file", "make_document"]
