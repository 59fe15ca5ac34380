"""The first view of the page: a map of actors, partners and programs.

A report lists each program's activities (추진사항) as whole sentences; drawn
as nodes they bury the map. The first view therefore *folds* them: a node of
a :data:`FOLDED_TYPES` class is not drawn until the reader turns its class on,
and its statements are listed (dated and cited) in its program's panel. Of
the rest, at most :data:`MAP_NODES` are drawn, the most connected first; the
others (``minor``) appear when searched, focused or asked for. The
:data:`HUBS` most connected nodes are labelled at every zoom.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: Classes folded into their program in the first view.
FOLDED_TYPES: tuple[str, ...] = ("Activity",)
#: Most nodes drawn in the first view.
MAP_NODES = 250
#: Nodes labelled at every zoom (the rest on hover, zoom or focus).
HUBS = 24
#: Which classes a full map keeps first when it must leave some out (lower first); others rank 2.
_TIER = {"District": 0, "Agency": 0, "Company": 0, "Hospital": 0, "CivicGroup": 0, "Country": 0,
         "Division": 0, "Team": 0, "Zone": 0, "Program": 1, "Person": 3, "Place": 3}


@dataclass(frozen=True)
class FirstView:
    """What the first view draws: the nodes left out (``minor``) and the ``hubs``."""

    minor: frozenset[str]
    hubs: frozenset[str]


def first_view(nodes: Iterable[dict[str, Any]], stmts: Iterable[dict[str, Any]],
               limit: int = MAP_NODES, hubs: int = HUBS) -> FirstView:
    """The map: unfolded nodes ranked by their links to other unfolded nodes, class tier and id.

    A node whose every statement reaches a folded node is left out (it is
    drawn with the activities); past ``limit`` the lowest ranked are too.
    """
    types = {n["id"]: n["type"] for n in nodes}
    shown = [n for n, t in types.items() if t not in FOLDED_TYPES]
    links: dict[str, set[str]] = {n: set() for n in shown}
    touched: set[str] = set()
    for s in stmts:
        a, b = s["from"], s["to"]
        touched.update((a, b))
        if a in links and b in links and a != b:
            links[a].add(b)
            links[b].add(a)
    kept = [n for n in shown if links[n] or n not in touched]
    ranked = sorted(kept, key=lambda n: (-len(links[n]), _TIER.get(types[n], 2), n))
    drawn = ranked[:limit]
    hub_ids = [n for n in drawn if len(links[n]) >= 3][:hubs]
    return FirstView(minor=frozenset(shown) - frozenset(drawn), hubs=frozenset(hub_ids))
