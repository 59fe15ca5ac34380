"""GraphML and GEXF files of the network, streamed one node and one edge at a time.

NetworkX's own writers build the whole XML tree in memory (several GiB at
5,000 reports) and stamp GEXF files with today's date. These writers stream
to an open text file, declare each attribute once with the type its values
share (``string`` when they mix), leave out empty values, and write nothing
that depends on the clock, so the files are byte-identical for the same graph.
Both read back with ``networkx.read_graphml`` / ``read_gexf``.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import IO, Any
from functools import lru_cache

import networkx as nx

#: Node attributes written (lists are joined with ``|``).
NODE_ATTRS = ("label", "label_en", "type", "aliases", "in_gazetteer")
_XML_HEAD = "<?xml version='1.0' encoding='utf-8'?>\n"


def _value(v: Any) -> Any:
    """A scalar for XML: lists joined by ``|``, dicts and None dropped (returned as None)."""
    if isinstance(v, (list, tuple)):
        return "|".join(map(str, v)) or None
    if v is None or v == "" or isinstance(v, dict):
        return None
    return v


def attr_types(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Attribute name → the XML type all its non-empty values share (``string`` if mixed), sorted by name.

    Empty values (None, ``""``, an empty list) and dicts count as absent; lists are written as text.
    """
    seen: dict[str, set[type]] = {}
    for d in records:
        for k, v in d.items():
            kinds = seen.get(k)
            if kinds is None:
                kinds = seen[k] = set()
            if v is None or v == "" or v == [] or v == () or isinstance(v, dict):
                continue
            kinds.add(type(v))
    return {k: _xml_type(seen[k]) for k in sorted(seen)}


Types = tuple[dict[str, str], dict[str, str]]


def graph_attr_types(G: nx.MultiDiGraph) -> Types:
    """The node and edge attribute types of ``G`` (:func:`attr_types`, one pass over each): what
    GraphML declares, and what GEXF's own declarations derive from (:func:`_gexf_types`)."""
    return (attr_types(_node_attrs(d) for _, d in G.nodes(data=True)),
            attr_types(d for _, _, d in G.edges(data=True)))


_XML_TYPES = {bool: "boolean", int: "long", float: "double"}


def _xml_type(kinds: set[type]) -> str:
    """The XML type values of these Python types share (lists and text are ``string``); ``string`` if mixed."""
    found = {_XML_TYPES.get(t, "string") for t in kinds}
    return found.pop() if len(found) == 1 else "string"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(v: Any) -> str:
    """The value as XML text (characters XML 1.0 forbids, e.g. OCR control codes, are dropped)."""
    if v is True or v is False:
        return "true" if v else "false"
    text = v if type(v) is str else str(v)
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ESCAPE_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


_ATTR_SPECIAL = re.compile("[&<>\n\r\t\"]")
_TEXT_SPECIAL = re.compile("[&<>]")


def escape(text: str) -> str:
    """``text`` as XML character data (``&``, ``<`` and ``>`` escaped)."""
    return text.translate(_ESCAPE) if _TEXT_SPECIAL.search(text) else text


def quoteattr(text: str) -> str:
    """``text`` as a quoted XML attribute value, the same as ``xml.sax.saxutils.quoteattr`` gives
    (double quotes unless the text holds one and no single quote), with one C-level pass."""
    if _ATTR_SPECIAL.search(text) is None:  # most values: nothing to escape (a search is cheaper than translate)
        return f'"{text}"'
    text = text.translate(_ESCAPE_ATTR)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def _node_attrs(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in NODE_ATTRS}


def day(iso: str, last: bool) -> str:
    """An ISO prefix (``YYYY``, ``YYYY-MM`` or a date) as the first (or last) day it covers."""
    if len(iso) == 4:
        return f"{iso}-12-31" if last else f"{iso}-01-01"
    if len(iso) == 7:
        if not last:
            return f"{iso}-01"
        y, m = int(iso[:4]), int(iso[5:7])
        return f"{iso}-{calendar.monthrange(y, m)[1]:02d}"
    return iso


# ----------------------------------------------------------------------------- GraphML

def _cell(v: Any) -> str | None:
    """``_text(_value(v))`` of a value that is not text (:func:`_cells` writes text itself, as it runs
    for every attribute of every edge), the common types first; None for an empty value."""
    t = type(v)
    if v is None or t is dict:
        return None
    if t is int or t is float:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    v = _value(v)
    return None if v is None else _text(v)


def _cells(d: dict[str, Any], ids: dict[str, str]) -> list[tuple[str, str]]:
    """(declared key id, XML text) of each attribute of ``d`` that ``ids`` declares and that is not
    empty, in declaration order: the cells GraphML's ``<data>`` and GEXF's ``<attvalue>`` write."""
    out = []
    for k, key_id in ids.items():
        v = d.get(k)
        if v.__class__ is str:  # most values: text, without a call
            if v:
                out.append((key_id, _NOT_XML.sub("", v) if _NOT_XML.search(v) else v))
        elif v is not None:
            text = _cell(v)
            if text is not None:
                out.append((key_id, text))
    return out


def _graphml_data(d: dict[str, Any], ids: dict[str, str]) -> str:
    return "".join(f'<data key="{key_id}">{escape(text)}</data>' for key_id, text in _cells(d, ids))


