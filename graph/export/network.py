"""The NetworkX layer: typed nodes, dated keyed multi-edges (see docs/CONTRACTS.md)."""
from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Iterable
from typing import IO

import networkx as nx

from ..atomic import atomic_open
from ..model.statements import KnowledgeBase
from .network_files import graph_attr_types, write_gexf, write_graphml

#: The network files :func:`write_exports` writes.
EXPORT_FILES = ("graph.graphml", "graph.gexf", "graph.json")


def to_networkx(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """One node per entity, one edge per statement with an object (key = statement id)."""
    G = nx.MultiDiGraph()
    marks = getattr(kb, "entity_review", None) or {}  # judgements that reviewed an entity (none: no attribute)
    for e in kb.entities.values():
        G.add_node(e.id, label=e.label, label_en=e.label_en or "", type=e.type, aliases=list(e.aliases),
                   attributes=dict(e.attributes), in_gazetteer=e.in_gazetteer)
        if e.id in marks:
            G.nodes[e.id]["review"] = " ".join(marks[e.id])
    report_year = {r.file: r.year for r in kb.reports}
    for s in kb.statements:
        w = s.when
        attrs = dict(
            relation=s.relation, date=w.start if w and w.start else "", end=w.end if w and w.end else "",
            precision=w.precision if w else "unknown", status=s.status, amount_krw=s.amount_krw, role=s.role,
            basis=s.basis, fiscal_year=s.fiscal_year, note=s.note, source=s.citation.source,
            line=s.citation.line, quote=s.citation.quote, report_year=report_year.get(s.citation.source),
        )
        if s.review:  # the judgements that changed or added it (only then: unreviewed graphs are as before)
            attrs["review"] = " ".join(s.review)
        if s.object is None:
            G.nodes[s.subject].setdefault("statements", []).append({"id": s.id, **attrs})
        else:
            G.add_edge(s.subject, s.object, key=s.id, **attrs)
    return G


def write_exports(kb: KnowledgeBase, out: Path, G: nx.MultiDiGraph | None = None,
                  files: Iterable[str] = EXPORT_FILES) -> list[Path]:
    """GraphML, GEXF (with time spells) and node-link JSON of the graph, or the ``files`` named
    (``G``: the graph of ``kb``, if built).

    Each file streams to a temporary sibling and is renamed when complete.
    """
    G = to_networkx(kb) if G is None else G
    names = [n for n in EXPORT_FILES if n in set(files)]
    types = graph_attr_types(G) if {"graph.graphml", "graph.gexf"} <= set(names) else None  # one pass for both
    writers = {"graph.graphml": lambda fh: write_graphml(G, fh, types),
               "graph.gexf": lambda fh: write_gexf(G, fh, types),
               "graph.json": lambda fh: write_node_link(G, fh)}
    paths = []
    for name in names:
        with atomic_open(out / name, "w") as fh:
            writers[name](fh)
        paths.append(out / name)
    return paths


def write_node_link(G: nx.MultiDiGraph, fh: IO[str]) -> None:
    """``G`` in NetworkX's node-link form (``nx.node_link_data(G, edges="links")``), every attribute kept,
    as compact JSON with sorted keys, written one node and one link at a time (no copy of the graph).

    The edge's report file, which node-link's own ``source`` key (the edge's start) would
    overwrite, is written as ``source_file``.
    """
    head = {"directed": G.is_directed(), "graph": G.graph, "multigraph": G.is_multigraph()}
    fh.write("{" + ", ".join(f"{_JSON.encode(k)}: {_JSON.encode(head[k])}" for k in ("directed", "graph")))
    fh.write(', "links": [')
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        link = dict(d)  # a copy (keys are sorted when written)
        if "source" in link:
            link["source_file"] = link.pop("source")
        link.update(source=u, target=v, key=k)
        fh.write(f"{', ' if i else ''}{_JSON.encode(link)}")
    fh.write(f'], "multigraph": {_JSON.encode(head["multigraph"])}, "nodes": [')
    for i, (n, d) in enumerate(G.nodes(data=True)):
        fh.write(f"{', ' if i else ''}{_JSON.encode({**d, 'id': n})}")
    fh.write("]}\n")


#: The C JSON encoder (``indent`` would select the slow pure-Python one), keys sorted.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
