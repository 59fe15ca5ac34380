"""The layout stage and the relation forms it feeds, each on a small hand-made report.

The reports are invented (other districts, names and figures than the development set's); each
pins one form the genre takes after conversion (box-drawn and pipe tables, page furniture,
markdown lists, full-width forms) or one way the genre writes a relation.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.export.facts import facts_frame
from graph.pipeline.build import build_kb
from graph.read.layout import lay_out
from graph.read.sources import read_source


def _facts(tmp_path: Path, text: str, name: str = "r.txt", year: int = 2021) -> pd.DataFrame:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return facts_frame(build_kb([p], year))


def _triples(df: pd.DataFrame, relation: str) -> set[tuple]:
    sub = df[df["relation"] == relation]
    return set(zip(sub["subject"], sub["object"], sub["date"], sub["amount_krw"].fillna(0).astype(int), sub["basis"].fillna("")))


def test_layout_joins_wrapped_box_cells_and_drops_borders(tmp_path: Path) -> None:
    text = """┌──────┬──────────────────────────┬────────────┐
│구 분 │도 시 명                  │체 결 일    │
├──────┼──────────────────────────┼────────────┤
│자 매 │몽골 울란바토르시 바양주르│2015.3.2.   │
│      │흐구                      │            │
│우 호 │중국 산둥성 웨이하이시    │2018.9.7.   │
└──────┴──────────────────────────┴────────────┘
"""
    p = tmp_path / "box.txt"
    p.write_text(text, encoding="utf-8")
    laid = lay_out(read_source(p))
    assert laid.lines[3] == "자 매\t몽골 울란바토르시 바양주르흐구\t2015.3.2."  # a full cell continues its word
    assert laid.lines[4] == "" and laid.continuation[5] == 4
    assert laid.lines[5] == "우 호\t중국 산둥성 웨이하이시\t2018.9.7."
    assert {laid.structure[n] for n in (1, 3, 7)} == {"table border"}


def test_layout_drops_page_numbers_and_running_headers(tmp_path: Path) -> None:
    text = "2021년 주요업무 보고   복지정책과\n○ 가\n- 1 -\n2021년 주요업무 보고   복지정책과\n○ 나\n- 2 -\n"
    p = tmp_path / "pages.txt"
    p.write_text(text, encoding="utf-8")
    laid = lay_out(read_source(p))
    assert laid.structure == {1: "running header", 3: "page number", 4: "running header", 6: "page number"}
    assert [t for t in laid.lines if t] == ["○ 가", "○ 나"]


def test_layout_pipe_tables_markdown_lists_and_full_width(tmp_path: Path) -> None:
    text = "| 구분 | 예산액 |\n|---|---:|\n| 국비 | 400 |\n* 가\n  * 나\n* 다\n（주）한빛 ２０２１：\n"
    p = tmp_path / "md.txt"
    p.write_text(text, encoding="utf-8")
    laid = lay_out(read_source(p))
    assert laid.lines[:3] == ["구분\t예산액", "", "국비\t400"] and laid.structure[2] == "table border"
    assert laid.lines[3:6] == ["- 가", "  - 나", "- 다"]
    assert laid.lines[6] == "(주)한빛 2021:"
    assert read_source(p).lines[6] == "（주）한빛 ２０２１："  # quotes stay as written


def test_budget_labelled_executed_is_never_a_budget_and_city_of_the_report(tmp_path: Path) -> None:
    """``집행액 …`` is what was spent, whatever its place; 시비 and 교육청 are the report's own city's."""
    df = _facts(tmp_path, """제101회 수성구의회 정례회
교육협력과

Ⅱ. 2021년 주요업무 추진실적

1 미래교육지구 운영 교육협력팀

□ 주요 추진실적
○ 미래교육지구 운영 협의회 개최(대구광역시교육청 참여): 2021. 3. 5.

□ 예산현황 (단위: 천원)
예산액 900,000(시비 300,000, 교육청 200,000, 구비 400,000)
집행액 450,000(시비 150,000, 교육청 100,000, 구비 200,000)
""")
    funded = _triples(df, "funded_by")
    assert ("미래교육지구 운영", "대구광역시", "2021", 300_000_000, "budget") in funded
    assert ("미래교육지구 운영", "대구광역시교육청", "2021", 200_000_000, "budget") in funded
    assert ("미래교육지구 운영", "대구광역시", "2021", 150_000_000, "executed") in funded
    budget = _triples(df, "budget")
    assert {(b[3], b[4]) for b in budget} == {(900_000_000, "budget"), (450_000_000, "executed")}


def test_tie_table_and_tie_day_in_brackets(tmp_path: Path) -> None:
    df = _facts(tmp_path, """연수구청
