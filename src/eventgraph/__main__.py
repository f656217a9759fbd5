"""``python -m eventgraph``: the command line."""

from eventgraph.cli import run

raise SystemExit(run())
