"""How every picture looks: slide sizes, readable type, one colour per kind of actor.

Pictures are 16:9 at 1920 x 1080 pixels (taller when there are many lanes or groups),
with type that stays readable on a projected slide. Colours are the Okabe-Ito palette,
told apart by readers with colour-blindness too; kinds of actor always have the same ones.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DPI",
    "HEIGHT",
    "KIND_COLOURS",
    "PALETTE",
    "RC",
    "WIDTH",
    "colour_of",
    "palette_for",
]

WIDTH, HEIGHT = 12.8, 7.2
"""Inches: with ``DPI`` 150 a PNG is 1920 x 1080 pixels, a 16:9 slide."""

DPI = 150

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
"""Okabe-Ito colours, in the order categories take them."""

KIND_COLOURS = {
    "person": "#0072B2",
    "organisation": "#E69F00",
    "country": "#009E73",
    "place": "#CC79A7",
}
"""One colour per kind of actor, in every picture and in the explorer."""

GREY = "#555555"
LIGHT = "#BBBBBB"

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, with the accents of names such as Rinkēvičs
    "font.size": 13,
    "axes.titlesize": 13,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.title_fontsize": 12,
    "figure.titlesize": 19,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": "#222222",
    "xtick.color": "#222222",
    "ytick.color": "#222222",
    "svg.fonttype": "none",  # text stays text in SVG: searchable, selectable, small
    "svg.hashsalt": "eventgraph",  # the same picture gives the same file
}
"""matplotlib settings used while a picture is drawn and saved (never changed globally)."""


def colour_of(kind: str) -> str:
    return KIND_COLOURS.get(kind, GREY)


def palette_for(categories: list[str]) -> dict[str, str]:
    """A colour for each category, in order; categories past the palette share grey."""
    return {c: PALETTE[i] if i < len(PALETTE) else GREY for i, c in enumerate(categories)}
