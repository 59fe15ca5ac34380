"""Tests for graph.parse.money: units, numbers, amounts, shares, budget blocks, free text, table rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.parse import money
from graph.errors import GazetteerError
from graph.parse.money import (
    Figure,
    Share,
    amounts_in,
    check_shares,
    funder_label,
    load_rules,
    parse_amount,
    parse_budget_block,
    parse_number,
    parse_table_row,
    source_key,
    unit_of,
)
from graph.resources import SOURCES_DIR

REPORT_2021 = SOURCES_DIR / "000_0901a345c4cc1d7c.txt"
REPORT_003 = SOURCES_DIR / "003_b045289d5af29e36.txt"
K = 1000


def block_of(path: Path, first: int, last: int) -> list[tuple[int, str]]:
    """Lines first..last (1-based, inclusive) of a source as (line_no, text)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, lines[n - 1]) for n in range(first, last + 1)]


def shares_of(fig: Figure) -> list[tuple[str, int | None, int]]:
    return [(s.source, s.amount_krw, s.line) for s in fig.shares]


# ----------------------------------------------------------------- units and numbers


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("(단위: 천원)", 1000),
        ("(단위: 백만원)", 1_000_000),
        ("(단위: 천원, %)", 1000),
        ("□ 예산현황 (단위: 천원)", 1000),
        ("(단위:원)", 1),
        ("(단위: 억원)", 100_000_000),
        ("예산액 집행액", None),
    ],
)
def test_unit_of(text: str, unit: int | None) -> None:
    assert unit_of(text) == unit


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,803,897", 1_803_897),
        ("43.000", 43_000),  # OCR: dot as thousands separator
        ("1.803.897", 1_803_897),
        ("100", 100),
        ("△1,000", -1000),
        ("13.3", None),  # a rate, not an integer
        ("-", None),
        ("EO E", None),
        ("1,80", None),
        ("", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


# ----------------------------------------------------------------- one amount

AMOUNTS = [
    ("512,863 (국 135,000, 시 60,000, 구비 317,863)", 512_863_000,
     [("national", 135_000_000), ("city", 60_000_000), ("district", 317_863_000)]),
    ("115,900 (시 20,000 구비 95,900)", 115_900_000,
     [("city", 20_000_000), ("district", 95_900_000)]),
    ("188,000 (시비 174,000, 구비 14,000)", 188_000_000,
     [("city", 174_000_000), ("district", 14_000_000)]),
    ("55,115(구비100%)", 55_115_000, [("district", 55_115_000)]),
    ("250,000천원(전액 시비)", 250_000_000, [("city", 250_000_000)]),
    ("160,000천원(시비 이월 70,000, 구비 90,000)", 160_000_000,
     [("city", 70_000_000), ("district", 90_000_000)]),
    ("총 92,320천원(구비 92,320)", 92_320_000, [("district", 92_320_000)]),
    ("26,000(구비)", 26_000_000, [("district", 26_000_000)]),
    ("656,600(子비)", 656_600_000, [("district", 656_600_000)]),
    ("총43.000천원(구비)", 43_000_000, [("district", 43_000_000)]),
    ("총85,224천원(구비)", 85_224_000, [("district", 85_224_000)]),
    ("총 83,000천원(시 70,000, 구비 13,000)", 83_000_000,
     [("city", 70_000_000), ("district", 13_000_000)]),
]


@pytest.mark.parametrize(("text", "total", "shares"), AMOUNTS)
def test_parse_amount_examples(text: str, total: int, shares: list[tuple[str, int]]) -> None:
    fig = parse_amount(text, 1000, line=7)
    assert fig is not None
    assert fig.basis == "budget"
    assert fig.total_krw == total
    assert fig.line == 7
    assert [(s.source, s.amount_krw) for s in fig.shares] == shares
    assert all(s.line == 7 for s in fig.shares)
    assert fig.note is None


def test_explicit_unit_overrides_given_unit() -> None:
    fig = parse_amount("총 92,320천원(구비 92,320)", 1_000_000)
    assert fig is not None
    assert fig.total_krw == 92_320_000
    assert fig.shares[0].amount_krw == 92_320_000


def test_share_text_and_carried_over() -> None:
    fig = parse_amount("160,000천원(시비 이월 70,000, 구비 90,000)", 1000, line=573)
    assert fig is not None
    assert fig.shares == (
        Share("city", 70_000_000, 573, "시비 이월 70,000", carried_over=True),
        Share("district", 90_000_000, 573, "구비 90,000"),
    )
    fig = parse_amount("512,863 (국 135,000, 시 60,000, 구비 317,863)", 1000)
    assert fig is not None
    assert [s.text for s in fig.shares] == ["국 135,000", "시 60,000", "구비 317,863"]


def test_parse_amount_basis_and_label_prefix() -> None:
    fig = parse_amount("□ 소요예산: 총 92,320천원(구비 92,320)", 1000, line=311, basis="executed")
    assert fig is not None
    assert (fig.basis, fig.total_krw, fig.line) == ("executed", 92_320_000, 311)


def test_percentage_share_of_a_total() -> None:
    fig = parse_amount("200,000 (시 50%, 구비 50%)", 1000)
    assert fig is not None
    assert [s.amount_krw for s in fig.shares] == [100_000_000, 100_000_000]


@pytest.mark.parametrize("text", ["KF80 5,000개", "13.3", "EO E", "소요예산: 비예산", "", "2019. 5. 24."])
def test_parse_amount_not_an_amount(text: str) -> None:
    assert parse_amount(text, 1000) is None


def test_non_shares_bracket_is_not_a_share() -> None:
    fig = parse_amount("100,000 (기금전출금)", 1000)
    assert fig is not None
    assert fig.total_krw == 100_000_000
    assert fig.shares == ()


# ----------------------------------------------------------------- shares check


def test_shares_not_adding_up_give_a_note() -> None:
    fig = parse_amount("240,000 (시 200,000, 구비 35,000)", 1000)
    assert fig is not None
    assert fig.total_krw == 240_000_000  # not fixed
    assert [s.amount_krw for s in fig.shares] == [200_000_000, 35_000_000]
    assert fig.note == "shares 235,000,000 do not add up to total 240,000,000"


def test_check_shares() -> None:
    ok = Figure("budget", 100, 1, (Share("city", 40, 1, "시 40"), Share("district", 60, 1, "구 60")))
    assert check_shares(ok) is None
    bad = Figure("budget", 100, 1, (Share("city", 40, 1, "시 40"), Share("district", 50, 1, "구 50")))
    assert check_shares(bad) == "shares 90 do not add up to total 100"
    unknown = Figure("budget", None, 1, (Share("city", None, 1, "전액 시비"),))
    assert check_shares(unknown) is None
    assert check_shares(Figure("executed", 0, 1, ())) is None


# ----------------------------------------------------------------- budget blocks


def test_real_2021_smart_medical_block() -> None:
    """000_… lines 236–246: the 스마트메디컬특구 예산현황, bracket broken over lines."""
    figs = parse_budget_block(block_of(REPORT_2021, 236, 246), 1000)
    assert len(figs) == 2
    budget, executed = figs
    assert (budget.basis, budget.total_krw, budget.line) == ("budget", 512_863_000, 237)
    assert shares_of(budget) == [
        ("national", 135_000_000, 239), ("city", 60_000_000, 239), ("district", 317_863_000, 240),
    ]
    assert (executed.basis, executed.total_krw, executed.line) == ("executed", 320_167_000, 242)
    assert shares_of(executed) == [
        ("national", 50_000_000, 243), ("city", 26_600_000, 243), ("district", 243_567_000, 245),
    ]
    assert executed.rate == 62.4
    assert budget.note is None and executed.note is None


def test_block_with_heading_and_trailing_prose_stops_at_prose() -> None:
    """Lines 234–250 include the □ heading, the header row and the next part's heading."""
    figs = parse_budget_block(block_of(REPORT_2021, 234, 250), 1000)
    assert [(f.basis, f.total_krw) for f in figs] == [
        ("budget", 512_863_000), ("executed", 320_167_000),
    ]


def test_block_rate_glued_to_bracket() -> None:
    figs = parse_budget_block(block_of(REPORT_2021, 186, 191), 1000)
    budget, executed = figs
    assert budget.total_krw == 190_800_000
    assert shares_of(budget) == [("city", 105_350_000, 188), ("district", 85_450_000, 188)]
    assert executed.total_krw == 162_150_000
    assert shares_of(executed) == [("city", 92_650_000, 191), ("district", 69_500_000, 191)]
    assert executed.rate == 84.9


def test_block_one_line_tab_separated() -> None:
    lines = [(115, "예산액\t집행액\t집행률 "),
             (116, "115,900 (시 20,000 구비 95,900)\t15,500 (구비 15,500)\t13.3")]
    budget, executed = parse_budget_block(lines, 1000)
    assert (budget.total_krw, budget.line) == (115_900_000, 116)
    assert [(s.source, s.amount_krw) for s in budget.shares] == [
        ("city", 20_000_000), ("district", 95_900_000)]
    assert (executed.total_krw, executed.line, executed.rate) == (15_500_000, 116, 13.3)
    assert [(s.source, s.amount_krw) for s in executed.shares] == [("district", 15_500_000)]


def test_block_space_separated_percent_shares() -> None:
    lines = [(158, "예 산 액 집 행 액 집행률(%)"), (159, "55,115(구비100%) 16,609(구비 100%) 30.1%")]
    budget, executed = parse_budget_block(lines, 1000)
    assert shares_of(budget) == [("district", 55_115_000, 159)]
    assert shares_of(executed) == [("district", 16_609_000, 159)]
    assert executed.rate == 30.1


def test_block_dash_means_nothing_executed() -> None:
    budget, executed = parse_budget_block([(259, "37,000(구비)\t-\t0%")], 1000)
    assert budget.total_krw == 37_000_000
    assert (executed.total_krw, executed.shares, executed.rate) == (0, (), 0.0)


def test_block_executed_without_shares() -> None:
    budget, executed = parse_budget_block([(153, "26,000(구비)\t1,000\t4%")], 1000)
    assert shares_of(budget) == [("district", 26_000_000, 153)]
    assert (executed.total_krw, executed.shares, executed.rate) == (1_000_000, (), 4.0)


def test_block_budget_only_with_unit_word() -> None:
    figs = parse_budget_block([(301, "- □ 소요예산: 총43.000천원(구비)")], 1_000_000)
    assert len(figs) == 1
    assert (figs[0].total_krw, figs[0].line) == (43_000_000, 301)
    assert shares_of(figs[0]) == [("district", 43_000_000, 301)]


def test_block_unit_declared_inside() -> None:
    figs = parse_budget_block([(1, "(단위: 백만원)"), (2, "1,445 (구비 1,445)")], 1000)
    assert figs[0].total_krw == 1_445_000_000


def test_block_ocr_garbage_gives_a_note_not_a_number() -> None:
    """003_… lines 112–114: totals on one line (with 'EO E'), shares on the next."""
    budget, executed = parse_budget_block(block_of(REPORT_003, 112, 114), 1000)
    assert (budget.total_krw, budget.line) == (123_915_000, 113)
    assert shares_of(budget) == [("city", 44_000_000, 114), ("district", 79_915_000, 114)]
    assert (executed.total_krw, executed.line) == (73_735_000, 113)
    assert shares_of(executed) == [("city", 6_747_000, 114), ("district", 66_988_000, 114)]
    assert executed.rate == 59.5
    assert executed.note == "unreadable figure 'EO E'"
    assert budget.note is None


def test_block_garbled_total_is_not_guessed() -> None:
    budget, executed = parse_budget_block([(10, "1,8O3 (구비 1,803)"), (11, "500 (구비 500)")], 1000)
    assert (budget.basis, budget.total_krw, budget.line) == ("budget", None, 10)
    assert budget.note == "unreadable figure '1,8O3'"
    assert shares_of(budget) == [("district", 1_803_000, 10)]  # the share as written
    assert (executed.basis, executed.total_krw) == ("executed", 500_000)
    assert executed.note is None


def test_block_shares_not_adding_up_are_noted() -> None:
    lines = [(1, "240,000"), (2, "(시 200,000, 구비 35,000)"), (3, "100,000 (구비 100,000) 41.7")]
    budget, executed = parse_budget_block(lines, 1000)
    assert budget.total_krw == 240_000_000
    assert budget.note == "shares 235,000,000 do not add up to total 240,000,000"
    assert executed.note is None


def test_block_stops_at_next_tables_header() -> None:
    """002_… lines 199–216 hold two blocks back to back; the first ends at the second header."""
    src = SOURCES_DIR / "002_df0437a7db0aaab3.txt"
    figs = parse_budget_block(block_of(src, 199, 216), 1000)
    assert [(f.basis, f.total_krw, f.line) for f in figs] == [
        ("budget", 87_800_000, 201), ("executed", 37_212_000, 205)]
    assert figs[1].rate == 42.4
    assert all(f.note is None for f in figs)


def test_block_unclosed_bracket_does_not_swallow_the_rest() -> None:
    lines = [(1, "100,000"), (2, "(구비 100,000"), (3, ""), (4, "50,000 (구비 50,000)"),
             (5, "30,000"), (6, "50.0"), (7, "○ 향후계획")]
    budget, executed = parse_budget_block(lines, 1000)
    assert budget.total_krw == 100_000_000
    assert (executed.total_krw, executed.line, executed.rate) == (50_000_000, 4, 50.0)
    assert executed.note == "extra figure '30,000' on line 5 ignored"


def test_block_without_figures() -> None:
    assert parse_budget_block([(1, "연번 특화사업자"), (2, "1 가톨릭대학교여의도성모병원 7 영등포병원")], 1000) == []


# ----------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("지원내용: KF80 5,000개 (7,500천원 상당)", [(7_500_000, "7,500천원")]),
        ("기 부 금: 100,000엔 (원화 1,000천원 상당)", [(1_000_000, "1,000천원")]),
        ("지원내용: KF80 5,000개", []),
        ("(市 예산규모: 10억원/10개 사업)", [(1_000_000_000, "10억원")]),
        ("※ 민간투자(병원): 3,625백만원", [(3_625_000_000, "3,625백만원")]),
        ("총 1억 5,000만원 규모", [(150_000_000, "1억 5,000만원")]),
        ("외국인 환자 유치 실적 19,237명", []),
        ("2019 원격진료 시범사업", []),
        ("`19. 5. 24. 개최, 참가자 2,743명", []),
        ("구비 92,320 지원", [(92_320_000, "구비 92,320")]),
        ("5,000원씩 지급", [(5_000, "5,000원")]),
        ("생활환경분야 2(청소, 자전거), 기타 5", []),
        ("\t구비\t1,445\t-\t170", []),  # a table row, not free text
        ("(시 44,000, 구비 79,915)", [(79_915_000, "구비 79,915")]),  # single letters are too ambiguous
    ],
)
def test_amounts_in(text: str, expected: list[tuple[int, str]]) -> None:
    assert amounts_in(text, 1000) == expected


