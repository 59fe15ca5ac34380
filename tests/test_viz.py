"""Unit tests of the network page: escaping, payload, filters' initial state, focus views."""
from __future__ import annotations

import json
import re

import pytest

from graph.model import schema
from graph.errors import NotFoundError, OntologyError, YdkgError
from viz.focus import neighbourhood, resolve_name
from viz.layout import force_layout
from viz.page import render_page, write_page
from viz.payload import ViewState, build_payload, script_json
from viz.sample import XSS_IMG, XSS_SCRIPT, sample_graph, synthetic_graph


def _json_blocks(html: str) -> dict[str, object]:
    blocks = re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', html, re.S)
    return {name: json.loads(text) for name, text in blocks}


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"q": f"{XSS_SCRIPT} {XSS_IMG} a&b \u2028\u2029 <!--"}
    text = script_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


def test_page_embeds_document_strings_only_as_escaped_json() -> None:
    html = render_page(sample_graph(xss=True), title="<b>제목</b> & 시험")
    assert XSS_IMG not in html and XSS_SCRIPT not in html and "<b>제목" not in html
    assert "&lt;b&gt;제목&lt;/b&gt; &amp; 시험" in html
    assert html.lower().count("</script") == 5  # the five script elements of the template
    data = _json_blocks(html)["ydkg-data"]
    xss = next(n for n in data["nodes"] if n["id"] == "company/xss")
    assert xss["label"].endswith(XSS_SCRIPT) and xss["aliases"] == [XSS_IMG]
    assert any(XSS_IMG in s["quote"] for s in data["stmts"])


def test_page_is_self_contained() -> None:
    html = render_page(sample_graph(), title="영등포구")
    assert "<link" not in html.lower()
    assert not re.search(r"<(script|img|iframe)[^>]*\bsrc=", html, re.I)
    assert "@font-face" not in html and "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "cdnjs" not in html and "jsdelivr" not in html and "bootstrap" not in html.lower()
    assert "vis-network 9.1.2" in html and "Apache" in html  # vendored with its licence header
    assert "default-src 'none'" in html


def test_legend_comes_from_the_ontology() -> None:
    payload = build_payload(sample_graph(), title="t", state=ViewState())
    classes = schema.classes()
    for row in payload["classes"]:
        term = classes[row["key"]]
        assert (row["ko"], row["en"], row["color"], row["shape"]) == (
            term.label_ko, term.label_en, term.color, term.shape)
    rels = {r["key"]: (r["ko"], r["en"]) for r in payload["relations"]}
    assert rels["sister_city"] == (schema.relations()["sister_city"].label_ko, "sister city")
    assert {r["key"] for r in payload["relations"]} <= set(schema.relations())


def test_parallel_statements_merge_into_one_display_edge() -> None:
    G = sample_graph()
    payload = build_payload(G, title="t", state=ViewState())
    edges = {(e["from"], e["to"]): e for e in payload["vis_edges"]}
    pair = edges[("district/yeongdeungpo-gu", "district/bayanzurkh")]
    rels = sorted(payload["stmts"][i]["relation"] for i in pair["stmts"])
    assert rels == ["agreement", "participated", "sister_city"]
    assert sum(len(e["stmts"]) for e in payload["vis_edges"]) == G.number_of_edges()
    assert len(payload["stmts"]) == G.number_of_edges()


def test_payload_years_statements_and_node_flags() -> None:
    payload = build_payload(sample_graph(), title="t", state=ViewState())
    assert payload["years"] == [2018, 2019, 2020, 2021]
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert nodes["country/mongolia"]["dated"] is False  # only an undated located_in
    assert nodes["district/ulleung-gun"]["dated"] is True
    assert nodes["hospital/saebom"]["in_gazetteer"] is False
    s = next(s for s in payload["stmts"] if s["relation"] == "funded_by")
    assert s["amount_krw"] == 50_000_000 and s["line"] == 122 and s["source"].endswith(".txt")
    sizes = {n["id"]: n["size"] for n in payload["vis_nodes"]}
    assert sizes["district/yeongdeungpo-gu"] > sizes["district/ulleung-gun"]  # size by degree


def test_initial_state_follows_the_arguments() -> None:
    html = render_page(sample_graph(), title="t", year=2020, types=["District", "Hospital"],
                       relations=["designated"])
    init = _json_blocks(html)["ydkg-data"]["initial"]
    assert init == {"mode": "year", "year": 2020, "cutoff": None, "types": ["District", "Hospital"],
                    "relations": ["designated"], "focus": None, "depth": 1}
    init = _json_blocks(render_page(sample_graph(), title="t", as_of="2020-06-01"))["ydkg-data"]["initial"]
    assert (init["mode"], init["year"], init["cutoff"]) == ("asof", 2020, "2020-06-01")


