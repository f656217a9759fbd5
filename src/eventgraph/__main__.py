"""``python -m eventgraph``: the command line."""

from eventgraph.cli import main

raise SystemExit(main())
