"""Shared test settings: one hypothesis profile for every property test, one corpus graph.

``HYPOTHESIS_PROFILE=ci`` runs more examples; each test's own ``settings`` still decide
its example count where they set one (``EG_EXAMPLES`` scales those).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings

from eventgraph import EventGraph

settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
CORPUS_TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="session")
def corpus_graph() -> EventGraph:
    """The bundled example corpus as a graph, built once for the tests that read it (never change it)."""
    from eventgraph.ingest import ingest

    graph, report = ingest([CORPUS], today=CORPUS_TODAY)
    assert report.problems == ()
    return graph
