"""Stable identifiers (docs/MODEL.md, "Identifiers"): a name the gazetteer lacks is identified by
its class, its district (unless its class is a global name) and its canonical name, whatever
wording came first and whatever order the reports are read in; two nodes never share an id."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model.resolve import Gazetteer, Resolver, entity_id, global_types, load_gazetteer
from graph.model.statements import Citation, Entity, Mention, Statement
from graph.pipeline.build import build_kb, read_reports, resolve_results
from graph.pipeline.parallel import process_reports
from graph.resources import SOURCES_DIR

HEAD = """{district}청
청소년과

Ⅱ. 2021년 주요업무 추진실적

1 청소년 활동 지원 청소년팀

□ 주요 추진실적
"""


def _report(folder: Path, name: str, district: str, *lines: str) -> None:
    """A small work report of ``district`` whose results are ``lines``."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f"○ {line}: 2021. {i}. 5.\n" for i, line in enumerate(lines, start=3))
    (folder / name).write_text(HEAD.format(district=district) + body, encoding="utf-8")


def _ids(kb, label: str) -> set[str]:
    """The ids of the nodes that have ``label`` as a label or an alias."""
    return {e.id for e in kb.entities.values() if e.label == label or label in e.aliases}


def _claim(subject: Mention, obj: Mention, source: str, line: int) -> Statement:
    return Statement(subject, "hosted", obj, Citation(source, line, f"{obj.text} 개최"))


def _resolve(claims: list[tuple[str | None, Statement]], gaz: Gazetteer | None = None,
             apart: set[tuple[str, str]] | None = None) -> Resolver:
    """A resolver that has resolved ``claims`` (each with its reporting district) in that order."""
    r = Resolver(gaz or Gazetteer())
    r.apart = apart or set()
    for district, c in claims:
        r.district = district
        r.statement(c)
    return r


HOME = Mention("영등포구", "District")
WORDINGS = ("영등포 청년 센터", "청년센터", "청년 센타", "영등포구 청년센터")  # prefix, plain, spelling, prefix


def test_every_wording_of_one_node_gives_one_id_in_any_order() -> None:
    claims = [("영등포구", _claim(HOME, Mention(w, "Agency"), f"{i}.txt", 3)) for i, w in enumerate(WORDINGS)]
    forward, backward = _resolve(claims), _resolve(claims[::-1])
    for r in (forward, backward):
        (node,) = [e for e in r.found.values() if e.type == "Agency"]
        assert node.id == "agency/영등포구/청년센터" == entity_id("Agency", WORDINGS[0], "영등포구")
        assert node.label == "영등포 청년 센터"  # cited first: 0.txt, whichever order it was read in
        assert set(node.aliases) == set(WORDINGS[1:])
    assert forward.found == backward.found and forward.merges == backward.merges
    assert {m.rule for m in forward.merges} == {"district prefix"}  # the label has the prefix


def test_ids_carry_the_district_except_for_global_names() -> None:
    assert {"District", "Country"} <= global_types() and "Activity" not in global_types()
    assert entity_id("Event", "청년 축제", "송파구") == "event/송파구/청년축제"
    assert entity_id("Event", "청년 축제", "강동구") == "event/강동구/청년축제"
    assert entity_id("Event", "청년 축제", None) == "event/청년축제"  # a report of no known district
    assert entity_id("Division", "기획 예산과", "송파구") == "division/송파구/기획예산과"
    assert entity_id("District", "송파 함양군", "송파구") == "district/송파함양군"  # no prefix left out
    long = entity_id("Activity", "가" * 100, "송파구")
    assert long.startswith("activity/송파구/" + "가" * 48 + "-") and len(long) == len("activity/송파구/") + 57


def test_two_districts_two_nodes_and_a_global_name_shared(tmp_path: Path) -> None:
    lines = ("청소년 협의회와 업무협약 체결", "경남 함양군과 자매결연 협약 체결", "청년센타 개소식 개최")
    _report(tmp_path, "a.txt", "송파구", *lines)
    _report(tmp_path, "b.txt", "강동구", *lines)
    kb = build_kb([tmp_path], 2021, review=[])
    assert _ids(kb, "청소년 협의회") == {"agency/송파구/청소년협의회", "agency/강동구/청소년협의회"}
    assert _ids(kb, "청년센타 개소식 개최") == {"activity/송파구/청년센터개소식개최",
                                              "activity/강동구/청년센터개소식개최"}
    assert _ids(kb, "경남 함양군") == {"district/경남함양군"}  # one place, named by both districts
    assert _ids(kb, "청소년과") == {"division/송파구/청소년과", "division/강동구/청소년과"}


def test_file_order_and_wording_do_not_change_ids(tmp_path: Path) -> None:
    """The same two reports, the wordings swapped between them: the same ids."""
    first = ("영등포 청년 센터와 업무협약 체결", "청년 축제 개최")
    second = ("청년센타와 업무협약 체결", "영등포 청년축제 개최")
    _report(tmp_path / "one", "a.txt", "영등포구", *first)
    _report(tmp_path / "one", "b.txt", "영등포구", *second)
    _report(tmp_path / "two", "a.txt", "영등포구", *second)
    _report(tmp_path / "two", "b.txt", "영등포구", *first)
    one, two = (build_kb([tmp_path / d], 2021, review=[]) for d in ("one", "two"))
    assert set(one.entities) == set(two.entities)
    assert _ids(one, "청년센타") == _ids(two, "영등포 청년 센터") == _ids(one, "영등포 청년 센터")
    assert len(_ids(one, "청년센타")) == 1


def test_a_name_kept_apart_and_a_gazetteer_id_are_never_shared() -> None:
    words = ("여의도 금융 콘퍼런스", "여의도 금융컨퍼런스", "여의도 금융콘퍼런스")
    claims = [("영등포구", _claim(HOME, Mention(w, "Event"), "a.txt", i)) for i, w in enumerate(words)]
    merged = "event/영등포구/여의도금융콘퍼런스"
    for apart_name, own in (("여의도 금융컨퍼런스", "event/영등포구/여의도금융컨퍼런스"),
                            ("여의도 금융콘퍼런스", merged + "-2")):  # its wording is the merged node's id
        for order in (claims, claims[::-1]):
            r = _resolve(order, apart={(merged, apart_name)})
            assert r.splits == {(merged, apart_name): own}
            assert r.found[own].label == apart_name and apart_name not in r.found[merged].aliases
            assert r.found[merged].label != apart_name
    gaz = Gazetteer({merged: Entity(merged, "다른 행사", "Event")}, {"다른행사": merged})
    r = _resolve(claims, gaz)
    assert r.found[merged + "-2"].label == "여의도 금융 콘퍼런스" and merged not in r.found


@pytest.fixture(scope="module")
def corpus_pairs():
    pairs = read_reports([SOURCES_DIR])
    return pairs, process_reports(pairs, "영등포구")


def test_the_corpus_read_in_reverse_gives_the_same_ids_and_labels(corpus_pairs) -> None:
    pairs, results = corpus_pairs
    metas = [meta for _, meta in pairs]
    gaz = load_gazetteer()
    forward = resolve_results(metas, results, gaz)
    backward = resolve_results(metas[::-1], results[::-1], gaz)
    assert list(forward.entities) == list(backward.entities)
    assert forward.entities == backward.entities  # labels, aliases and attributes too
    assert forward.merges == backward.merges
    assert {s.id for s in forward.statements} == {s.id for s in backward.statements}
    unlisted = [e for e in forward.entities.values() if not e.in_gazetteer]
    assert all(e.id.count("/") == (1 if e.type in global_types() else 2) for e in unlisted)