# ----------------------------------------------------------------- table rows


@pytest.mark.parametrize(
    ("text", "name", "cells"),
    [
        ("대외교류 활성화 1,803,897 242,249 328,130 13.4",
         "대외교류 활성화", ["1,803,897", "242,249", "328,130", "13.4"]),
        ("계 591,124 329,066 55.7%", "계", ["591,124", "329,066", "55.7%"]),
        ("국제교류 활성화\t115,900\t15,500\t13.3", "국제교류 활성화", ["115,900", "15,500", "13.3"]),
        ("내부거래지출\n(기금전출금) 100,000 100,000 0 100",
         "내부거래지출(기금전출금)", ["100,000", "100,000", "0", "100"]),
        ("영등포\n스마트메디컬특구\n\n활성화\n512,863 320,167 501,121 62.4",
         "영등포 스마트메디컬특구 활성화", ["512,863", "320,167", "501,121", "62.4"]),
        ("\t구비\t1,445\t-\t170\t485\t290\t500", "구비", ["1,445", "-", "170", "485", "290", "500"]),
        ("단위사업명\t예산액\t집행액\t집행률 ", "단위사업명 예산액 집행액 집행률", []),
        ("", "", []),
    ],
)
def test_parse_table_row(text: str, name: str, cells: list[str]) -> None:
    assert parse_table_row(text) == (name, cells)


