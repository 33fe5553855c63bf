"""The dialogs' diagrams as SVG, drawn on the server from the machines' Mermaid text.

``dimona-talk diagram`` writes what :func:`dialogs.flows.diagram` draws from the real
``transitions`` machines: a Mermaid ``stateDiagram-v2``. A browser would need
mermaid.js to draw it, a script from elsewhere and inline styles, which the pages'
Content-Security-Policy forbids; so this module reads the same text and lays it out
itself: the phases in a row, in the order the machine lists them, each move an arc
(forward moves above, backward ones below, staying in a phase a loop), its triggers
stacked at the arc's top. Colours come from the pages' stylesheet (classes only).

>>> text = '''stateDiagram-v2
...   state "menu" as menu
...   state "done" as done
...   menu --> done: cancel | confirmed
...   menu --> menu: answered
...   [*] --> menu'''
>>> graph = parse(text)
>>> graph.states, graph.start, graph.edges[0]
(('menu', 'done'), 'menu', Edge(source='menu', dest='done', triggers=('cancel', 'confirmed')))
>>> svg = render(graph, "demo", current="done")
>>> svg.startswith("<svg") and 'class="diagram-node current"' in svg and "confirmed" in svg
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Final

__all__ = ["Edge", "Graph", "parse", "render"]

_STATE: Final = re.compile(r'\s*state\s+"([^"]*)"\s+as\s+(\w+)')
_EDGE: Final = re.compile(r"\s*(\[\*\]|\w+)\s*-->\s*(\w+)\s*(?::\s*(.*))?$")

_SPACING: Final = 118  # between phases
_NODE_W: Final = 100
_NODE_H: Final = 32
_LINE: Final = 13  # one trigger of a label
_MARGIN: Final = 40


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    dest: str
    triggers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Graph:
    states: tuple[str, ...]
    start: str | None
    edges: tuple[Edge, ...]


def parse(text: str) -> Graph:
    """The phases, the initial one and the moves of a Mermaid state diagram."""
    states: list[str] = []
    edges: list[Edge] = []
    start = None
    for line in text.splitlines():
        if match := _STATE.match(line):
            states.append(match.group(2))
        elif match := _EDGE.match(line):
            source, dest, label = match.groups()
            if source == "[*]":
                start = dest
                continue
            triggers = tuple(t.strip() for t in (label or "").split("|") if t.strip())
            edges.append(Edge(source, dest, triggers))
    for edge in edges:  # a phase named only in a move still gets its box
        for name in (edge.source, edge.dest):
            if name not in states:
                states.append(name)
    return Graph(tuple(states), start, tuple(edges))


def _label(x: float, y: float, triggers: tuple[str, ...], upward: bool) -> str:
    """Triggers stacked on one another, growing away from the row of phases."""
    lines = list(reversed(triggers)) if upward else list(triggers)
    step = -_LINE if upward else _LINE
    return "".join(
        f'<text class="diagram-trigger" x="{x:.0f}" y="{y + n * step:.0f}" '
        f'text-anchor="middle">{escape(t)}</text>' for n, t in enumerate(lines))


def render(graph: Graph, name: str, current: str | None = None) -> str:
    """The diagram as an inline ``<svg>`` (title and description for screen readers)."""
    index = {s: n for n, s in enumerate(graph.states)}
    deepest = max([len(e.triggers) for e in graph.edges] + [1]) * _LINE + 10
    spans = [index[e.dest] - index[e.source] for e in graph.edges]
    up = max([s for s in spans if s > 0] + [0]) * deepest + _MARGIN
    down = max([-s for s in spans if s < 0] + [0]) * deepest + deepest + _MARGIN
    width = _MARGIN * 2 + _SPACING * len(graph.states)
    height = up + _NODE_H + down
    row = up  # top of the boxes
    centre = {s: _MARGIN * 2 + _SPACING * n + _SPACING / 2 - _MARGIN / 2
              for s, n in index.items()}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="d-{name}-title d-{name}-desc">',
        f'<title id="d-{name}-title">{escape(name)}</title>',
        f'<desc id="d-{name}-desc">{escape(_describe(graph))}</desc>',
        f'<defs><marker id="d-{name}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path class="diagram-arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for edge in graph.edges:
        parts.append(_edge(edge, centre, index, row, deepest, name))
    if graph.start in centre:
        x = centre[graph.start] - _NODE_W / 2
        parts.append(f'<circle class="diagram-start" cx="{x - 24:.0f}" cy="{row + _NODE_H / 2}" '
                     f'r="6"/><path class="diagram-edge" d="M{x - 18:.0f},{row + _NODE_H / 2} '
                     f'L{x:.0f},{row + _NODE_H / 2}" marker-end="url(#d-{name}-arrow)"/>')
    for state, x in centre.items():
        here = " current" if state == current else ""
        parts.append(
            f'<rect class="diagram-node{here}" x="{x - _NODE_W / 2:.0f}" y="{row}" '
            f'width="{_NODE_W}" height="{_NODE_H}" rx="8"/>'
            f'<text class="diagram-label" x="{x:.0f}" y="{row + _NODE_H / 2 + 5:.0f}" '
            f'text-anchor="middle">{escape(state)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _edge(edge: Edge, centre: dict[str, float], index: dict[str, int], row: float,
          deepest: float, name: str) -> str:
    x1, x2 = centre[edge.source], centre[edge.dest]
    span = index[edge.dest] - index[edge.source]
    marker = f'marker-end="url(#d-{name}-arrow)"'
    if span == 0:  # a loop below the box
        bottom = row + _NODE_H
        path = (f"M{x1 - 12:.0f},{bottom} C{x1 - 34:.0f},{bottom + 34} "
                f"{x1 + 34:.0f},{bottom + 34} {x1 + 12:.0f},{bottom}")
        return (f'<path class="diagram-edge" d="{path}" {marker}/>'
                + _label(x1, bottom + 34 + _LINE, edge.triggers, upward=False))
    forward = span > 0
    depth = abs(span) * deepest
    y = row if forward else row + _NODE_H
    apex = y - depth if forward else y + depth
    rx = abs(x2 - x1) / 2  # clockwise: over the top going right, under going left
    path = f"M{x1:.0f},{y} A{rx:.0f},{depth:.0f} 0 0 1 {x2:.0f},{y}"
    css = "diagram-edge" if forward else "diagram-edge back"
    label_y = apex - 4 if forward else apex + _LINE
    return (f'<path class="{css}" d="{path}" {marker}/>'
            + _label((x1 + x2) / 2, label_y, edge.triggers, upward=forward))


def _describe(graph: Graph) -> str:
    """The moves in words, for whoever does not see the drawing."""
    return "; ".join(f"{e.source} → {e.dest}: {', '.join(e.triggers)}" for e in graph.edges)
