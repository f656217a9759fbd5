"""Self-contained HTML pictures: an interactive network, or a drawn figure in a page.

A page loads nothing: its script (``force.js``, a small force layout written for
eventgraph), its styles and its data are inside it, and its Content-Security-Policy
forbids fetching anything, so it opens the same offline, from an e-mail or a shared drive.
Names and sentences come from documents, so they are escaped in markup and in the JSON
the script reads (no ``<`` reaches the page unescaped).
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from eventgraph.plot.facts import Network
from eventgraph.plot.network import tie_width
from eventgraph.plot.style import KIND_COLOURS

__all__ = ["figure_page", "force_script", "network_data", "network_page", "script_json"]

_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1.5rem 2rem; color: #222; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.note { color: #555; margin: 0 0 1rem; }
.figure svg { max-width: 100%; height: auto; }
#network { width: 100%; }
.eg-network { height: auto; border: 1px solid #ddd; border-radius: 6px; }
.eg-network { cursor: grab; user-select: none; }
.eg-node { cursor: pointer; }
.eg-tie { cursor: pointer; }
.eg-network-info { color: #333; margin: .5rem 0 0; }
.eg-legend { margin: .25rem 0; color: #333; }
.eg-legend > span { margin-right: 1.2rem; white-space: nowrap; }
.eg-dot { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .35rem; }
table { border-collapse: collapse; margin-top: .5rem; }
th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid #eee; vertical-align: top; }
"""


@cache
def force_script() -> str:
    """The force layout's JavaScript (``eventgraphNetwork(container, data)``)."""
    return resources.files("eventgraph.plot").joinpath("force.js").read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in it as such."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def network_data(network: Network) -> dict[str, Any]:
    """What ``force.js`` draws: actors, ties (with their widths in pixels) and the kinds' colours."""
    return {
        "title": network.title,
        "note": network.note(),
        "path": network.path,
        "kinds": KIND_COLOURS,
        "nodes": [{"id": a.id, "name": a.name, "kind": a.kind, "meetings": a.meetings} for a in network.actors],
        "edges": [
            {
                "source": t.source,
                "target": t.target,
                "kind": t.kind,
                "weight": t.weight,
                "width": tie_width(t.weight),
                "labels": list(t.labels),
            }
            for t in network.ties
        ],
    }


def network_page(network: Network) -> str:
    """An HTML page with the network drawn by a force layout, and the ties as a table below."""
    names = {a.id: a.name for a in network.actors}
    rows = "".join(
        f"<tr><td>{html.escape(names[t.source])}</td><td>{html.escape(names[t.target])}</td>"
        f"<td>{t.weight}</td><td>{'<br>'.join(html.escape(label) for label in t.labels)}</td></tr>"
        for t in sorted(network.ties, key=lambda t: (-t.weight, names[t.source], names[t.target]))
    )
    unit = "documents or meetings" if network.path else "meetings"
    return _page(
        network.title,
        network.note(),
        '<div id="network" aria-label="actor network"></div>\n'
        f"<details><summary>Who met whom ({len(network.ties)} ties)</summary>\n"
        f"<table><thead><tr><th>one</th><th>other</th><th>{unit}</th><th>when and what</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>\n"
        f'<script type="application/json" id="eventgraph-network">{script_json(network_data(network))}</script>\n'
        f"<script>{force_script()}</script>\n"
        "<script>eventgraphNetwork(document.getElementById('network'), "
        "JSON.parse(document.getElementById('eventgraph-network').textContent));</script>",
    )


def figure_page(title: str, svg: str, note: str = "") -> str:
    """An HTML page holding a drawn SVG figure (a timeline or a count chart)."""
    start = svg.find("<svg")
    return _page(title, note, f'<div class="figure">{svg[start:]}</div>')


def _page(title: str, note: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="eventgraph">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        + (f'<p class="note">{html.escape(note)}</p>\n' if note else "")
        + f"{body}\n</body>\n</html>\n"
    )
