"""Pictures of query results: timelines, actor networks and count charts.

>>> from eventgraph.plot import kinds_for
>>> kinds_for("meeting")
('timeline', 'network')

``plot(result, "lavrov.png")`` (or ``result.plot("lavrov.png")``) writes the picture the
rows suit: a **timeline** of statements or meetings (a lane per speaker or participant),
an actor **network** of meetings, ``who met``, ``who met whom`` and ``path`` rows, a
**counts** chart of ``count ... by ...``. ``.png`` and ``.svg`` are drawn by matplotlib;
``.html`` is a self-contained page (a network you can drag and zoom; the other kinds as
an SVG). Without a path, ``plot`` returns the matplotlib ``Figure``. Needs matplotlib:
``pip install 'eventgraph[plot]'``.
"""

from __future__ import annotations

import os
import tempfile
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from eventgraph.plot.facts import (
    KINDS,
    Actor,
    Answer,
    Counts,
    Mark,
    Network,
    PlotError,
    Tie,
    Timeline,
    counts_of,
    kinds_for,
    network_of,
    timeline_of,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "KINDS",
    "Actor",
    "Answer",
    "Counts",
    "Mark",
    "Network",
    "PlotError",
    "Tie",
    "Timeline",
    "counts_of",
    "figure",
    "kinds_for",
    "network_of",
    "plot",
    "svg",
    "timeline_of",
]

FORMATS = (".png", ".svg", ".html")
"""The files ``plot`` writes, by suffix."""


def plot(
    answer: Answer,
    path: str | PathLike[str] | None = None,
    *,
    kind: str | None = None,
    title: str | None = None,
) -> Figure | Path:
    """Draw a result: written to ``path`` (``.png``, ``.svg``, ``.html``) and the path returned,
    or, without a path, the matplotlib ``Figure``.

    ``kind`` is ``timeline``, ``network`` or ``counts`` (default: the first of
    ``kinds_for(result.row_kind)``); ``title`` defaults to the query. ``PlotError`` for rows
    no picture shows, an empty result or a file of another kind.
    """
    chosen = _kind(answer, kind)
    if path is None:
        return figure(answer, kind=chosen, title=title)
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise PlotError(
            f"{target}: a picture is written as {', '.join(FORMATS)}, not {suffix or 'a file without suffix'}"
        )
    if target.is_dir():
        raise PlotError(f"{target}: is a folder; give a file name for the picture")
    if not target.parent.is_dir():
        raise PlotError(f"{target}: the folder {target.parent} does not exist")
    if suffix == ".html":
        content = _html(answer, chosen, title).encode("utf-8")
    else:
        content = _drawn(figure(answer, kind=chosen, title=title), suffix[1:])
    _write(target, content)
    return target


def figure(answer: Answer, *, kind: str | None = None, title: str | None = None) -> Figure:
    """The matplotlib ``Figure`` of a result (see ``plot``), for a notebook or further drawing."""
    chosen = _kind(answer, kind)
    with _matplotlib().rc_context(_rc()):
        if chosen == "timeline":
            from eventgraph.plot.timeline import draw_timeline

            return draw_timeline(timeline_of(answer, title))
        if chosen == "network":
            from eventgraph.plot.network import draw_network

            return draw_network(network_of(answer, title))
        from eventgraph.plot.counts import draw_counts

        return draw_counts(counts_of(answer, title))


def svg(answer: Answer, *, kind: str | None = None, title: str | None = None) -> str:
    """The picture as SVG text (what the explorer shows)."""
    return _drawn(figure(answer, kind=kind, title=title), "svg").decode("utf-8")


def _kind(answer: Answer, kind: str | None) -> str:
    suits = kinds_for(answer.row_kind)
    if kind is None:
        if not suits:
            raise PlotError(
                f"no picture shows {answer.row_kind} rows: timelines show statements and meetings, networks "
                "meetings, `who met`, `who met whom` and `path`, charts `count ... by ...`"
            )
        return suits[0]
    if kind not in KINDS:
        raise PlotError(f"no picture kind {kind!r}; the kinds are {', '.join(KINDS)}")
    return kind


def _html(answer: Answer, kind: str, title: str | None) -> str:
    from eventgraph.plot.page import figure_page, network_page

    if kind == "network":
        return network_page(network_of(answer, title))
    drawn = figure(answer, kind=kind, title=title)
    shown = title or answer.query
    return figure_page(shown, _drawn(drawn, "svg").decode("utf-8"))


def _drawn(drawn: Figure, format: str) -> bytes:
    import io

    from eventgraph.plot.style import DPI

    out = io.BytesIO()
    with _matplotlib().rc_context(_rc()):
        metadata = {"Date": None} if format == "svg" else {"Software": "eventgraph"}
        drawn.savefig(out, format=format, dpi=DPI, facecolor="white", metadata=metadata)
    return out.getvalue()


def _write(target: Path, content: bytes) -> None:
    """Write through a temporary file beside the target, so a failed write leaves no half picture."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _matplotlib():  # type: ignore[no-untyped-def]
    try:
        import matplotlib
    except ImportError:
        raise PlotError("pictures need matplotlib: pip install 'eventgraph[plot]'") from None
    return matplotlib


def _rc() -> dict[str, object]:
    from eventgraph.plot.style import RC

    return RC