국제협력담당관

Ⅱ. 2021년 주요업무 추진실적

1 국제교류 활성화 국제교류팀

□ 자매·우호도시 현황
구분\t도시명\t체결일\t비고
자매\t일본 시즈오카현 후지시\t2001-05-30\t2021년 20주년
\t중국 광둥성 주하이시\t2014-06-12\t우호도시(2010)에서 격상
우호\t베트남 다낭시\t2019-03-21\t
□ 주요 추진실적
○ 청소년 교류캠프: 2021. 8. 12.
  - 후지시(자매결연 2001. 5. 30.) 중학생 20명 참여
""")
    ties = {(s, r, o, d) for s, r, o, d in zip(df["subject"], df["relation"], df["object"], df["date"])
            if r in ("sister_city", "friendship_city")}
    assert {("연수구", "sister_city", "시즈오카현 후지시", "2001-05-30"),
            ("연수구", "sister_city", "광둥성 주하이시", "2014-06-12"),  # the 구분 cell above, not the 비고
            ("연수구", "friendship_city", "다낭시", "2019-03-21"),
            ("연수구", "sister_city", "후지시", "2001-05-30")} <= ties


def test_operators_designations_by_their_authority_and_gifts(tmp_path: Path) -> None:
    df = _facts(tmp_path, """서구청
복지정책과

Ⅱ. 2021년 주요업무 추진실적

1 복지시설 운영 복지정책팀

□ 노인복지관 운영
○ 운영기관: (사)서구노인복지회 (위탁기간: 2020-01-01 ~ 2022-12-31)
○ 양동노인센터 - 수탁기관 (재)빛고을복지재단
○ 치평노인센터 수탁기관 재선정: (재)무등복지재단, 2021. 10. 22.

□ 주요 추진실적
○ 풍암호수공원, 환경부 '생태 관광지' 지정: 2021-06-28
○ 2021 돌봄특구 지정: 2021. 2. 26.(금)(보건복지부·광주광역시 공동 지정)
○ 서구상인연합회, 경로잔치 운영비 3백만원 후원: 2021-05-10
""")
    runs = set(zip(df[df.relation == "runs"]["subject"], df[df.relation == "runs"]["object"]))
    assert {("(사)서구노인복지회", "노인복지관"), ("(재)빛고을복지재단", "양동노인센터")} <= runs
    designated = set(zip(df[df.relation == "designated"]["subject"], df[df.relation == "designated"]["object"],
                         df[df.relation == "designated"]["date"]))
    assert {("풍암호수공원", "환경부", "2021-06-28"), ("(재)무등복지재단", "서구", "2021-10-22"),
            ("2021 돌봄특구", "보건복지부", "2021-02-26"), ("2021 돌봄특구", "광주광역시", "2021-02-26")} <= designated
    gifts = _triples(df, "supported")
    assert ("서구상인연합회", "서구", "2021-05-10", 3_000_000, "") in gifts


def test_layout_flat_and_space_aligned_tables(tmp_path: Path) -> None:
    """A table written one cell per line, whose heading words also label rows (계, 예산액), and a table
    aligned with spaces whose headings have their letters spaced out."""
    text = "예산현황\n구분\n계\n시비\n구비\n예산액\n285,000\n45,000\n240,000\n집행액\n176,300\n30,000\n146,300\n\n" \
           "   구  분          계          시  비        구  비\n   예산액        185,000       35,000       150,000\n"
    p = tmp_path / "flat.txt"
    p.write_text(text, encoding="utf-8")
    laid = lay_out(read_source(p))
    rows = [t for t in laid.lines if "\t" in t]
    assert rows == ["구분\t계\t시비\t구비", "예산액\t285,000\t45,000\t240,000", "집행액\t176,300\t30,000\t146,300",
                    "구  분\t계\t시  비\t구  비", "예산액\t185,000\t35,000\t150,000"]
    assert laid.continuation[3] == 2 and laid.continuation[7] == 6


def test_tables_of_sources_agreements_gifts_and_event_parties(tmp_path: Path) -> None:
    df = _facts(tmp_path, """관악구청
