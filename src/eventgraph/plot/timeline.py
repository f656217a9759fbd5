"""A timeline: one lane per speaker or participant, days as dots, intervals as bars.

A fact dated to a day is a dot on that day; one dated to an interval ("December 2021",
"30 November and 1 December") is a bar over its days, so an uncertain date never looks
more precise than the text was. A meeting is drawn on the lane of each participant,
joined by a thin line. Undated facts are counted in a note under the axis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from matplotlib import dates as mdates
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from eventgraph.plot.facts import Timeline, days_covered
from eventgraph.plot.style import GREY, HEIGHT, LIGHT, WIDTH, palette_for

__all__ = ["draw_timeline"]

_DAY = dt.timedelta(days=1)


def draw_timeline(timeline: Timeline) -> Figure:
    lanes = {lane: index for index, lane in enumerate(timeline.lanes)}
    figure = Figure(figsize=(WIDTH, max(HEIGHT, 2.2 + 0.42 * len(lanes))), layout="constrained")
    axes = figure.add_subplot()
    counts = Counter(m.category for m in timeline.marks)
    categories = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    colours = palette_for(categories)

    first, last = days_covered(timeline.marks)
    shortest = max(2.0, (last - first).days * 0.006)  # days: a two-day interval on a ten-year axis stays a bar
    bars: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    dots: dict[str, list[tuple[int, float]]] = defaultdict(list)
    joined: dict[str, tuple[float, list[int]]] = {}
    for mark in timeline.marks:  # gathered by colour, so a long timeline is a few artists, not thousands
        row = lanes[mark.lane]
        left, right = mdates.date2num(mark.start), mdates.date2num(mark.end + _DAY)
        joined.setdefault(mark.fact, ((left + right) / 2, []))[1].append(row)
        if mark.end > mark.start:
            if right - left < shortest:
                left, right = (left + right - shortest) / 2, (left + right + shortest) / 2
            bars[mark.category].append((row, left, right - left))
        else:
            dots[mark.category].append((row, left + 0.5))
    links = [[(x, min(rows)), (x, max(rows))] for x, rows in joined.values() if len(set(rows)) > 1]
    axes.add_collection(LineCollection(links, colors=LIGHT, linewidths=1.2, zorder=1))
    for category, found in bars.items():
        rows, lefts, widths = zip(*found, strict=True)
        axes.barh(rows, widths, left=lefts, height=0.46, color=colours[category], alpha=0.85, zorder=2)
    for category, found in dots.items():
        rows, xs = zip(*found, strict=True)
        axes.scatter(xs, rows, s=100, color=colours[category], edgecolors="white", linewidths=1, zorder=3)

    pad = max((last - first) * 0.04, dt.timedelta(days=10))
    axes.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + _DAY + pad))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_yticks(range(len(lanes)), list(lanes))
    axes.set_ylim(len(lanes) - 0.5, -0.5)
    axes.grid(axis="x", color=LIGHT, linewidth=0.6, alpha=0.7)
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)

    handles: list[Line2D | Patch] = [Patch(color=colours[c], label=c) for c in categories]
    handles.append(Line2D([], [], marker="o", color=GREY, linestyle="", markersize=9, label="dated to a day"))
    handles.append(Patch(color=GREY, alpha=0.85, label="dated to a period"))
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="legend")

    facts = len({m.fact for m in timeline.marks})
    figure.suptitle(timeline.title)
    axes.set_title(
        f"{facts} {timeline.noun if facts != 1 else timeline.noun.removesuffix('s')} "
        f"on {len(lanes)} lane{'s' if len(lanes) != 1 else ''}, {first.isoformat()} to {last.isoformat()}",
        loc="left",
        color=GREY,
    )
    note = timeline.note()
    if note:
        figure.supxlabel(f"Note: {note}", fontsize=12, color=GREY, x=0.01, ha="left")
    return figure