def write_graphml(G: nx.MultiDiGraph, fh: IO[str], types: Types | None = None) -> None:
    """``G`` as GraphML (directed; edge ids are the statement ids); ``types``: its
    :func:`graph_attr_types`, if already known."""
    ntypes, etypes = types or graph_attr_types(G)
    nids = {k: f"n{i}" for i, k in enumerate(ntypes)}
    eids = {k: f"e{i}" for i, k in enumerate(etypes)}
    fh.write(_XML_HEAD + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for scope, declared, ids in (("node", ntypes, nids), ("edge", etypes, eids)):
        for k, t in declared.items():
            fh.write(f'  <key id="{ids[k]}" for="{scope}" attr.name={quoteattr(k)} attr.type="{t}" />\n')
    fh.write('  <graph edgedefault="directed">\n')
    for n, d in G.nodes(data=True):
        fh.write(f"    <node id={quoteattr(_text(n))}>{_graphml_data(_node_attrs(d), nids)}</node>\n")
    for u, v, k, d in G.edges(keys=True, data=True):
        fh.write(f"    <edge id={quoteattr(_text(k))} source={quoteattr(_text(u))} target={quoteattr(_text(v))}>"
                 f"{_graphml_data(d, eids)}</edge>\n")
    fh.write("  </graph>\n</graphml>\n")


# ----------------------------------------------------------------------------- GEXF

def _spell(d: dict[str, Any]) -> tuple[str, str] | None:
    """The edge's time span as full dates (Gephi's timeline), or None if undated."""
    start = d.get("date") or ""
    return (day(start, last=False), day(d.get("end") or start, last=True)) if start else None


def _gexf_edge_attrs(d: dict[str, Any]) -> dict[str, Any]:
    """Edge attributes for GEXF: the dates become the spell; their text is kept as ``date_text``."""
    out = {k: v for k, v in d.items() if k not in ("date", "end")}
    date, end = d.get("date") or "", d.get("end") or ""
    out["date_text"] = date + (f"~{end}" if end else "")
    return out


def _attvalues(d: dict[str, Any], ids: dict[str, str]) -> str:
    parts = "".join(f'<attvalue for="{key_id}" value={quoteattr(text)} />' for key_id, text in _cells(d, ids))
    return f"<attvalues>{parts}</attvalues>" if parts else ""


#: vis-network shapes (``ydk:shape`` in the ontology) as GEXF viz shapes.
_GEXF_SHAPES = {"dot": "disc", "ellipse": "disc", "circle": "disc", "box": "square", "square": "square",
                "triangle": "triangle", "triangleDown": "triangle", "diamond": "diamond"}


@lru_cache(maxsize=256)
def _viz(type_key: Any) -> str:
    """``<viz:color>`` and ``<viz:shape>`` of a node's class, as the ontology draws it (empty if none)."""
    from ..model.schema import classes

    term = classes().get(str(type_key))
    out = ""
    colour = term.color if term is not None else None
    if colour and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        out += f'<viz:color r="{r}" g="{g}" b="{b}" />'
    if term is not None and term.shape:
        out += f'<viz:shape value="{_GEXF_SHAPES.get(term.shape, "disc")}" />'
    return out


def _edge_label(d: dict[str, Any]) -> str:
    """An edge's label in Gephi: its relation, and its date if it has one (``agreement 2019-05-24``)."""
    return " ".join(x for x in (str(d.get("relation") or ""), str(d.get("date") or "")) if x)


_GEXF_TYPES = {"long": "long", "boolean": "boolean", "double": "double", "string": "string"}


def _gexf_types(G: nx.MultiDiGraph, types: Types) -> Types:
    """GEXF's attribute types from GraphML's: the node label is the node's own attribute, and an
    edge's dates become its spell, their text ``date_text`` (see :func:`_gexf_edge_attrs`)."""
    ntypes, etypes = types
    edges = {k: t for k, t in etypes.items() if k not in ("date", "end")}
    if G.number_of_edges():
        edges["date_text"] = "string"
    return ({k: t for k, t in ntypes.items() if k != "label"}, dict(sorted(edges.items())))


def write_gexf(G: nx.MultiDiGraph, fh: IO[str], types: Types | None = None) -> None:
    """``G`` as dynamic GEXF 1.2: dated edges carry ``start``/``end`` so Gephi's timeline plays it
    (``types``: its :func:`graph_attr_types`, if already known)."""
    ntypes, etypes = _gexf_types(G, types or graph_attr_types(G))
    nids = {k: f"n{i}" for i, k in enumerate(ntypes)}
    eids = {k: f"e{i}" for i, k in enumerate(etypes)}
    fh.write(_XML_HEAD + '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
             'version="1.2">\n'
             '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n')
    for scope, declared, ids in (("node", ntypes, nids), ("edge", etypes, eids)):
        fh.write(f'    <attributes class="{scope}" mode="static">\n')
        for k, t in declared.items():
            fh.write(f'      <attribute id="{ids[k]}" title={quoteattr(k)} type="{_GEXF_TYPES[t]}" />\n')
        fh.write("    </attributes>\n")
    fh.write("    <nodes>\n")
    for n, d in G.nodes(data=True):
        fh.write(f"      <node id={quoteattr(_text(n))} label={quoteattr(_text(d.get('label', n)))}>"
                 f"{_attvalues(_node_attrs(d), nids)}{_viz(d.get('type'))}</node>\n")
    fh.write("    </nodes>\n    <edges>\n")
    for u, v, k, d in G.edges(keys=True, data=True):
        span = _spell(d)
        when = f' start="{span[0]}" end="{span[1]}"' if span else ""
        fh.write(f"      <edge id={quoteattr(_text(k))} source={quoteattr(_text(u))} target={quoteattr(_text(v))}"
                 f" label={quoteattr(_edge_label(d))}{when}>"
                 f"{_attvalues(_gexf_edge_attrs(d), eids)}</edge>\n")
    fh.write("    </edges>\n  </graph>\n</gexf>\n")
