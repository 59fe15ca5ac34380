"""The data the page reads: legend, nodes, statements, merged display edges, initial state.

Everything here is plain JSON-able Python. Strings from the documents are
never put into HTML: the page embeds this payload with :func:`script_json`
inside ``<script type="application/json">`` and builds its DOM with
``textContent``.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.model import schema
from graph.errors import YdkgError

from .mapview import FOLDED_TYPES, first_view

#: Colour and shape of a node whose type the ontology lacks.
FALLBACK_COLOR, FALLBACK_SHAPE = "#b0b0b0", "dot"
#: Longest label drawn on the canvas; the panel and tooltip show it whole.
LABEL_MAX = 18
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_STMT_FIELDS = ("relation", "date", "end", "precision", "status", "amount_krw", "role", "basis",
                "fiscal_year", "note", "source", "line", "quote", "report_year", "review")


def script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028/2029 escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


@dataclass
class ViewState:
    """What the page shows when it opens (the controls start here; users can widen them)."""

    year: int | None = None
    as_of: str | None = None
    types: list[str] | None = None
    relations: list[str] | None = None
    focus: str | None = None
    depth: int = 1
    layout: str = "physics"
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Raise a user error for contradictory or unknown settings."""
        if self.year is not None and self.as_of is not None:
            raise YdkgError("--year and --as-of are exclusive; give one")
        if self.as_of is not None and not _ISO.match(self.as_of):
            raise YdkgError(f"--as-of {self.as_of!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        for t in self.types or []:
            schema.check_class(t)
        for r in self.relations or []:
            schema.check_relation(r)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def node_size(degree: int) -> float:
    """Node radius in pixels, growing with the square root of its degree."""
    return round(min(48.0, 9.0 + 4.0 * math.sqrt(degree)), 1)


def legend(types_present: Iterable[str], relations_present: Iterable[str]) -> tuple[list[dict], list[dict]]:
    """Legend rows from the ontology, for the classes and relations the graph uses."""
    classes, rels = schema.classes(), schema.relations()
    tp, rp = set(types_present), set(relations_present)
    class_rows = [{"key": k, "ko": t.label_ko, "en": t.label_en, "color": t.color or FALLBACK_COLOR,
                   "shape": t.shape or FALLBACK_SHAPE} for k, t in classes.items() if k in tp]
    class_rows += [{"key": k, "ko": k, "en": k, "color": FALLBACK_COLOR, "shape": FALLBACK_SHAPE}
                   for k in sorted(tp - set(classes))]
    rel_rows = [{"key": k, "ko": t.label_ko, "en": t.label_en} for k, t in rels.items() if k in rp]
    rel_rows += [{"key": k, "ko": k, "en": k} for k in sorted(rp - set(rels))]
    return class_rows, rel_rows


def statement(u: str, v: str, key: Any, d: dict[str, Any]) -> dict[str, Any]:
    """One edge of the contract as a compact dict (empty fields dropped)."""
    out: dict[str, Any] = {"id": _text(key), "from": u, "to": v}
    for f in _STMT_FIELDS:
        val = d.get(f)
        if val is None or val == "":
            continue
        out[f] = val if isinstance(val, int) and not isinstance(val, bool) else _text(val)
    return out


def _node_record(n: str, d: dict[str, Any], degree: int, dated: bool) -> dict[str, Any]:
    attrs = d.get("attributes") or {}
    rec: dict[str, Any] = {
        "id": n, "label": _text(d.get("label")) or n, "label_en": _text(d.get("label_en")),
        "type": _text(d.get("type")) or "?", "aliases": [_text(a) for a in d.get("aliases") or []],
        "attributes": {_text(k): _text(v) for k, v in dict(attrs).items()},
        "in_gazetteer": bool(d.get("in_gazetteer", True)), "degree": degree, "dated": dated,
    }
    if d.get("review"):
        rec["review"] = _text(d.get("review"))
    extra = d.get("statements") or []
    if extra:
        rec["statements"] = [{_text(k): _text(v) for k, v in dict(s).items()} if isinstance(s, dict)
                             else {"text": _text(s)} for s in extra]
    return rec


def years_of(stmts: list[dict[str, Any]], *extra: int | None) -> list[int]:
    """Every year from the first dated statement to the last (an undated one in its report's year; plus requested years)."""
    ys = {int(s[f][:4]) for s in stmts for f in ("date", "end") if s.get(f, "")[:4].isdigit()}
    ys |= {int(s["report_year"]) for s in stmts if not s.get("date") and s.get("report_year")}
    ys |= {y for y in extra if y is not None}
    return list(range(min(ys), max(ys) + 1)) if ys else []


def build_payload(G: nx.MultiDiGraph, *, title: str, state: ViewState,
                  positions: dict[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """The page's data: ``nodes``, ``stmts``, ``edges`` (display), legend, years, initial state."""
    stmts = [statement(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    dated: set[str] = set()
    for s in stmts:
        if s.get("date"):
            dated.update((s["from"], s["to"]))
    nodes = [_node_record(n, d, G.degree(n), n in dated) for n, d in G.nodes(data=True)]
    view = first_view(nodes, stmts)
    for rec in nodes:
        if rec["id"] in view.minor:
            rec["minor"] = True
        if rec["id"] in view.hubs:
            rec["hub"] = True
    class_rows, rel_rows = legend({n["type"] for n in nodes}, {s.get("relation", "?") for s in stmts})
    style = {c["key"]: c for c in class_rows}
    vis_nodes = []
    for rec in nodes:
        c = style[rec["type"]]
        vn: dict[str, Any] = {"id": rec["id"], "label": _short(rec["label"]), "shape": c["shape"],
                              "color": c["color"], "size": node_size(rec["degree"])}
        if not rec["in_gazetteer"]:
            vn["shapeProperties"] = {"borderDashes": [4, 3]}
            vn["borderWidth"] = 2
        if positions and rec["id"] in positions:
            vn["x"], vn["y"] = positions[rec["id"]]
        vis_nodes.append(vn)
    merged: dict[tuple[str, str], list[int]] = {}
    for i, s in enumerate(stmts):
        merged.setdefault((s["from"], s["to"]), []).append(i)
    vis_edges = [{"id": f"e{j}", "from": u, "to": v, "stmts": idx,
                  "width": round(1 + math.log2(len(idx)), 2)}
                 for j, ((u, v), idx) in enumerate(merged.items())]
    as_of_year = int(state.as_of[:4]) if state.as_of else None
    years = years_of(stmts, state.year, as_of_year)
    initial = {
        "mode": "asof" if state.as_of else "year",
        "year": state.year if state.year is not None else as_of_year,
        "cutoff": state.as_of,
        "types": state.types if state.types is not None else
        [c["key"] for c in class_rows if c["key"] not in FOLDED_TYPES],
        "relations": state.relations if state.relations is not None else [r["key"] for r in rel_rows],
        "focus": state.focus,
        "depth": state.depth,
    }
    return {"title": title, "classes": class_rows, "relations": rel_rows, "nodes": nodes,
            "stmts": stmts, "years": years, "initial": initial, "layout": state.layout,
            "folded": [c["key"] for c in class_rows if c["key"] in FOLDED_TYPES],
            "vis_nodes": vis_nodes, "vis_edges": vis_edges, **state.extra}
