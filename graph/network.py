"""The NetworkX layer: typed nodes, dated keyed multi-edges (see docs/CONTRACTS.md)."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .atomic import atomic_write
from .model import KnowledgeBase


def to_networkx(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """One node per entity, one edge per statement with an object (key = statement id)."""
    G = nx.MultiDiGraph()
    for e in kb.entities.values():
        G.add_node(e.id, label=e.label, label_en=e.label_en or "", type=e.type, aliases=list(e.aliases),
                   attributes=dict(e.attributes), in_gazetteer=e.in_gazetteer)
    for s in kb.statements:
        w = s.when
        attrs = dict(
            relation=s.relation, date=w.start if w and w.start else "", end=w.end if w and w.end else "",
            precision=w.precision if w else "unknown", status=s.status, amount_krw=s.amount_krw, role=s.role,
            basis=s.basis, fiscal_year=s.fiscal_year, note=s.note, source=s.citation.source,
            line=s.citation.line, quote=s.citation.quote,
        )
        if s.object is None:
            G.nodes[s.subject].setdefault("statements", []).append({"id": s.id, **attrs})
        else:
            G.add_edge(s.subject, s.object, key=s.id, **attrs)
    return G


def _day(iso: str, last: bool) -> str:
    """An ISO prefix as a full date: the first (or last) day it covers."""
    if len(iso) == 4:
        return f"{iso}-12-31" if last else f"{iso}-01-01"
    if len(iso) == 7:
        if not last:
            return f"{iso}-01"
        import calendar

        y, m = int(iso[:4]), int(iso[5:7])
        return f"{iso}-{calendar.monthrange(y, m)[1]:02d}"
    return iso


def _flat(G: nx.MultiDiGraph, spells: bool = False) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (GraphML/GEXF cannot hold lists or None).

    With ``spells``, dated edges get ``start``/``end`` (full dates) so Gephi's
    timeline plays the graph; undated edges are always present.
    """
    H = nx.MultiDiGraph()
    if spells:
        H.graph.update(mode="dynamic", timeformat="date")
    for n, d in G.nodes(data=True):
        H.add_node(n, label=d["label"], label_en=d["label_en"], type=d["type"],
                   aliases="|".join(d["aliases"]), in_gazetteer=bool(d["in_gazetteer"]))
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = {a: ("" if b is None else b) for a, b in d.items()}
        if spells:
            date, end = attrs.pop("date"), attrs.pop("end")
            attrs["date_text"] = date + (f"~{end}" if end else "")
            if date:
                attrs["start"] = _day(date, last=False)
                attrs["end"] = _day(end or date, last=True)
        H.add_edge(u, v, key=k, **attrs)
    return H


def write_exports(kb: KnowledgeBase, out: Path, G: nx.MultiDiGraph | None = None) -> list[Path]:
    """GraphML, GEXF and node-link JSON of the graph (``G``: the graph of ``kb``, if already built)."""
    G = to_networkx(kb) if G is None else G
    H = _flat(G)
    paths = []
    graphml = out / "graph.graphml"
    atomic_write(graphml, "\n".join(nx.generate_graphml(H)) + "\n")
    gexf = out / "graph.gexf"
    atomic_write(gexf, "\n".join(nx.generate_gexf(_flat(G, spells=True))) + "\n")
    js = out / "graph.json"
    atomic_write(js, json.dumps(nx.node_link_data(G, edges="links"), ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    paths += [graphml, gexf, js]
    return paths
