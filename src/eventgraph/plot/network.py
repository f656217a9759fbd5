"""An actor network: who met whom, lines as wide as the number of meetings, kinds by colour.

Actors are laid out by networkx's spring layout with a fixed seed (the same result gives
the same picture); a path is laid out left to right in the order of its steps, with
links through a document dashed. The interactive version is ``eventgraph.plot.page``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import networkx as nx
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from eventgraph.plot.facts import Network

if TYPE_CHECKING:
    import numpy as np
from eventgraph.plot.style import GREY, HEIGHT, KIND_COLOURS, WIDTH, colour_of

__all__ = ["MAX_NAMES", "draw_network", "layout", "tie_width"]

_SEED = 7

MAX_NAMES = 60
"""The most actors a drawn network names (those with most meetings): more would cover each other."""


def tie_width(weight: int) -> float:
    """Line width in points for a tie of ``weight`` meetings: wider with each, never huge."""
    return min(1.5 + 2.0 * (weight - 1), 12.0)


def layout(network: Network) -> dict[str, tuple[float, float]]:
    """Positions, in units of one tie's length: a path in a line; otherwise each group of
    connected actors laid out by a seeded spring layout and turned to lie along its longest
    side, the groups packed in rows, largest first, to fill a 16:9 picture."""
    if network.path:
        order: list[str] = []
        for tie in network.ties:
            for end in (tie.source, tie.target):
                if end not in order:
                    order.append(end)
        order += [a.id for a in network.actors if a.id not in order]
        step = 16.0 / max(1, len(order) - 1)
        return {key: (i * step if len(order) > 1 else 8.0, 4.5 + 0.5 * (-1) ** i) for i, key in enumerate(order)}
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in network.actors)
    for tie in network.ties:
        graph.add_edge(tie.source, tie.target, weight=tie.weight)
    groups = [_spring(graph.subgraph(g)) for g in nx.connected_components(graph)]
    boxes = []
    for group in groups:
        xs, ys = [p[0] for p in group.values()], [p[1] for p in group.values()]
        boxes.append((max(xs) - min(xs) + _GAP, max(ys) - min(ys) + _GAP, min(xs), max(ys), group))
    boxes.sort(key=lambda b: (-b[0] * b[1], -len(b[4]), min(b[4])))
    row_width = max(max(b[0] for b in boxes), math.sqrt(sum(b[0] * b[1] for b in boxes) * 16 / 9))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for width, height, left, top, group in boxes:
        if x > 0 and x + width > row_width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        for key, (px, py) in group.items():
            positions[key] = (x + _GAP / 2 + px - left, -(y + _GAP / 2 + top - py))
        x += width
        row_height = max(row_height, height)
    return positions


_GAP = 1.3
"""Space around each group of actors, in tie lengths."""


def _spring(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """One connected group's positions: ties about one unit long, the group's long side across."""
    import numpy as np

    keys = sorted(graph.nodes)
    if len(keys) == 1:
        return {keys[0]: (0.0, 0.0)}
    if len(keys) == 2:
        return {keys[0]: (0.0, 0.0), keys[1]: (1.0, 0.0)}
    if len(keys) < 500:
        found = nx.spring_layout(graph, seed=_SEED, iterations=200)
        points = np.array([found[k] for k in keys], dtype=float)
    else:  # networkx lays out 500 nodes or more with SciPy's sparse arrays; this needs numpy only
        points = _forces(nx.to_numpy_array(graph, nodelist=keys, weight=None))
    points -= points.mean(axis=0)
    _, _, axes = np.linalg.svd(points, full_matrices=False)
    points = points @ axes.T  # the direction of greatest spread becomes x
    index = {k: i for i, k in enumerate(keys)}
    lengths = [float(np.linalg.norm(points[index[a]] - points[index[b]])) for a, b in graph.edges]
    points /= sum(lengths) / len(lengths) or 1.0
    return {k: (float(points[i][0]), float(points[i][1])) for k, i in index.items()}


def _forces(adjacency: np.ndarray, iterations: int = 100) -> np.ndarray:
    """Fruchterman and Reingold's force-directed layout, dense, from seeded random positions."""
    import numpy as np

    count = len(adjacency)
    points = np.random.default_rng(_SEED).random((count, 2))
    spacing = 1 / math.sqrt(count)
    step = 0.1
    for _ in range(iterations):
        apart = points[:, None, :] - points[None, :, :]
        distance = np.clip(np.linalg.norm(apart, axis=-1), 0.01, None)
        push = spacing * spacing / distance**2 - adjacency * distance / spacing
        moves = np.einsum("ijk,ij->ik", apart, push)
        lengths = np.clip(np.linalg.norm(moves, axis=-1), 0.01, None)
        points += moves * (step / lengths)[:, None]
        step -= 0.1 / (iterations + 1)
    return points


