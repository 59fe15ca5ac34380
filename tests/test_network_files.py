"""Streamed GraphML / GEXF: read back by NetworkX with the same nodes, edges, keys and values."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from graph.export.network_files import attr_types, day, write_gexf, write_graphml


@pytest.fixture()
def G() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a", label='<script>alert("x")</script>', label_en="", type="Company", aliases=["A&B", "'q'"],
               attributes={"k": "v"}, in_gazetteer=False)
    G.add_node("b", label="몽골 보건부", label_en="Ministry", type="Agency", aliases=[], attributes={},
               in_gazetteer=True)
    G.add_edge("a", "b", key="s1", relation="agreement", date="2019-05", end="", amount_krw=None,
               quote="협약\x0b체결 <b>", line=12, status="done")
    G.add_edge("a", "b", key="s2", relation="funded_by", date="", end="", amount_krw=1_000, quote="q", line=3,
               status="planned")
    return G


def _text(writer, G) -> str:
    buf = io.StringIO()
    writer(G, buf)
    return buf.getvalue()


def test_graphml_round_trip(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(_text(write_graphml, G), encoding="utf-8")
    H = nx.read_graphml(path)
    assert sorted(H.nodes) == ["a", "b"] and H.number_of_edges() == 2
    assert H.nodes["a"]["label"] == '<script>alert("x")</script>'
    assert H.nodes["a"]["aliases"] == "A&B|'q'" and H.nodes["a"]["in_gazetteer"] is False
    assert "label_en" not in H.nodes["a"]  # empty values are left out
    e = H.get_edge_data("a", "b")
    assert e["s1"]["quote"] == "협약체결 <b>"  # the control code XML forbids is dropped
    assert e["s2"]["amount_krw"] == 1000 and e["s1"]["line"] == 12 and "amount_krw" not in e["s1"]


def test_gexf_round_trip_with_spells(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    path.write_text(_text(write_gexf, G), encoding="utf-8")
    H = nx.read_gexf(path)
    assert H.number_of_nodes() == 2 and H.number_of_edges() == 2
    assert H.nodes["a"]["label"] == '<script>alert("x")</script>'
    e = H.get_edge_data("a", "b")
    dated = next(d for d in e.values() if d.get("relation") == "agreement")
    assert (dated["start"], dated["end"], dated["date_text"]) == ("2019-05-01", "2019-05-31", "2019-05")
    undated = next(d for d in e.values() if d.get("relation") == "funded_by")
    assert "start" not in undated and undated["amount_krw"] == 1000


def test_byte_identical_and_clock_free(G: nx.MultiDiGraph) -> None:
    assert _text(write_gexf, G) == _text(write_gexf, G.copy())
    assert "lastmodified" not in _text(write_gexf, G)


def test_types_and_days() -> None:
    assert attr_types([{"x": 1, "y": "a", "z": None}, {"x": "b", "y": "c", "z": True}]) == \
        {"x": "string", "y": "string", "z": "boolean"}
    assert (day("2021", False), day("2021", True), day("2020-02", True), day("2019-05-24", True)) == \
        ("2021-01-01", "2021-12-31", "2020-02-29", "2019-05-24")


def test_gexf_draws_each_class_as_the_ontology_does_and_labels_edges(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    from graph.model.schema import classes

    path = tmp_path / "g.gexf"
    path.write_text(_text(write_gexf, G), encoding="utf-8")
    H = nx.read_gexf(path)
    colour = classes()["Agency"].color
    assert H.nodes["b"]["viz"]["color"] == {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                                           "b": int(colour[5:7], 16), "a": 1.0}
    # GEXF 1.2 writes the shape as `value` (Gephi reads it so); networkx 3 reads another attribute, so read the XML
    import xml.etree.ElementTree as ET

    viz = "{http://www.gexf.net/1.2draft/viz}"
    nodes = {n.get("id"): n for n in ET.parse(path).getroot().iter("{http://www.gexf.net/1.2draft}node")}
    shape = nodes["b"].find(f"{viz}shape").get("value")
    assert shape == {"dot": "disc", "box": "square"}.get(classes()["Agency"].shape, classes()["Agency"].shape)
    labels = sorted(d["label"] for d in H.get_edge_data("a", "b").values())
    assert labels == ["agreement 2019-05", "funded_by"]


def test_graph_json_keeps_each_edge_report_file(tmp_path: Path) -> None:
    import json

    from graph.export.network import to_networkx, write_exports
    from graph.pipeline.build import build_kb
    from graph.resources import SOURCES_DIR

    kb = build_kb([SOURCES_DIR])
    G = to_networkx(kb)
    write_exports(kb, tmp_path, G)
    H = nx.node_link_graph(json.loads((tmp_path / "graph.json").read_text(encoding="utf-8")), edges="links")
    assert H.number_of_edges() == G.number_of_edges()
    for u, v, k, d in G.edges(keys=True, data=True):
        assert H.edges[u, v, k]["source_file"] == d["source"]


def test_xml_escapes_match_the_standard_library() -> None:
    """The fast paths of ``quoteattr`` and ``escape`` (no search hit: no translation) give what
    ``xml.sax.saxutils`` gives, for text with and without each special character."""
    from xml.sax.saxutils import escape as sax_escape, quoteattr as sax_quoteattr

    from graph.export.network_files import escape, quoteattr

    samples = ["예스병원", "", "a & b", "<tag>", "x > y", 'say "hi"', "it's", "both ' and \"",
               "line\nbreak", "tab\there", "cr\rhere", "’19. 5."]
    for text in samples:
        assert quoteattr(text) == sax_quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}), text
        assert escape(text) == sax_escape(text), text
