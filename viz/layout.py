"""A precomputed force layout for graphs too big for in-browser physics.

``networkx.spring_layout`` needs scipy above 500 nodes (not a dependency)
and its dense variant is O(n²) in memory. This is Fruchterman–Reingold with
repulsion estimated from a random sample of nodes each iteration
(O(n·s + m) per step), deterministic for a given seed: 5,000 nodes lay out
in about a second with numpy.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np

#: Graphs with more nodes than this get a precomputed layout and no physics: the corpus (412 nodes)
#: opens at once, the same in every browser, and its folded activities have places by their programs.
PHYSICS_MAX_NODES = 200


def force_layout(G: nx.Graph, *, seed: int = 7, spacing: float = 75.0) -> dict[Hashable, tuple[float, float]]:
    """Positions in pixels: each connected component laid out alone, then packed in rows.

    Packing keeps small components from being flung far from the main one
    (which would make "fit" zoom out until no label is readable).
    """
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G.to_undirected(as_view=True))),
                   key=lambda c: (-len(c), str(c[0])))
    boxes = []
    order = {v: i for i, v in enumerate(G)}
    for comp in comps:
        # the component's nodes in G's order: a subgraph view of a few nodes would iterate them in a
        # set's order, which changes from run to run with the string hash seed
        pos = _component_layout(_ordered(G, comp, order), seed=seed, spacing=spacing)
        xy = np.array(list(pos.values())).reshape(-1, 2)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        boxes.append((pos, lo, hi - lo + spacing))
    row_width = max(float(np.sqrt(sum(b[2][0] * b[2][1] for b in boxes)) * 1.3), float(boxes[0][2][0]) if boxes else 0)
    out: dict[Hashable, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, lo, (w, h) in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, (px, py) in pos.items():
            out[v] = (px - lo[0] + x, py - lo[1] + y)
        x += w
        row_h = max(row_h, h)
    if out:
        cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
        cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
        out = {v: (round(px - cx, 1), round(py - cy, 1)) for v, (px, py) in out.items()}
    return out


def _ordered(G: nx.Graph, comp: list, order: dict) -> nx.Graph:
    """The component ``comp`` of ``G`` as an undirected graph whose nodes come in ``G``'s order."""
    H = nx.Graph()
    H.add_nodes_from(sorted(comp, key=order.__getitem__))
    H.add_edges_from(G.subgraph(comp).edges())
    return H


def _component_layout(
    G: nx.Graph, *, seed: int = 7, iterations: int = 80, sample: int = 160, spacing: float = 75.0,
    repulsion: float = 4.0, gravity: float = 0.01
) -> dict[Hashable, tuple[float, float]]:
    """Node positions in pixels, about ``spacing`` pixels apart on average."""
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v}
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * np.sqrt(n)
    s = min(n - 1, sample)
    temp = np.sqrt(n) * 0.5
    cooling = (0.02) ** (1.0 / iterations)
    for _ in range(iterations):
        picked = rng.choice(n, s, replace=False)
        delta = pos[:, None, :] - pos[None, picked, :]
        dist2 = np.einsum("ijk,ijk->ij", delta, delta) + 1e-3
        disp = (delta / dist2[..., None]).sum(axis=1) * (n / s) * repulsion
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            force = d * np.linalg.norm(d, axis=1)[:, None]
            np.add.at(disp, edges[:, 0], -force)
            np.add.at(disp, edges[:, 1], force)
        disp -= pos * gravity  # gravity keeps components and isolates together
        length = np.linalg.norm(disp, axis=1)[:, None] + 1e-9
        pos += disp / length * np.minimum(length, temp)
        temp *= cooling
    pos -= pos.mean(axis=0)
    # spread so that each node gets about spacing² of area inside the 90th-percentile radius
    radius = float(np.percentile(np.linalg.norm(pos, axis=1), 90)) or 1.0
    pos *= spacing * np.sqrt(0.9 * n / np.pi) / radius
    return {v: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for v, i in index.items()}
