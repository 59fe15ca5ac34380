"""Briefings, paths, neighbourhoods, statistics and the budget check on the real corpus."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graph.query import analysis
from graph.query.brief import briefing, fmt_date, resolve, to_html, to_json, to_markdown
from graph.cli import main
from graph.errors import NotFoundError
from graph.model.statements import KnowledgeBase
from graph.export.network import to_networkx, write_exports
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR

CITE = re.compile(r"\[[^\]]*\.(txt|toml):?\d*[^\]]*\]")
HOSPITALS = ["김안과병원", "CM병원", "대림성모병원", "명지성모병원", "명지춘혜병원", "성애병원", "여의도성모병원",
             "영등포병원", "한림대학교 강남성심병원", "한림대학교 한강성심병원", "계피부과의원"]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build_kb([SOURCES_DIR])


@pytest.fixture(scope="module")
def G(kb: KnowledgeBase) -> nx.MultiDiGraph:
    return to_networkx(kb)


def _timeline_line(md: str, *needles: str) -> str:
    """The one bullet containing every needle (fails if none)."""
    hits = [ln for ln in md.splitlines() if ln.startswith("- ") and all(n in ln for n in needles)]
    assert hits, f"no line with {needles}"
    return hits[0]


def _assert_every_fact_cited(md: str) -> None:
    for ln in md.splitlines():
        if ln.startswith("- "):
            assert CITE.search(ln), f"uncited line: {ln}"


@pytest.mark.parametrize("name", ["몽골 보건부", "몽골", "몽골보건부", "몽골  보건부!"])
def test_mongolia_briefing_shows_mou_fair_and_visit_cited(kb, G, name: str) -> None:
    md = to_markdown(briefing(kb, name, G=G))
    mou = _timeline_line(md, "2019-05-24", "협약", "MOU")
    fair = _timeline_line(md, "2019-05-23~26", "울란바토르")
    visit = _timeline_line(md, "2020-01-23", "몽골인 환자")
    for ln in (mou, fair, visit):
        assert re.search(r"\[004_3169d57caf6f2857\.txt:\d+", ln)
    assert "[004_3169d57caf6f2857.txt:147]" in mou
    _assert_every_fact_cited(md)


def test_mongolia_topic_gathers_its_entities(G) -> None:
    m = resolve(G, "몽골")
    assert m.node is None
    assert {"agency/mongolia-moh", "event/영등포구/몽골울란바토르한국의료관광설명회및박람회",
            "event/영등포구/설맞이몽골인환자쾌유방문의료진과의소통간담회"} <= set(m.members)


def test_zone_briefing_designation_hospitals_money_events(kb, G) -> None:
    b = briefing(kb, "스마트메디컬특구", G=G)
    assert b["entity"]["id"] == "zone/ydp-smart-medical"
    md = to_markdown(b)
    des = _timeline_line(md, "2017-12-14", "지정", "중소벤처기업부")
    assert "000_0901a345c4cc1d7c.txt:200" in des
    for h in HOSPITALS:
        _timeline_line(md, "지정", h, "특화사업자")
    assert {r["label"] for r in b["related"] if r["type"] == "Hospital"} == set(HOSPITALS)
    # funding by fiscal year, source and document kind, each cited
    totals = {(t["fiscal_year"], t["basis"], t["source_label"], t["kind"]): t["amount_krw"]
              for t in b["money"]["totals"]}
    assert totals[(2021, "executed", "중앙정부", "work_report")] == 50_000_000
    assert totals[(2018, "budget", "영등포구", "work_report")] == 30_000_000
    # the pledge card restates the zone's budget: its total stands apart, never added to the reports'
    assert totals[(2020, "budget", "총액", "work_report")] == 567_502_000
    assert totals[(2020, "budget", "총액", "pledge_card")] == 560_000_000
    assert "2020 총액 예산 560,000,000원 (공약 이행 카드, 사업 1) [004_3169d57caf6f2857.txt:94]" in md
    assert {t["fiscal_year"] for t in b["money"]["totals"]} >= {2018, 2019, 2020, 2021, 2022}
    assert "2021 중앙정부 집행 50,000,000원" in md
    # events of the zone's programs
    _timeline_line(md, "2020-11-18", "영등포 국제 의료관광 포럼")
    _timeline_line(md, "2020-09-25", "스마트메디컬특구 실무추진단 회의")
    assert b["timeline"]["planned"] and b["timeline"]["done"]
    _assert_every_fact_cited(md)


def test_no_uncited_fact_in_any_section(kb, G) -> None:
    for name in ("영등포구", "중소벤처기업부", "김안과병원", "중국"):
        b = briefing(kb, name, G=G)
        md = to_markdown(b)
        _assert_every_fact_cited(md)
        for part in b["timeline"].values():
            assert all(r["citations"] for r in part)
        assert all(r["citations"] for r in b["money"]["rows"] + b["money"]["totals"])


def test_as_of_since_and_english(kb, G) -> None:
    early = briefing(kb, "몽골", as_of="2019-05-24", G=G)
    dates = [r["date"] for r in early["timeline"]["done"]]
    assert "2019-05-24" in dates and "2020-01-23" not in dates
    late = briefing(kb, "몽골", since=2020, G=G)
    assert [r["date"] for r in late["timeline"]["done"]] == ["2020-01-23", "2020-01-23"]
    en = to_markdown(briefing(kb, "몽골 보건부", lang="en", G=G))
    assert "## Timeline" in en and "agreement" in en and "Ministry of Health of Mongolia" in en


def test_json_and_html_renderings(kb, G) -> None:
    b = briefing(kb, "몽골 보건부", G=G)
    assert json.loads(to_json(b))["entity"]["label"] == "몽골 보건부"
    b["entity"]["aliases"] = ["<script>alert(1)</script>"]
    page = to_html(b)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_fmt_date() -> None:
    assert fmt_date("2019-05-23", "2019-05-26") == "2019-05-23~26"
    assert fmt_date("2021-02", "2021-12") == "2021-02~12"
    assert fmt_date("2019-12", "2020-01-17") == "2019-12~2020-01-17"
    assert fmt_date("2020", None) == "2020"


def test_path_passes_through_the_zone(G) -> None:
    hops = analysis.shortest_path(G, "김안과병원", "중소벤처기업부")
    assert [h["from"] for h in hops][1:] == ["zone/ydp-smart-medical"]
    assert all(h["relation"] and h["source"] and h["line"] for h in hops)
    assert hops[1]["date"] == "2017-12-14"


def test_cli_path(capsys) -> None:
    assert main(["path", "김안과병원", "중소벤처기업부"]) == 0
    out = capsys.readouterr().out
    assert "영등포 스마트메디컬특구" in out and "2017-12-14" in out
    assert all("[" in ln for ln in out.splitlines()[1:])


def test_cli_brief_neighbors_stats(tmp_path: Path, capsys) -> None:
    assert main(["brief", "몽골", "--format", "json", "-o", str(tmp_path / "b.json")]) == 0
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["query"] == "몽골"
    assert main(["neighbors", "몽골 보건부", "--radius", "1"]) == 0
    out = capsys.readouterr().out
    assert "영등포구" in out and "[004_3169d57caf6f2857.txt:147]" in out
    assert main(["stats"]) == 0
    assert "영등포구" in capsys.readouterr().out


def test_unknown_name_exits_1_with_candidates(capsys) -> None:
    """An unknown name is an empty answer to a lookup: exit status 1, said on stderr."""
    assert main(["brief", "몽고보건부"]) == 1
    err = capsys.readouterr().err
    assert "몽골 보건부" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["path", "김안과병원", "없는기관이름"]) == 1
    err = capsys.readouterr().err
    assert "closest:" in err and "Traceback" not in err


def test_resolve_entity_miss_lists_five(G) -> None:
    with pytest.raises(NotFoundError) as exc:
        resolve(G, "전혀없는이름")
    assert 1 <= len(exc.value.candidates) <= 5


def test_neighbors_bfs_and_year(G) -> None:
    r1 = analysis.neighbors(G, "몽골 보건부", 1)
    assert set(r1) == {"agency/mongolia-moh", "district/yeongdeungpo-gu"}
    r2 = analysis.neighbors(G, "몽골 보건부", 2, year=2019)
    assert all(info["hops"] <= 2 for info in r2.values())
    assert len(r2) < len(analysis.neighbors(G, "몽골 보건부", 2))


def test_time_filters(G) -> None:
    y = analysis.subgraph_by_year(G, 2019)
    assert 0 < y.number_of_edges() < G.number_of_edges()
    assert all(d["date"][:4] <= "2019" <= (d["end"] or d["date"])[:4] or d["fiscal_year"] == 2019
               for _, _, d in y.edges(data=True))
    a = analysis.subgraph_as_of(G, "2019-05-24")
    assert any(d["relation"] == "agreement" and d["date"] == "2019-05-24" for _, _, d in a.edges(data=True))
    assert all(not d["date"] or d["date"][:10] <= "2019-05-24" for _, _, d in a.edges(data=True))


def test_stats_and_projections(kb, G) -> None:
    s = analysis.stats(kb)
    assert s["nodes"] == G.number_of_nodes() and s["edges"] == G.number_of_edges()
    assert sum(s["by_relation"].values()) == len(kb.statements)
    assert s["top_degree"][0]["id"] == "district/yeongdeungpo-gu"
    P = analysis.actor_projection(G)
    assert P.has_edge("district/yeongdeungpo-gu", "agency/national-government")
    B = analysis.actor_program(G)
    assert nx.is_bipartite(B)


def test_exports_read_back_with_same_counts(kb, G, tmp_path: Path) -> None:
    write_exports(kb, tmp_path)
    for H in (nx.read_graphml(tmp_path / "graph.graphml"), nx.read_gexf(tmp_path / "graph.gexf")):
        assert H.number_of_nodes() == G.number_of_nodes()
        assert H.number_of_edges() == G.number_of_edges()


def test_budget_pivot_matches_report_totals(kb) -> None:
    pv = analysis.budget_pivot(kb)
    row = pv.loc[("영등포 스마트메디컬특구 활성화", 2021)]
    assert row["budget"].sum() == 512_863_000 and row["executed"].sum() == 320_167_000
    check = analysis.budget_check(kb, include_ok=True)
    assert len(check) > 20 and check["ok"].all()
    assert analysis.budget_check(kb).empty


def test_budget_check_lists_a_difference(kb) -> None:
    st = kb.statements
    i = next(i for i, s in enumerate(st) if s.relation == "funded_by" and s.citation.line == 239
             and s.object == "district/seoul" and s.basis == "budget")
    bad = KnowledgeBase(reports=kb.reports, entities=kb.entities,
                        statements=st[:i] + [dataclasses.replace(st[i], amount_krw=61_000_000)] + st[i + 1:])
    diff = analysis.budget_check(bad)
    assert len(diff) == 1
    assert diff.iloc[0]["difference_krw"] == 1_000_000 and diff.iloc[0]["line"] == 237