def draw_network(network: Network) -> Figure:
    figure = Figure(figsize=(WIDTH, HEIGHT), layout="constrained")
    axes = figure.add_subplot()
    where = layout(network)
    heaviest = max((t.weight for t in network.ties), default=1)
    for kind, style in (("meeting", "solid"), ("document", "dashed")):
        ties = [t for t in network.ties if t.kind == kind]
        segments = [[where[t.source], where[t.target]] for t in ties]
        widths = [tie_width(t.weight) for t in ties]
        axes.add_collection(LineCollection(segments, linewidths=widths, colors="#8C8C8C", linestyles=style, zorder=1))
    for tie in network.ties:
        (x1, y1), (x2, y2) = where[tie.source], where[tie.target]
        if network.path:
            axes.text((x1 + x2) / 2, (y1 + y2) / 2, _wrapped(tie.labels[0]), fontsize=11, ha="center", va="center",
                      color="#222222", bbox={"boxstyle": "round,pad=0.3", "facecolor": "#F4F4F4", "edgecolor": "none"},
                      zorder=2)  # fmt: skip
        elif tie.weight > 1:
            axes.text((x1 + x2) / 2, (y1 + y2) / 2, str(tie.weight), fontsize=11, ha="center", va="center",
                      color="#222222", bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
                      zorder=5)  # fmt: skip
    sizes = {a.id: min(260 + 140 * a.meetings, 1400) for a in network.actors}
    for kind in {a.kind for a in network.actors}:
        mine = [a for a in network.actors if a.kind == kind]
        axes.scatter([where[a.id][0] for a in mine], [where[a.id][1] for a in mine], s=[sizes[a.id] for a in mine],
                     color=colour_of(kind), edgecolors="white", linewidths=1.5, zorder=3)  # fmt: skip
    named = sorted(network.actors, key=lambda a: (-a.meetings, a.name))[:MAX_NAMES]
    for actor in named:
        axes.annotate(
            actor.name,
            where[actor.id],
            xytext=(0, -math.sqrt(sizes[actor.id]) / 2 - 4),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=13,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
    axes.set_axis_off()
    if network.path:
        axes.set_xlim(-2.0, 18.0)
        axes.set_ylim(1.5, 7.5)
    else:
        axes.set_aspect("equal", adjustable="datalim")  # distances as laid out, the groups side by side
        axes.margins(0.1, 0.12)

    kinds = [k for k in KIND_COLOURS if any(a.kind == k for a in network.actors)]
    handles = [Line2D([], [], marker="o", linestyle="", markersize=12, color=KIND_COLOURS[k], label=k) for k in kinds]
    if any(t.kind == "meeting" for t in network.ties):
        handles.append(Line2D([], [], color="#8C8C8C", linewidth=tie_width(1), label="met: 1 meeting"))
        if heaviest > 1:
            handles.append(
                Line2D([], [], color="#8C8C8C", linewidth=tie_width(heaviest), label=f"met: {heaviest} meetings")
            )
    if any(t.kind == "document" for t in network.ties):
        handles.append(Line2D([], [], color="#8C8C8C", linestyle="--", linewidth=1.5, label="named in one document"))
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.06, 1.0), frameon=False, title="legend")
    figure.suptitle(network.title)
    unnamed = len(network.actors) - len(named)
    shown = f"; the {len(named)} with most meetings named" if unnamed else ""
    axes.set_title(network.note() + shown, loc="left", color=GREY)
    return figure


def _wrapped(text: str, width: int = 34, lines: int = 3) -> str:
    """A step's sentence on a few short lines, cut with an ellipsis."""
    import textwrap

    parts = textwrap.wrap(text, width)
    return "\n".join(parts[:lines]) + ("…" if len(parts) > lines else "")
