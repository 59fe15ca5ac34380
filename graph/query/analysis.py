"""Network analysis on the NetworkX layer: time filters, paths, neighbourhoods, statistics,
projections, and the budget pivot with its consistency check.

Graphs follow the contract of :func:`graph.export.network.to_networkx` (a ``MultiDiGraph``
whose edges carry ``relation``, ``date``, ``end``, ``source``, ``line``, …).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..errors import NothingFound
from ..model.statements import KnowledgeBase, Statement
from ..read.textnorm import key as norm_key
from .brief import ACTOR_TYPES, resolve_entity

if TYPE_CHECKING:  # imported where used: a briefing needs neither
    import networkx as nx
    import pandas as pd

#: Entity classes through which actors meet (shared events, programs, activities).
HUB_TYPES = frozenset({"Event", "Program", "Activity"})


# --------------------------------------------------------------------------- time filters

def _edge_years(d: dict[str, Any]) -> tuple[int, int] | None:
    """The (first, last) year an edge's date covers; the fiscal year if undated; else ``None``."""
    start = d.get("date") or ""
    if start:
        end = d.get("end") or start
        return int(start[:4]), int(end[:4])
    fy = d.get("fiscal_year")
    if fy not in (None, ""):
        return int(fy), int(fy)
    return None


def subgraph_by_year(G: nx.MultiDiGraph, year: int) -> nx.MultiDiGraph:
    """The edges whose date (or range, or fiscal year when undated) touches ``year``, with their nodes."""
    keep = []
    for u, v, k, d in G.edges(keys=True, data=True):
        span = _edge_years(d)
        if span and span[0] <= year <= span[1]:
            keep.append((u, v, k))
    return G.edge_subgraph(keep).copy()


def subgraph_as_of(G: nx.MultiDiGraph, date: str) -> nx.MultiDiGraph:
    """The edges that had started by ``date`` (``YYYY[-MM[-DD]]``; undated: fiscal year ≤ its year)."""
    keep = []
    for u, v, k, d in G.edges(keys=True, data=True):
        start = d.get("date") or ""
        if start:
            if start[: len(date)] <= date:
                keep.append((u, v, k))
        else:
            span = _edge_years(d)
            if span and span[0] <= int(date[:4]):
                keep.append((u, v, k))
    return G.edge_subgraph(keep).copy()


# --------------------------------------------------------------------------- paths and neighbourhoods

def _node(G: nx.MultiDiGraph, name: str) -> str:
    return resolve_entity(G, name)


def best_edge(G: nx.MultiDiGraph, u: str, v: str) -> dict[str, Any]:
    """The edge shown for the hop ``u``–``v`` (either direction): dated before undated, earliest first.

    The returned dict has the edge's attributes plus ``subject``, ``object``,
    ``key``, ``direction`` (``"→"`` if stated ``u``→``v``) and ``n_edges``.
    """
    cands = [(u, v, k, d) for k, d in (G.get_edge_data(u, v) or {}).items()]
    cands += [(v, u, k, d) for k, d in (G.get_edge_data(v, u) or {}).items()]
    if not cands:
        raise KeyError((u, v))
    cands.sort(key=lambda c: (not c[3].get("date"), c[3].get("date") or "", c[3].get("source") or "",
                              c[3].get("line") or 0, c[2]))
    s, o, k, d = cands[0]
    return {**d, "subject": s, "object": o, "key": k, "direction": "→" if s == u else "←", "n_edges": len(cands)}