# ----------------------------------------------------------------- rules


def test_sources_and_labels() -> None:
    assert source_key("국비") == "national"
    assert source_key("市") == "city"
    assert source_key("子비") == "district"
    assert source_key("민자") == "private"
    assert source_key("기금") is None
    assert funder_label("national") == "중앙정부"
    assert funder_label("city") == "서울특별시"
    assert funder_label("district") == "영등포구"
    assert funder_label("district", district="광주 남구") == "광주 남구"
    assert funder_label("city", district="광주 남구") == "서울특별시"


def test_bad_rules_file(tmp_path: Path) -> None:
    bad = tmp_path / "money.toml"
    bad.write_text("[units]\n'원' = 0\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        load_rules(bad)
    bad.write_text("not toml [", encoding="utf-8")
    with pytest.raises(GazetteerError):
        load_rules(bad)


@pytest.mark.parametrize(("text", "won"), [
    ("총 1억 5천만원(시비 5천만원, 구비 1억원)", 150_000_000), ("2억 3,000만원", 230_000_000),
    ("3억5백만원", 305_000_000), ("1억원", 100_000_000), ("5천만원", 50_000_000)])
def test_amounts_in_two_units_are_one_figure(text: str, won: int) -> None:
    fig = money.parse_amount(text, 1000, 1, "budget")
    assert fig is not None and fig.total_krw == won
    assert money.parse_budget_block([(1, text)], 1000)[0].total_krw == won
