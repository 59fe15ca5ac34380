"""One real-world entity, one node: names the gazetteer lacks that differ by spacing, a variant
spelling or the reporting district's name before them are merged (data/rules/names.toml), within one
district's reports, and every merge is listed for review."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.export.facts import facts_frame, write_merges
from graph.model.resolve import merge_key, merge_rule
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR


@pytest.fixture(scope="module")
def kb():
    return build_kb([SOURCES_DIR])


def _node_of(kb, label: str) -> str:
    (eid,) = {e.id for e in kb.entities.values() if e.label == label or label in e.aliases}
    return eid


def test_the_corpus_variants_are_one_node_each(kb, tmp_path: Path) -> None:
    council = {_node_of(kb, n) for n in ("영등포 의료관광 협의회", "의료관광 협의회", "영등포구 의료관광협의회")}
    assert len(council) == 1
    assert _node_of(kb, "여의도 금융콘퍼런스") == _node_of(kb, "여의도 금융컨퍼런스")
    assert _node_of(kb, "의료관광 기반 조성") == _node_of(kb, "의료관광 기반조성")
    rows = list(csv.DictReader(write_merges(kb, tmp_path / "merges.csv").open(encoding="utf-8")))
    rules = {(r["label"], r["merged_name"]): r["rule"] for r in rows}
    assert rules[("여의도 금융콘퍼런스", "여의도 금융컨퍼런스")] == "spelling"
    assert rules[("영등포 의료관광 협의회", "영등포구 의료관광협의회")] == "district prefix"
    for r in rows:  # each merged name stands on the line cited for it (a team's line: on its heading's)
        lines = (SOURCES_DIR / r["source"]).read_text(encoding="utf-8").splitlines()
        near = "".join("".join(lines[max(0, int(r["line"]) - 3):int(r["line"])]).split())
        assert "".join(r["merged_name"].split()) in near


def test_merge_keys_and_rules() -> None:
    assert merge_key("의료관광 기반 조성")[0] == merge_key("의료관광 기반조성")[0]
    assert merge_key("송파 의료관광 협의회", "송파구")[0] == merge_key("의료관광협의회", "송파구")[0]
    assert merge_key("송파구청", "송파구")[0] == "송파구청"  # too little left to strip the prefix
    assert merge_rule("국제 워크샵", "국제워크숍", None) == "spelling"
    assert merge_rule("송파 의료관광 협의회", "의료관광 협의회", "송파구") == "district prefix"


def test_variants_merge_within_a_district_not_across(tmp_path: Path) -> None:
    for name, district, council in (("a.txt", "송파구", "송파 청소년 협의회"), ("b.txt", "강동구", "청소년 협의회")):
        (tmp_path / name).write_text(f"""{district}청
청소년과

Ⅱ. 2021년 주요업무 추진실적

1 청소년 활동 지원 청소년팀

□ 주요 추진실적
○ {council} 정기회의 개최: 2021. 3. 5.
○ {council}와 업무협약 체결: 2021. 4. 5.
○ 청소년 협의회와 간담회: 2021. 5. 5.
""", encoding="utf-8")
    df = facts_frame(build_kb([tmp_path], 2021))
    agreements = df[df.relation == "agreement"]
    ids = dict(zip(agreements["source"], agreements["object_id"]))
    assert ids["a.txt"] != ids["b.txt"]  # 송파's council is not 강동's