@pytest.mark.parametrize("kwargs, error", [
    ({"year": 2020, "as_of": "2020-01-01"}, YdkgError),
    ({"as_of": "2020/01/01"}, YdkgError),
    ({"types": ["Spaceship"]}, OntologyError),
    ({"relations": ["loves"]}, OntologyError),
    ({"focus": "부산광역시"}, NotFoundError),
])
def test_bad_arguments_are_user_errors(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        render_page(sample_graph(), title="t", **kwargs)


def test_resolve_name_by_label_alias_and_spacing() -> None:
    G = sample_graph()
    assert resolve_name(G, "울릉군") == "district/ulleung-gun"
    assert resolve_name(G, "울 릉 군") == "district/ulleung-gun"
    assert resolve_name(G, "강남성심병원") == "hospital/hallym-kangnam"
    assert resolve_name(G, "한림대학교강남성심병원") == "hospital/hallym-kangnam"
    assert resolve_name(G, "Mongolia") == "country/mongolia"
    assert resolve_name(G, "district/ulleung-gun") == "district/ulleung-gun"
    with pytest.raises(NotFoundError) as err:
        resolve_name(G, "울릉도")
    assert "울릉군" in str(err.value)
    with pytest.raises(NotFoundError) as err:
        resolve_name(G, "병원")  # several partial matches
    assert len(err.value.candidates) >= 2


def test_focus_neighbourhood_follows_edges_both_ways() -> None:
    G = sample_graph()
    assert set(neighbourhood(G, "district/ulleung-gun", 1)) == {"district/ulleung-gun", "district/yeongdeungpo-gu"}
    two = neighbourhood(G, "district/ulleung-gun", 2)
    assert "district/bayanzurkh" in two and "country/mongolia" not in two
    sub = neighbourhood(G, "country/mongolia", 1)  # only an in-edge
    assert set(sub) == {"country/mongolia", "district/bayanzurkh"}
    assert sub.number_of_edges() == 1
    assert set(neighbourhood(G, "country/mongolia", 0)) == {"country/mongolia"}


def test_focus_page_holds_only_the_neighbourhood() -> None:
    data = _json_blocks(render_page(sample_graph(), title="t", focus="울릉", radius=1))["ydkg-data"]
    assert {n["id"] for n in data["nodes"]} == {"district/ulleung-gun", "district/yeongdeungpo-gu"}
    assert data["initial"]["focus"] == "district/ulleung-gun"


def test_big_graphs_get_a_precomputed_layout_and_no_physics() -> None:
    G = synthetic_graph(700)
    html = render_page(G, title="t")
    vis = _json_blocks(html)["ydkg-vis"]
    assert vis["options"]["physics"]["enabled"] is False
    assert vis["options"]["edges"]["smooth"] is False
    assert all("x" in n and "y" in n for n in vis["nodes"])
    small = _json_blocks(render_page(sample_graph(), title="t"))["ydkg-vis"]["options"]
    assert small["physics"]["enabled"] and small["physics"]["stabilization"]["iterations"] <= 500


def test_a_graph_over_the_page_budget_is_drawn_as_its_most_connected_core() -> None:
    """Past the node or statement budget the page holds the most connected entities (a focus kept)
    with every statement among them, and says what it leaves out; a small graph is drawn whole."""
    from viz.overview import core

    G = synthetic_graph(400)
    sub, seen = core(G, max_nodes=60, max_statements=90)
    by_degree = sorted(G.nodes, key=lambda n: (-G.degree(n), n))
    assert sub.number_of_nodes() <= 60 and sub.number_of_edges() <= 90 and by_degree[0] in sub
    assert sub.number_of_edges() == sum(1 for u, v in G.edges() if u in sub and v in sub)
    assert (seen.total_nodes, seen.total_statements) == (400, G.number_of_edges())
    assert core(G, 60, 90)[0].nodes == sub.nodes  # deterministic
    html = render_page(G, title="t", max_nodes=60, max_statements=90)
    data = _json_blocks(html)["ydkg-data"]
    assert {n["id"] for n in data["nodes"]} == set(sub) and len(data["stmts"]) == sub.number_of_edges()
    assert data["overview"] == seen.as_dict()
    note = re.search(r'<p id="overview-note" role="note">(.*?)</p>', html, re.S).group(1)
    assert f"주체 {seen.shown_nodes}개" in note and f"(전체 400개 · {G.number_of_edges()}건)" in note
    assert "ydkg viz --focus" in note
    quiet = by_degree[-1]
    focused = _json_blocks(render_page(G, title="t", focus=quiet, radius=3, max_nodes=5, max_statements=90))
    assert quiet in {n["id"] for n in focused["ydkg-data"]["nodes"]}  # the focus stays in its overview
    whole = render_page(G, title="t", max_nodes=None, max_statements=None)
    assert '<p id="overview-note"' not in whole and len(_json_blocks(whole)["ydkg-data"]["nodes"]) == 400
    assert '<p id="overview-note"' not in render_page(sample_graph(), title="t")


def test_force_layout_is_deterministic_and_spread() -> None:
    G = synthetic_graph(300)
    a, b = force_layout(G, seed=3), force_layout(G, seed=3)
    assert a == b and set(a) == set(G)
    assert len(set(a.values())) == len(a)


def test_write_page_is_atomic_and_returns_the_path(tmp_path) -> None:
    out = write_page(sample_graph(), tmp_path / "sub" / "graph.html", title="영등포구")
    assert out == tmp_path / "sub" / "graph.html" and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]