def shortest_path(G: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """How ``a`` and ``b`` connect: one dict per hop (``from``, ``to``, relation, date, citation).

    Names are resolved like the briefing's; edges count in either direction.
    Raises :class:`NothingFound` when there is no path.
    """
    import networkx as nx

    na, nb = _node(G, a), _node(G, b)
    U = G.to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(U, na, nb)
    except nx.NetworkXNoPath:
        raise NothingFound(f"no path between {G.nodes[na].get('label', na)!r} and {G.nodes[nb].get('label', nb)!r}") from None
    hops = []
    for u, v in zip(nodes, nodes[1:]):
        e = best_edge(G, u, v)
        hops.append({"from": u, "to": v, **{k: e.get(k) for k in (
            "relation", "direction", "date", "end", "status", "role", "source", "line", "quote", "subject",
            "object", "n_edges")}})
    return hops


def neighbors(G: nx.MultiDiGraph, node: str, radius: int = 1, year: int | None = None) -> dict[str, dict[str, Any]]:
    """Nodes within ``radius`` hops of ``node`` (edges in either direction), by breadth-first search.

    Returns ``{node: {"hops": n, "via": parent or None, "edge": best edge or None}}``
    in BFS order. With ``year`` only the edges touching that year count.
    """
    if radius < 0:
        raise ValueError("radius must be >= 0")
    center = _node(G, node)
    H = subgraph_by_year(G, year) if year is not None else G
    out: dict[str, dict[str, Any]] = {center: {"hops": 0, "via": None, "edge": None}}
    if center not in H:
        return out
    U = H.to_undirected(as_view=True)
    frontier = [center]
    for hop in range(1, radius + 1):
        nxt = []
        for n in frontier:
            for m in sorted(U.neighbors(n)):
                if m not in out:
                    out[m] = {"hops": hop, "via": n, "edge": best_edge(H, n, m)}
                    nxt.append(m)
        frontier = nxt
    return out


# --------------------------------------------------------------------------- statistics

def _stmt_year(s: Statement) -> str:
    if s.when and s.when.year:
        return str(s.when.year)
    return str(s.fiscal_year) if s.fiscal_year else "unknown"


def stats(kb: KnowledgeBase, top: int = 10, k: int = 100, seed: int = 0) -> dict[str, Any]:
    """Counts by type, relation, year and status, and the most central actors.

    Degree centrality on the whole graph; betweenness estimated from ``k``
    sampled sources (exact when the graph has fewer nodes).
    """
    import networkx as nx

    from ..export.network import to_networkx

    G = to_networkx(kb)
    U = nx.Graph(G.to_undirected(as_view=True))
    deg = nx.degree_centrality(U) if len(U) > 1 else {n: 0.0 for n in U}
    kk = min(k, len(U))
    btw = nx.betweenness_centrality(U, k=kk if kk < len(U) else None, seed=seed) if len(U) > 2 else {n: 0.0 for n in U}
    actors = [n for n in G if G.nodes[n].get("type") in ACTOR_TYPES]

    def ranked(score: dict[str, float]) -> list[dict[str, Any]]:
        best = sorted(actors, key=lambda n: (-score.get(n, 0.0), n))[:top]
        return [{"id": n, "label": G.nodes[n].get("label"), "type": G.nodes[n].get("type"),
                 "score": round(score.get(n, 0.0), 4), "degree": G.degree(n)} for n in best]

    return {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "statements": len(kb.statements),
        "reports": len(kb.reports),
        "by_type": dict(Counter(e.type for e in kb.entities.values()).most_common()),
        "by_relation": dict(Counter(s.relation for s in kb.statements).most_common()),
        "by_year": dict(sorted(Counter(_stmt_year(s) for s in kb.statements).items())),
        "by_status": dict(Counter(s.status for s in kb.statements).most_common()),
        "top_degree": ranked(deg),
        "top_betweenness": ranked(btw),
        "betweenness_k": kk,
    }


# --------------------------------------------------------------------------- projections

def _hub_actors(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Each event/program/activity → the actors linked to it directly (either direction)."""
    out: dict[str, set[str]] = defaultdict(set)
    for u, v in G.edges():
        for hub, other in ((u, v), (v, u)):
            if G.nodes[hub].get("type") in HUB_TYPES and G.nodes[other].get("type") in ACTOR_TYPES:
                out[hub].add(other)
    return out


def actor_projection(G: nx.MultiDiGraph) -> nx.Graph:
    """Actor–actor graph: two actors are linked when they share an event, program or activity.

    Edge attributes: ``weight`` (number of shared hubs) and ``via`` (their ids, sorted).
    """
    import networkx as nx

    P = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("type") in ACTOR_TYPES:
            P.add_node(n, label=d.get("label"), type=d.get("type"))
    for hub, actors in sorted(_hub_actors(G).items()):
        for a, b in combinations(sorted(actors), 2):
            if P.has_edge(a, b):
                P[a][b]["weight"] += 1
                P[a][b]["via"].append(hub)
            else:
                P.add_edge(a, b, weight=1, via=[hub])
    return P


def actor_program(G: nx.MultiDiGraph) -> nx.Graph:
    """Bipartite actor–program graph (``bipartite`` 0 = actor, 1 = program); ``relations`` on each edge."""
    import networkx as nx

    B = nx.Graph()
    for u, v, d in G.edges(data=True):
        for a, p in ((u, v), (v, u)):
            if G.nodes[a].get("type") in ACTOR_TYPES and G.nodes[p].get("type") == "Program":
                B.add_node(a, label=G.nodes[a].get("label"), type=G.nodes[a].get("type"), bipartite=0)
                B.add_node(p, label=G.nodes[p].get("label"), type="Program", bipartite=1)
                if B.has_edge(a, p):
                    B[a][p]["weight"] += 1
                    B[a][p]["relations"] = sorted(set(B[a][p]["relations"]) | {d["relation"]})
                else:
                    B.add_edge(a, p, weight=1, relations=[d["relation"]])
    return B


# --------------------------------------------------------------------------- budget

BUDGET_COLUMNS = ["program", "program_id", "fiscal_year", "source", "source_id", "basis", "amount_krw",
                  "relation", "status", "report", "line", "quote"]


def budget_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """Every ``budget`` (source ``"total"``) and ``funded_by`` statement with an amount, one row each."""
    import pandas as pd

    rows = []
    for s in kb.statements:
        if s.relation not in ("budget", "funded_by") or s.amount_krw is None:
            continue
        prog = kb.entities[s.subject]
        src = kb.entities[s.object] if s.relation == "funded_by" and s.object else None
        rows.append({
            "program": prog.label, "program_id": s.subject,
            "fiscal_year": s.fiscal_year or (s.when.year if s.when else None),
            "source": src.label if src else "total", "source_id": src.id if src else "",
            "basis": s.basis or "", "amount_krw": s.amount_krw, "relation": s.relation, "status": s.status,
            "report": s.citation.source, "line": s.citation.line, "quote": s.citation.quote,
        })
    df = pd.DataFrame(rows, columns=BUDGET_COLUMNS)
    df["fiscal_year"] = df["fiscal_year"].astype("Int64")
    return df


def budget_pivot(kb: KnowledgeBase) -> pd.DataFrame:
    """Program × fiscal year (rows) by basis × source (columns): sums of ``funded_by`` amounts.

    A share restated in several reports (same program — compared without
    spacing —, year, source and basis) counts once, from the latest report.
    """
    df = budget_frame(kb)
    df = df[df["relation"] == "funded_by"].copy()
    year_of = {r.file: r.year for r in kb.reports}
    df["program_key"] = df["program"].map(norm_key)
    df["report_year"] = df["report"].map(year_of)
    df = df.sort_values(["report_year", "report", "line"])
    latest = df.groupby(["program_key", "fiscal_year", "source_id", "basis"], dropna=False)["report"].transform("last")
    df = df[df["report"] == latest]
    return df.pivot_table(index=["program", "fiscal_year"], columns=["basis", "source"], values="amount_krw",
                          aggfunc="sum", fill_value=0)


def budget_check(kb: KnowledgeBase, include_ok: bool = False) -> pd.DataFrame:
    """Where the shares by source do not add up to the total of the same program, year, basis and block.

    A block is one report's lines from a ``budget`` total to the next total of
    the same program/year/basis; each share belongs to the nearest total at or
    above it. Lists differences (``difference = shares - total``); fixes nothing.
    """
    import pandas as pd

    df = budget_frame(kb)
    totals = df[df["relation"] == "budget"]
    shares = df[df["relation"] == "funded_by"]
    groups: dict[tuple, list[int]] = defaultdict(list)
    for idx, r in shares.iterrows():
        cands = totals[(totals["report"] == r["report"]) & (totals["program_id"] == r["program_id"])
                       & (totals["fiscal_year"] == r["fiscal_year"]) & (totals["basis"] == r["basis"])]
        if cands.empty:
            continue
        above = cands[cands["line"] <= r["line"]]
        t = above.loc[above["line"].idxmax()] if not above.empty else cands.loc[cands["line"].idxmin()]
        groups[(t.name,)].append(idx)
    rows = []
    for (tidx,), sidx in sorted(groups.items()):
        t = totals.loc[tidx]
        s = shares.loc[sidx]
        total, got = int(t["amount_krw"]), int(s["amount_krw"].sum())
        if got == total and not include_ok:
            continue
        rows.append({"report": t["report"], "line": int(t["line"]), "program": t["program"],
                     "fiscal_year": t["fiscal_year"], "basis": t["basis"], "total_krw": total, "shares_krw": got,
                     "difference_krw": got - total, "ok": got == total,
                     "shares": "; ".join(f"{x['source']} {int(x['amount_krw']):,} [{x['report']}:{x['line']}]"
                                         for _, x in s.iterrows())})
    cols = ["report", "line", "program", "fiscal_year", "basis", "total_krw", "shares_krw", "difference_krw", "ok",
            "shares"]
    return pd.DataFrame(rows, columns=cols)
