"""The overview of a graph too big for one page: its most connected entities.

A browser draws a few thousand nodes and holds a few tens of thousands of
statements with their quotes; the graph of 5,000 reports has 34,000 entities
and 638,000 statements (a 234 MB page). Past :data:`MAX_NODES` nodes or
:data:`MAX_STATEMENTS` statements, the whole-graph page shows the core instead:
entities taken by degree, most connected first (ties by id), each with every
statement between it and those already taken, while both budgets hold. The
page says what it leaves out; ``ydkg viz --focus NAME`` draws any entity's
neighbourhood, and the graph files (GraphML, JSON, RDF) hold everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads the limits below at startup: no networkx import here
    import networkx as nx

#: Most nodes a whole-graph page shows.
MAX_NODES = 1500
#: Most statements (edges) a whole-graph page holds, with their quotes.
MAX_STATEMENTS = 20000


@dataclass(frozen=True)
class Overview:
    """What an overview shows of its graph."""

    shown_nodes: int
    total_nodes: int
    shown_statements: int
    total_statements: int

    def as_dict(self) -> dict[str, int]:
        """For the page's payload."""
        return {"shown_nodes": self.shown_nodes, "total_nodes": self.total_nodes,
                "shown_statements": self.shown_statements, "total_statements": self.total_statements}


def induced(G: "nx.MultiDiGraph", keep: "set | frozenset") -> "nx.MultiDiGraph":
    """The subgraph of ``G`` on the nodes ``keep``, as a copy whose nodes and edges come in ``G``'s order.

    (``G.subgraph(keep).copy()`` iterates ``keep`` itself when it is much smaller than ``G``: a
    set's order, which changes from run to run with the string hash seed.)
    """
    sub = G.__class__()
    sub.graph.update(G.graph)
    sub.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    if G.is_multigraph():
        sub.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(sub, keys=True, data=True) if v in keep)
    else:
        sub.add_edges_from((u, v, d) for u, v, d in G.edges(sub, data=True) if v in keep)
    return sub


def needs_overview(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES, max_statements: int = MAX_STATEMENTS) -> bool:
    """True if ``G`` is over either budget."""
    return G.number_of_nodes() > max_nodes or G.number_of_edges() > max_statements


def core(G: nx.MultiDiGraph, max_nodes: int = MAX_NODES, max_statements: int = MAX_STATEMENTS,
         first: str | None = None) -> tuple[nx.MultiDiGraph, Overview]:
    """The subgraph of the most connected entities within both budgets, and what it shows.

    Greedy and deterministic: ``first`` (a focus) if given, then entities by
    degree (descending), then id; one whose statements to those already taken
    would pass the statement budget is skipped. Linear in the edges.
    """
    ranked = sorted(G.nodes, key=lambda n: (n != first, -G.degree(n), str(n)))
    taken: set = set()
    statements = 0
    for n in ranked:
        if len(taken) >= max_nodes:
            break
        adds = sum(1 for _, m in G.out_edges(n) if m in taken or m == n)
        adds += sum(1 for m, _ in G.in_edges(n) if m in taken)
        if statements + adds > max_statements:
            continue
        taken.add(n)
        statements += adds
    sub = induced(G, taken)
    return sub, Overview(sub.number_of_nodes(), G.number_of_nodes(), sub.number_of_edges(), G.number_of_edges())