일자리경제과

Ⅱ. 2021년 주요업무 추진실적

1. 청년 일자리 지원 (일자리정책팀)

□ 주요 추진실적
○ 업무협약 체결 현황
협약일\t협약기관\t주요내용
2021. 3. 15.\t(주)봉천소프트\t청년 인턴 20명
○ 기부 접수 현황
기부자\t품목\t일자
낙성대에너지\t장학기금 1억원\t2021-06-20
○ 제3회 관악 청년 일자리 한마당
  - 일시: 2021. 10. 15.(금)
  - 주최: 관악구 / 주관: 관악구일자리센터
  - 후원: 서울지방고용노동청
□ 예산현황 (단위: 천원)
구분\t계\t국비\t시비\t구비
예산액\t900,000\t300,000\t200,000\t400,000
집행액\t600,000\t200,000\t100,000\t300,000

※ 2022년 소요예산 총괄 (단위: 백만원)
사업명\t계\t국비\t시비\t구비
계\t950\t300\t250\t400
청년 일자리 지원\t950\t300\t250\t400
""")
    funded = _triples(df, "funded_by")
    assert ("청년 일자리 지원", "중앙정부", "2021", 300_000_000, "budget") in funded
    assert ("청년 일자리 지원", "서울특별시", "2021", 100_000_000, "executed") in funded
    assert ("청년 일자리 지원", "관악구", "2022", 400_000_000, "budget") in funded
    assert _triples(df, "agreement") >= {("관악구", "(주)봉천소프트", "2021-03-15", 0, "")}
    assert ("낙성대에너지", "관악구", "2021-06-20", 100_000_000, "") in _triples(df, "supported")
    event = "제3회 관악 청년 일자리 한마당"
    hosted = set(zip(df[df.relation == "hosted"]["subject"], df[df.relation == "hosted"]["object"],
                     df[df.relation == "hosted"]["role"].fillna("")))
    assert {("관악구일자리센터", event, "주관")} <= hosted
    assert ("관악구", event) in {(s, o) for s, o, _ in hosted}
    assert ("서울지방고용노동청", event) in set(zip(df[df.relation == "supported"]["subject"], df[df.relation == "supported"]["object"]))


def test_contents_lines_are_told_by_their_leaders_not_by_a_closing_number() -> None:
    """Each leader form before a page number makes a contents line; a line that merely ends in a
    number (an amount, a date, a count) does not, nor does a leader without a number after it."""
    from graph.parse.lines import has_toc_leader

    for line in ("1. 청년 일자리 사업 ········ 12", "2. 관광 활성화 ........ 3", "Ⅱ. 주요업무 ……… 5",
                 "3. 도서관 운영 • • • 27", "4. 구정 홍보\t...\t8", "5. 주민 참여 ---------- 41",
                 "6. 교통 ······· 1 2  ", "7. 안전 ·······　9"):
        assert has_toc_leader(line), line
    for line in ("○ 사업비: 1,200,000천원", "○ 개최일: 2021. 3. 15", "- 참여 인원 120", "···· 끝",
                 "○ 협약 체결 (2021. 5.)", "12", "○ 대상: 3개소 → 10개소"):
        assert not has_toc_leader(line), line


def test_a_contents_page_is_structure_and_its_programs_are_not_read_twice(tmp_path: Path) -> None:
    text = """2021년 주요업무 보고
목 차
1. 청년 일자리 박람회 ·········· 2
2. 구민 건강 축제 .......... 3
Ⅲ. 2021년 주요업무 추진계획
1. 청년 일자리 박람회 (일자리정책팀)
□ 추진계획
○ 청년 일자리 박람회 개최: 2021. 9. 15.
"""
    p = tmp_path / "toc.txt"
    p.write_text(text, encoding="utf-8")
    kb = build_kb([p], 2021)
    toc = {c.line: c.status for c in kb.coverage if c.line in (2, 3, 4)}
    assert toc == {2: "structure", 3: "structure", 4: "structure"}
    assert all(st.citation.line >= 5 for st in kb.statements)
