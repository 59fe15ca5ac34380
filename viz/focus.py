"""Focus views: resolve a name to a node, and cut out its neighbourhood of radius N."""
from __future__ import annotations

import difflib
import re

import networkx as nx

from graph.errors import NotFoundError

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Comparison form of a name: no whitespace, case-folded (Korean is unaffected)."""
    return _SPACE.sub("", text).casefold()


def _names(G: nx.MultiDiGraph, n: str) -> list[str]:
    d = G.nodes[n]
    return [n, str(d.get("label") or ""), str(d.get("label_en") or ""),
            *[str(a) for a in d.get("aliases") or []]]


def resolve_name(G: nx.MultiDiGraph, name: str) -> str:
    """The node whose id, label or alias is ``name`` (ignoring spaces and case).

    A unique partial match is accepted; otherwise :class:`NotFoundError`
    lists the closest labels.
    """
    if name in G:
        return name
    key = normalise(name)
    exact = sorted({n for n in G if key in {normalise(x) for x in _names(G, n) if x}})
    if len(exact) == 1:
        return exact[0]
    partial = exact or sorted({n for n in G if key and any(key in normalise(x) for x in _names(G, n) if x)})
    if len(partial) == 1:
        return partial[0]
    labels = {str(G.nodes[n].get("label") or n): n for n in G}
    if partial:
        candidates = sorted(str(G.nodes[n].get("label") or n) for n in partial)[:8]
        raise NotFoundError(name, [f"{c} ({labels.get(c, '')})" for c in candidates])
    by_norm = {normalise(lbl): lbl for lbl in labels}
    close = difflib.get_close_matches(key, list(by_norm), n=5, cutoff=0.3)
    raise NotFoundError(name, [by_norm[c] for c in close])


def neighbourhood(G: nx.MultiDiGraph, center: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``radius`` hops of ``center``, edges in either direction.

    A BFS over ``G.to_undirected(as_view=True)``: no copy of the whole graph
    (``ego_graph(undirected=True)`` copies it).
    """
    if radius < 0:
        raise ValueError("radius must be >= 0")
    view = G.to_undirected(as_view=True)
    seen = {center}
    frontier = [center]
    for _ in range(radius):
        nxt = []
        for n in frontier:
            for m in view.neighbors(n):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return G.subgraph(seen).copy()