# ------------------------------------------------------------------ CLI (graph/cli/viz.py)
def _cli(monkeypatch: pytest.MonkeyPatch, graph):
    import typer
    from typer.testing import CliRunner

    try:
        from graph.cli import viz as viz_cli
    except ModuleNotFoundError as exc:  # graph/cli/__init__ imports every listed command module
        pytest.skip(f"the CLI is not importable yet: {exc}")
    monkeypatch.setattr(viz_cli, "load_graph", lambda sources: graph)
    app = typer.Typer()
    viz_cli.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer's sub-command form
        pass

    return lambda *args: CliRunner().invoke(app, ["viz", *args])


def test_cli_writes_a_focus_page(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    run = _cli(monkeypatch, sample_graph())
    out = tmp_path / "ulleung.html"
    result = run("--focus", "울릉", "--radius", "1", "--as-of", "2021-05-01", "--types", "District, Hospital",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    data = _json_blocks(out.read_text(encoding="utf-8"))["ydkg-data"]
    assert data["title"] == "울릉군 주변 네트워크 (반경 1)"
    assert {n["id"] for n in data["nodes"]} == {"district/ulleung-gun", "district/yeongdeungpo-gu"}
    assert data["initial"]["types"] == ["District", "Hospital"] and data["initial"]["cutoff"] == "2021-05-01"


def test_cli_unknown_focus_names_the_closest(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    run = _cli(monkeypatch, sample_graph())
    result = run("--focus", "울릉도", "-o", str(tmp_path / "x.html"))
    assert isinstance(result.exception, NotFoundError) and "울릉군" in str(result.exception)
    assert not (tmp_path / "x.html").exists()
    result = run("--relations", "loves", "-o", str(tmp_path / "x.html"))
    assert isinstance(result.exception, OntologyError)


# ------------------------------------------------------------------ the real corpus
@pytest.fixture(scope="module")
def corpus_graph():
    try:
        from graph.export.network import to_networkx
        from graph.pipeline.build import build_kb
    except ModuleNotFoundError as exc:
        pytest.skip(f"pipeline not available: {exc}")
    from graph.resources import SOURCES_DIR

    return to_networkx(build_kb([SOURCES_DIR]))


def test_corpus_page_payload(corpus_graph) -> None:
    data = _json_blocks(render_page(corpus_graph, title="ydkg: 구청 협력 네트워크"))["ydkg-data"]
    assert len(data["nodes"]) == corpus_graph.number_of_nodes()
    assert len(data["stmts"]) == corpus_graph.number_of_edges()
    assert {2018, 2019, 2020, 2021} <= set(data["years"])
    assert {c["key"] for c in data["classes"]} <= set(schema.classes())
    assert all(s.get("source") and s.get("line") for s in data["stmts"])  # every statement is cited
    assert resolve_name(corpus_graph, "울릉군") == "district/ulleung-gun"


def test_corpus_focus_page(corpus_graph) -> None:
    data = _json_blocks(render_page(corpus_graph, title="t", focus="울릉군", radius=1))["ydkg-data"]
    ids = {n["id"] for n in data["nodes"]}
    assert "district/ulleung-gun" in ids and "district/yeongdeungpo-gu" in ids
    assert len(ids) < corpus_graph.number_of_nodes()


def test_the_first_view_folds_activities_and_keeps_the_most_connected() -> None:
    """Activities are folded (their class off at first); past the budget, the least connected
    of the rest are left out of the first view, persons and places before actors."""
    from viz.mapview import first_view

    G = sample_graph()
    G.add_node("activity/x", label="금융 아카데미 운영(연 4회)", type="Activity")
    G.add_edge("program/yeouido-finance", "activity/x", key="s-act", relation="activity", date="2020-03",
               source="r.txt", line=5, quote="- 금융 아카데미 운영(연 4회): 3월")
    data = _json_blocks(render_page(G, title="t"))["ydkg-data"]
    assert "Activity" not in data["initial"]["types"] and data["folded"] == ["Activity"]
    assert not any(n.get("minor") for n in data["nodes"])  # 16 nodes: all drawn
    payload = build_payload(G, title="t", state=ViewState())
    view = first_view(payload["nodes"], payload["stmts"], limit=10, hubs=3)
    assert len(view.minor) == 6 and "activity/x" not in view.minor
    assert "person/hong" in view.minor and "district/yeongdeungpo-gu" not in view.minor
    assert view.hubs == {"district/yeongdeungpo-gu", "program/yeouido-finance", "zone/medical"}
    explicit = _json_blocks(render_page(G, title="t", types=["Activity", "Program"]))["ydkg-data"]
    assert explicit["initial"]["types"] == ["Activity", "Program"]


def test_the_page_is_byte_identical_for_the_same_graph() -> None:
    assert render_page(sample_graph(), title="t") == render_page(sample_graph(), title="t")
    G = synthetic_graph(700)
    assert render_page(G, title="t", focus=next(iter(G)), radius=2) == render_page(
        G, title="t", focus=next(iter(G)), radius=2)
