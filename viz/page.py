"""Render the NetworkX graph as one self-contained, offline HTML page.

Choice: the page is rendered *by pyvis* — a ``pyvis.network.Network(directed=True)``
holds the display nodes and (merged) edges and its ``generate_html`` renders
our own template (``viz/templates/page.html.j2``) instead of pyvis's, because
pyvis's templates link Bootstrap and vis-network from CDNs and splice data
into JavaScript unescaped. Our template inlines the vis-network 9.1.2 UMD
build copied from the pyvis package (``viz/static/``, licence header kept)
and embeds all data as escaped JSON in ``<script type="application/json">``;
the page script builds every element with ``textContent``.

Time rule of the page (slider): at a year Y a statement shows if its
date..end range touches Y; in "as of" mode if it started on or before the
cut-off (end of Y, or the ``as_of`` date). Undated statements show at every
position. A node shows if its type is selected and it has a visible
statement, or if it has no dated statement at all.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from graph.atomic import atomic_write

from .focus import neighbourhood, resolve_name
from .layout import PHYSICS_MAX_NODES, force_layout
from .overview import MAX_NODES, MAX_STATEMENTS, core, needs_overview
from .payload import ViewState, build_payload, script_json

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEMPLATE = "page.html.j2"
#: The canvas font: Korean system fonts first (no webfont is loaded).
_FONT_FACE = "'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', system-ui, sans-serif"
#: Iterations of in-browser physics before it is switched off (small graphs only).
STABILIZE_ITERATIONS = 250


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    """A file of ``viz/static`` as text, checked to be safe to inline in its element."""
    text = (STATIC / name).read_text(encoding="utf-8")
    closer = "</script" if name.endswith(".js") else "</style"
    if closer in text.lower():
        raise RuntimeError(f"{name} contains {closer!r}; it cannot be inlined")
    return text


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["script_json"] = lambda obj: Markup(script_json(obj))
    return env


def vis_options(layout: str, n_nodes: int) -> dict[str, Any]:
    """vis-network options: straight edges, bounded physics or a fixed layout."""
    big = n_nodes > 1000
    physics: dict[str, Any] = {"enabled": False}
    if layout == "physics":
        physics = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.15, "springLength": 140,
                          "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": STABILIZE_ITERATIONS,
                              "updateInterval": 50, "fit": True},
            "minVelocity": 1.0, "maxVelocity": 40,
        }
    return {
        "autoResize": True,
        "physics": physics,
        "layout": {"improvedLayout": layout == "physics" and n_nodes <= 100, "randomSeed": 7},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 11, "color": "#34495e", "align": "horizontal", "strokeWidth": 0,
                           "background": "rgba(255,255,255,0.92)", "face": _FONT_FACE},
                  "color": {"color": "#a7b0ba", "highlight": "#c0392b", "hover": "#5d6d7e"},
                  "selectionWidth": 2, "hoverWidth": 1},
        "nodes": {"borderWidth": 1, "scaling": {"label": {"drawThreshold": 4}},
                  "font": {"size": 13, "color": "#1c2833", "face": _FONT_FACE}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False, "keyboard": False},
    }


def render_page(G: nx.MultiDiGraph, *, title: str, focus: str | None = None, radius: int = 1,
                year: int | None = None, as_of: str | None = None, types: list[str] | None = None,
                relations: list[str] | None = None, layout: str = "auto",
                max_nodes: int | None = MAX_NODES, max_statements: int | None = MAX_STATEMENTS) -> str:
    """The page's HTML. ``focus`` (a name, alias or id) cuts out its radius-N neighbourhood.

    ``year``/``as_of``/``types``/``relations`` set where the page's controls
    start; ``layout`` is ``auto`` (physics up to ``PHYSICS_MAX_NODES``
    nodes, else precomputed), ``physics`` or ``precomputed``. A graph over
    ``max_nodes`` nodes or ``max_statements`` statements is drawn as its
    overview (:mod:`viz.overview`; the focus kept), which the page announces;
    None lifts a limit.
    """
    state = ViewState(year=year, as_of=as_of, types=types, relations=relations)
    state.check()
    center = None
    if focus:
        center = resolve_name(G, focus)
        G = neighbourhood(G, center, radius)
        state.focus = center
        state.depth = 2 if radius >= 2 else 1
    node_cap = G.number_of_nodes() if max_nodes is None else max_nodes
    stmt_cap = G.number_of_edges() if max_statements is None else max_statements
    if needs_overview(G, node_cap, stmt_cap):
        G, seen = core(G, node_cap, stmt_cap, first=center)
        state.extra["overview"] = seen.as_dict()
    if layout == "auto":
        layout = "precomputed" if G.number_of_nodes() > PHYSICS_MAX_NODES else "physics"
    if layout not in ("physics", "precomputed"):
        raise ValueError(f"layout must be auto, physics or precomputed, not {layout!r}")
    state.layout = layout
    positions = force_layout(G) if layout == "precomputed" else None
    payload = build_payload(G, title=title, state=state, positions=positions)

    net = Network(height="100%", width="100%", directed=True, heading=title)
    net.node_ids = _IdList()  # pyvis tests membership in a list per node and per edge
    for vn in payload.pop("vis_nodes"):
        net.add_node(vn.pop("id"), **vn)
    for ve in payload.pop("vis_edges"):
        net.add_edge(ve.pop("from"), ve.pop("to"), **ve)
    net.set_template_dir(str(TEMPLATES) + "/", TEMPLATE)
    net.templateEnv = _environment()
    net.templateEnv.globals.update(
        payload=payload, vis_options=vis_options(layout, G.number_of_nodes()),
        vis_js=Markup(_asset("vis-network.min.js")), vis_css=Markup(_asset("vis-network.min.css")),
        page_js=Markup(_asset("page.js")), radial_js=Markup(_asset("radial.js")), page_css=Markup(_asset("page.css")),
    )
    return net.generate_html(name="graph.html")


class _IdList(list):
    """pyvis's list of node ids with a set beside it: ``in`` is O(1) instead of a scan.

    pyvis checks ``id in node_ids`` for every node and both ends of every
    edge, which is quadratic: minutes for the 5,000-report graph.
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def write_page(G: nx.MultiDiGraph, path: Path | str, **kwargs: Any) -> Path:
    """Render the page and write it atomically to ``path``; return the path."""
    path = Path(path)
    atomic_write(path, render_page(G, **kwargs))
    return path
