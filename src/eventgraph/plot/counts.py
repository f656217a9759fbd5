"""A count chart: bars over time for months and years, ranked bars for everything else.

``count ... by month`` and ``by year`` put their bars on a date axis, so gaps are months
with nothing; other groups are horizontal bars, largest on top, each with its number.
A count by two groups stacks the second group's parts, with a legend.
"""

from __future__ import annotations

import datetime as dt

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from eventgraph.plot.facts import Counts
from eventgraph.plot.style import GREY, HEIGHT, LIGHT, WIDTH, palette_for

__all__ = ["MAX_BARS", "draw_counts"]

MAX_BARS = 40
"""The most groups a chart of names shows (the largest); the note says how many more there are."""


def draw_counts(counts: Counts) -> Figure:
    timed = counts.axis in ("month", "year")
    shown = len(counts.groups) if timed else min(len(counts.groups), MAX_BARS)
    height = HEIGHT if timed else max(HEIGHT, 2.0 + 0.36 * shown)
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.add_subplot()
    colours = palette_for([s for s in counts.series if s not in ("(none)", "other")])
    colours.update({"other": GREY, "(none)": LIGHT})
    base = [0] * shown
    totals = counts.totals()[:shown]
    if timed:
        month = counts.axis == "month"
        width = 24.0 if month else 300.0  # days: a gap stays between neighbours
        positions = [mdates.date2num(_start(g)) + (15.5 if month else 182.5) for g in counts.groups]
        for name, values in zip(counts.series, counts.values, strict=True):
            axes.bar(positions, values, width=width, bottom=base, color=colours[name], label=name)
            base = [b + v for b, v in zip(base, values, strict=True)]
        for x, total in zip(positions, totals, strict=True):
            axes.annotate(str(total), (x, total), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom")
        locator = mdates.AutoDateLocator(minticks=3, maxticks=12)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        first, last = min(positions), max(positions)
        pad = max((last - first) * 0.05, width * 1.5)
        axes.set_xlim(first - pad, last + pad)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(f"{counts.noun} per {counts.axis}")
        axes.set_ylim(0, max(totals) * 1.12)
        axes.grid(axis="y", color=LIGHT, linewidth=0.6, alpha=0.7)
    else:
        rows = list(range(shown))
        for name, values in zip(counts.series, counts.values, strict=True):
            part = list(values[:shown])
            axes.barh(rows, part, left=base, height=0.65, color=colours[name], label=name)
            base = [b + v for b, v in zip(base, part, strict=True)]
        for y, total in zip(rows, totals, strict=True):
            axes.annotate(str(total), (total, y), xytext=(4, 0), textcoords="offset points", va="center")
        axes.set_yticks(rows, list(counts.groups[:shown]))
        axes.set_ylim(shown - 0.5, -0.5)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(f"{counts.noun} per {counts.group}")
        axes.set_xlim(0, max(totals) * 1.1)
        axes.grid(axis="x", color=LIGHT, linewidth=0.6, alpha=0.7)
        axes.tick_params(axis="y", length=0)
    axes.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title=counts.subgroup or "legend",
    )
    figure.suptitle(counts.title)
    total = sum(counts.totals())
    axes.set_title(
        f"{total} {counts.noun} in {len(counts.groups)} group{'s' if len(counts.groups) != 1 else ''}"
        + (f" (by {counts.group})" if counts.group != "group" else ""),
        loc="left",
        color=GREY,
    )
    notes = [counts.note()] if counts.note() else []
    if shown < len(counts.groups):
        notes.append(f"{len(counts.groups) - shown} smaller groups not shown")
    if notes:
        figure.supxlabel("Note: " + "; ".join(notes), fontsize=12, color=GREY, x=0.01, ha="left")
    return figure


def _start(group: str) -> dt.date:
    return dt.date(int(group[:4]), int(group[5:7]) if len(group) > 4 else 1, 1)
