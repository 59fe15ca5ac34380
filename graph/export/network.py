"""The NetworkX layer: typed nodes, dated keyed multi-edges (see docs/CONTRACTS.md)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import networkx as nx

from ..atomic import atomic_open
from ..model.statements import KnowledgeBase
from .network_files import write_gexf, write_graphml


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


def write_exports(kb: KnowledgeBase, out: Path, G: nx.MultiDiGraph | None = None) -> list[Path]:
    """GraphML, GEXF (with time spells) and node-link JSON of the graph (``G``: the graph of ``kb``, if built).

    Each file streams to a temporary sibling and is renamed when complete.
    """
    G = to_networkx(kb) if G is None else G
    paths = [out / "graph.graphml", out / "graph.gexf", out / "graph.json"]
    with atomic_open(paths[0], "w") as fh:
        write_graphml(G, fh)
    with atomic_open(paths[1], "w") as fh:
        write_gexf(G, fh)
    with atomic_open(paths[2], "w") as fh:
        _dump_json(_node_link(G), fh)
    return paths


def _node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """NetworkX's node-link form, every attribute kept: the edge's report file, which node-link's own
    ``source`` key (the edge's start) would overwrite, is written as ``source_file``."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, {("source_file" if a == "source" else a): x for a, x in d.items()})
                     for u, v, k, d in G.edges(keys=True, data=True))
    return nx.node_link_data(H, edges="links")


#: The C JSON encoder (``indent`` would select the slow pure-Python one), keys sorted.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _dump_json(doc: dict[str, Any], fh: IO[str]) -> None:
    """``doc`` as compact JSON, streamed one top-level list item at a time (same text as one ``encode``)."""
    fh.write("{")
    for i, key in enumerate(sorted(doc)):
        fh.write(f"{', ' if i else ''}{_JSON.encode(key)}: ")
        value = doc[key]
        if isinstance(value, list):
            fh.write("[")
            for j, item in enumerate(value):
                fh.write(f"{', ' if j else ''}{_JSON.encode(item)}")
            fh.write("]")
        else:
            fh.write(_JSON.encode(value))
    fh.write("}\n")
