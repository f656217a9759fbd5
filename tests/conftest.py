"""Shared test settings: one hypothesis profile for every property test, and the example
corpus ingested once per session.

``HYPOTHESIS_PROFILE=ci`` runs more examples; each test's own ``settings`` still decide
its example count where they set one (``EG_EXAMPLES`` scales those).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from eventgraph import EventGraph
    from eventgraph.ingest import IngestReport

settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("default"), max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# -- the example corpus, ingested once per test session ---------------------------------------
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
INGEST_DAY = dt.date(2026, 11, 1)
"""The day ingestion resolves the corpus's relative dates against, fixed so runs agree."""


@pytest.fixture(scope="session")
def example_ingest() -> tuple[EventGraph, IngestReport]:
    """``examples/corpus`` ingested (spaCy runs once for all the tests that need it)."""
    from eventgraph.ingest import ingest

    return ingest([CORPUS], today=INGEST_DAY)


@pytest.fixture(scope="session")
def example_graph(example_ingest: tuple[EventGraph, IngestReport]) -> EventGraph:
    return example_ingest[0]


# -- screenshots of the explorer, kept after the run ---------------------------------------------
_SCREENSHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for screenshots of the explorer; pytest keeps it (with the last runs' temporary
    folders) and the run's summary prints where it is. ``EG_SCREENSHOTS`` chooses another."""
    chosen = os.environ.get("EG_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("explorer-screenshots", numbered=False)
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[_SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    folder = config.stash.get(_SCREENSHOTS, None)
    if folder is not None and any(folder.iterdir()):
        terminalreporter.write_line(f"screenshots of the explorer: {folder}")
