"""Tests for graph.parse.dates: the genre's date forms, non-dates, weekdays, real reports."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.parse.dates import DateMatch, find_dates, parse_when
from graph.model.statements import When
from graph.read.sources import read_source

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"

# (text, report year, start, end, precision)
SINGLE: list[tuple[str, int, str, str | None, str]] = [
    # full dates
    ("2017. 12. 14.", 2021, "2017-12-14", None, "day"),
    ("’19. 2. 18.", 2021, "2019-02-18", None, "day"),
    ("'20.2.5.", 2020, "2020-02-05", None, "day"),
    ("`19. 5. 24.", 2020, "2019-05-24", None, "day"),
    ("‘19. 5. 24.", 2020, "2019-05-24", None, "day"),
    ("2018. 1. 1.", 2018, "2018-01-01", None, "day"),
    ("(20.7.6.)", 2020, "2020-07-06", None, "day"),
    ("`19. 3. 15", 2020, "2019-03-15", None, "day"),
    ("'18. 3.29.", 2018, "2018-03-29", None, "day"),
    ("2019년 5월 24일", 2020, "2019-05-24", None, "day"),
    ("5월 24일", 2020, "2020-05-24", None, "day"),
    ("’99. 1. 5.", 2020, "1999-01-05", None, "day"),
    # partial dates
    ("3. 4.(수)", 2020, "2020-03-04", None, "day"),
    ("3. 4(수)", 2020, "2020-03-04", None, "day"),
    ("2018. 9월", 2018, "2018-09", None, "month"),
    ("2018.9월", 2018, "2018-09", None, "month"),
    ("’20. 9월 예정", 2020, "2020-09", None, "month"),
    ("'20. 6월중", 2020, "2020-06", None, "month"),
    ("2020. 7월 중", 2020, "2020-07", None, "month"),
    ("2020년 3월", 2021, "2020-03", None, "month"),
    ("9월", 2020, "2020-09", None, "month"),
    ("11월 중", 2021, "2021-11", None, "month"),
    ("7월 초", 2020, "2020-07", None, "month"),
    ("11월경", 2021, "2021-11", None, "month"),
    ("12월 경", 2019, "2019-12", None, "month"),
    ("상반기", 2022, "2022-01", "2022-06", "half"),
    ("2021. 1분기", 2020, "2021-01", "2021-03", "quarter"),
    ("3/4분기", 2022, "2022-07", "2022-09", "quarter"),
    ("’21. 4분기 예정", 2020, "2021-10", "2021-12", "quarter"),
    ("하반기", 2022, "2022-07", "2022-12", "half"),
    ("상·하반기", 2022, "2022-01", "2022-12", "half"),
    ("상․하반기", 2022, "2022-01", "2022-12", "half"),
    ("2021년 하반기", 2020, "2021-07", "2021-12", "half"),
    # ranges of halves and quarters: one span, from the start of the first to the end of the last
    ("2분기 ~ 3분기", 2021, "2021-04", "2021-09", "quarter"),
    ("1 ~ 2분기", 2021, "2021-01", "2021-06", "quarter"),
    ("1~2분기 중", 2021, "2021-01", "2021-06", "quarter"),
    ("4 ~ 1분기", 2021, "2021-10", "2022-03", "quarter"),
    ("’21. 1분기 ~ 2분기", 2020, "2021-01", "2021-06", "quarter"),
    ("2020. 2분기 ~ 2021. 1분기", 2020, "2020-04", "2021-03", "quarter"),
    ("상반기 ~ 하반기", 2022, "2022-01", "2022-12", "half"),
    ("하반기 ~ 상반기", 2022, "2022-07", "2023-06", "half"),
    # ISO dates, as tables exported from spreadsheets write them
    ("2021-03-05", 2020, "2021-03-05", None, "day"),
    ("2021-3-5(금)", 2020, "2021-03-05", None, "day"),
    ("2021-03-05 ~ 2021-03-07", 2020, "2021-03-05", "2021-03-07", "day"),
    ("연중", 2022, "2022", None, "year"),
    ("연 중", 2022, "2022", None, "year"),
    ("수시", 2020, "2020", None, "year"),
    ("2018. ~ 2022.", 2020, "2018", "2022", "year"),
    ("2018년 ~ 2022년(5년)", 2021, "2018", "2022", "year"),
    ("2018년~2022년", 2018, "2018", "2022", "year"),
    ("2018. 주요업무계획 수립", 2018, "2018", None, "year"),
    ("'20년 우수특구", 2020, "2020", None, "year"),
    ("2022.6.", 2020, "2022-06", None, "month"),
    ("2020. 12. 기준", 2020, "2020-12", None, "month"),
    ("(9.30.기준)", 2021, "2021-09-30", None, "day"),
    ("8.22.기준", 2018, "2018-08-22", None, "day"),
    ("’18.5.", 2018, "2018-05", None, "month"),
    # ranges
    ("`19. 5. 23. ~ 26.", 2020, "2019-05-23", "2019-05-26", "day"),
    ("6. 14. ~ 18.", 2021, "2021-06-14", "2021-06-18", "day"),
    ("3 ~ 5월", 2021, "2021-03", "2021-05", "month"),
    ("2 ~ 12월", 2021, "2021-02", "2021-12", "month"),
    ("2~11월", 2022, "2022-02", "2022-11", "month"),
    ("6~7월초", 2020, "2020-06", "2020-07", "month"),
    ("9~10월 중", 2020, "2020-09", "2020-10", "month"),
    ("12 ~ 2월", 2020, "2020-12", "2021-02", "month"),
    ("11월~12월", 2019, "2019-11", "2019-12", "month"),
    ("9월 ~ 12월", 2018, "2018-09", "2018-12", "month"),
    ("’20.7.~’21.6.", 2020, "2020-07", "2021-06", "month"),
    ("'20.6.~'20.7.", 2020, "2020-06", "2020-07", "month"),
    ("`19. 12. ~ `20. 1. 17.", 2020, "2019-12", "2020-01-17", "month"),
    ("`20. 5. ~ `21. 1.", 2020, "2020-05", "2021-01", "month"),
    ("’18.7.~10.", 2018, "2018-07", "2018-10", "month"),
    ("’21. 1. ~ 12.", 2021, "2021-01", "2021-12", "month"),
    ("`20.2. ~ 12.", 2020, "2020-02", "2020-12", "month"),
    ("'20.3.~6.", 2020, "2020-03", "2020-06", "month"),
    ("2018. 1. ~ 12.", 2018, "2018-01", "2018-12", "month"),
    ("2019. 7.~ 12. (6개월)", 2019, "2019-07", "2019-12", "month"),
    ("2019. 7.~12월 초", 2019, "2019-07", "2019-12", "month"),
    ("2020. 10~11월 경", 2019, "2020-10", "2020-11", "month"),
    ("2020. 10.~11.", 2019, "2020-10", "2020-11", "month"),
    ("'19.12월 ~ '20.3월", 2019, "2019-12", "2020-03", "month"),
    ("'19.6월 ~ '20.6월(12개월)", 2019, "2019-06", "2020-06", "month"),
    ("’17.11.15.~’18.3.15.", 2018, "2017-11-15", "2018-03-15", "day"),
    ("2.12.~2.19.", 2018, "2018-02-12", "2018-02-19", "day"),
    ("5.15.~10.15.", 2018, "2018-05-15", "2018-10-15", "day"),
    ("2018.4.17.~4.21.", 2018, "2018-04-17", "2018-04-21", "day"),
    ("2018.7.9.~7.31.", 2018, "2018-07-09", "2018-07-31", "day"),
    ("`20.11. 4.~11. 5.", 2020, "2020-11-04", "2020-11-05", "day"),
    ("`20.10.10.~10. 25.", 2020, "2020-10-10", "2020-10-25", "day"),
    ("`19. 2. 18.~ 20.", 2020, "2019-02-18", "2019-02-20", "day"),
    ("`19. 6. 6. ~ 7.", 2020, "2019-06-06", "2019-06-07", "day"),
    ("`19. 9. 24. ~ 12. 5.", 2020, "2019-09-24", "2019-12-05", "day"),
    ("2019. 11. 20. ~ 12. 23.", 2019, "2019-11-20", "2019-12-23", "day"),
    ("`19. 12. 30. ~ 2.", 2019, "2019-12-30", "2020-01-02", "day"),
    # open ranges
    ("5월~", 2022, "2022-05", None, "month"),
    ("2018. 3. ~ 계속", 2018, "2018-03", None, "month"),
    ("2018.7.1.~", 2018, "2018-07-01", None, "day"),
    ("2018.7.1.~ 지속 운영", 2018, "2018-07-01", None, "day"),
    ("'20.3.9.(월) ~ 상황종료 시까지", 2020, "2020-03-09", None, "day"),
    ("금융네트워크 조성: 2020 ~", 2019, "2020", None, "year"),
]


@pytest.mark.parametrize(("text", "year", "start", "end", "precision"), SINGLE)
def test_single_form(text: str, year: int, start: str, end: str | None, precision: str) -> None:
    warnings: list[str] = []
    found = find_dates(text, year, warnings)
    assert len(found) == 1, found
    when = found[0].when
    assert (when.start, when.end, when.precision) == (start, end, precision)
    assert warnings == []


@pytest.mark.parametrize(("text", "year", "start", "end", "precision"), SINGLE)
def test_span_slices_back_to_text(
    text: str, year: int, start: str, end: str | None, precision: str
) -> None:
    for match in find_dates(text, year):
        a, b = match.span
        assert text[a:b] == match.when.text
        assert match.when.text == match.when.text.strip()


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("2020. 12. 기준", "2020. 12."),
        ("(9.30.기준)", "9.30."),
        ("2018년 ~ 2022년(5년)", "2018년 ~ 2022년"),
        ("(20.7.6.)", "20.7.6."),
        ("5월~ 운영", "5월~"),
        ("2018. 3. ~ 계속", "2018. 3. ~ 계속"),
        ("'20.3.9.(월) ~ 상황종료 시까지", "'20.3.9.(월) ~ 상황종료 시까지"),
        ("’20. 9월 예정", "’20. 9월 예정"),
        ("'20.7.23.(예정)", "'20.7.23.(예정)"),
        ("6~7월초", "6~7월초"),
        ("2019. 7.~ 12. (6개월)", "2019. 7.~ 12."),
    ],
)
def test_matched_text(text: str, matched: str) -> None:
    assert find_dates(text, 2020)[0].when.text == matched


@pytest.mark.parametrize(
    ("text", "approximate", "ongoing"),
    [
        ("2017. 12. 14.", False, False),
        ("11월 중", True, False),
        ("7월 초", True, False),
        ("11월경", True, False),
        ("12월 말까지", True, False),
        ("’20. 9월 예정", True, False),
        ("'20.7.23.(예정)", True, False),
        ("6~7월초", True, False),
        ("2019. 7.~12월 초", True, False),
        ("2020. 10~11월 경", True, False),
        ("5월~", False, True),
        ("2018. 3. ~ 계속", False, True),
        ("'20.3.9.(월) ~ 상황종료 시까지", False, True),
        ("3 ~ 5월", False, False),
        ("연중", False, False),
    ],
)
def test_flags(text: str, approximate: bool, ongoing: bool) -> None:
    match = find_dates(text, 2020)[0]
    assert (match.approximate, match.ongoing) == (approximate, ongoing)


NON_DATES = [
    "44.1", "62.4%", "13.4", "13개 과정", "6~7세반", "5~6학년", "1~2개", "제109조",
    "2,743명", "KF80 5,000개", "387,469m²", "제2017-22호", "1 2차", "(단위: 천원)",
    "총 55회", "10억원/10개 사업", "32.9", "100", "4급 5급", "50 이하", "51~100",
    "버드나루로7길 12", "63로 10", "☎ 4203", "제232회", "1,929",
    "2040 영등포종합발전계획", "2019 성과관리계획", "(5년)", "12개월",
    "총43.000천원(구비)", "여의도동 62번지 외 44필지(54,467.7㎡)", "2000~3000명",
    "1. 추진배경", "공연중인 작품", "19. 5. 10. 사업", "1. 2. 3. 4.", "44.1.",
    "계 2,685,940 884,671 1,097,675 32.9", "(6개월)", "주1회", "월 2회",
    "☎ 02-2670-3114", "2018-2022", "010-2021-03-05", "2021-03-05-1",
]


@pytest.mark.parametrize("text", NON_DATES)
def test_non_dates(text: str) -> None:
    warnings: list[str] = []
    assert find_dates(text, 2020, warnings) == []
    assert warnings == []
    assert parse_when(text, 2020) is None


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("`19. 5. 10. / 6. 14. / 7. 5.", 2020, ["2019-05-10", "2019-06-14", "2019-07-05"]),
        ("`19. 7. 18. / 7. 26. / 8. 20. / 9. 6.", 2020,
         ["2019-07-18", "2019-07-26", "2019-08-20", "2019-09-06"]),
        ("3월, 8월(2회)/11월", 2022, ["2022-03", "2022-08", "2022-11"]),
        ("`20.11. 6./11. 9.", 2020, ["2020-11-06", "2020-11-09"]),
        ("`20.9.10./ `20.11. 4.~11. 5.", 2020, ["2020-09-10", "2020-11-04"]),
        ("4월, 7월, 10월", 2019, ["2019-04", "2019-07", "2019-10"]),
        ("`19. 12. 28. / 1. 3.", 2020, ["2019-12-28", "2020-01-03"]),
        ("(9.30.기준)9.30.기준 12.31.까지", 2021, ["2021-09-30", "2021-09-30", "2021-12-31"]),
        ("대외평가 참가: 이행평가(상반기), 우수사례 평가(하반기)", 2020, ["2020-01", "2020-07"]),
        ("중간보고 및 공청회(4~5월) → 최종보고 및 준공(5~6월)", 2020, ["2020-04", "2020-05"]),
        # a year-only mention does not lend its year to a later, unlisted month
        ("2019. 주요업무계획(안) 수립: 9월 ~ 12월", 2018, ["2019", "2018-09"]),
        ("~2019.9.\t\t2019.10.\t\t~2019.12.", 2019, ["2019-09", "2019-10", "2019-12"]),
    ],
)
def test_several_dates(text: str, year: int, expected: list[str]) -> None:
    found = find_dates(text, year)
    assert [m.when.start for m in found] == expected
    spans = [m.span for m in found]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_weekday_matches() -> None:
    warnings: list[str] = []
    assert parse_when("3. 4.(수)", 2020, warnings) == When("2020-03-04", None, "day", "3. 4.(수)")
    assert warnings == []


def test_weekday_moves_year_forward() -> None:
    warnings: list[str] = []
    # 2021-10-22 is a Friday; 2020-10-22 is a Thursday
    when = parse_when("10. 22.(금)", 2020, warnings)
    assert when is not None and when.start == "2021-10-22"
    assert len(warnings) == 1 and "2021" in warnings[0] and "10. 22.(금)" in warnings[0]


def test_weekday_moves_year_back() -> None:
    warnings: list[str] = []
    # 2019-03-04 is a Monday; 2020-03-04 is a Wednesday
    when = parse_when("3. 4.(월)", 2020, warnings)
    assert when is not None and when.start == "2019-03-04"
    assert len(warnings) == 1


def test_weekday_fits_no_year_keeps_date() -> None:
    warnings: list[str] = []
    # 2020-03-05 is a Thursday, 2019 a Tuesday, 2021 a Friday
    when = parse_when("3. 5.(수)", 2020, warnings)
    assert when is not None and when.start == "2020-03-05"
    assert len(warnings) == 1 and "3. 5.(수)" in warnings[0]


def test_weekday_with_written_year_is_only_checked() -> None:
    warnings: list[str] = []
    when = parse_when("'20.3.10.(월)", 2020, warnings)
    assert when is not None and when.start == "2020-03-10"
    assert len(warnings) == 1


def test_no_warnings_list_is_fine() -> None:
    assert parse_when("3. 3.(수)", 2020) == When("2021-03-03", None, "day", "3. 3.(수)")
    assert find_dates("2. 30.", 2020) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [("2. 30.", 2020), ("13월", 2020), ("’19. 2. 29.", 2020), ("2019. 4. 31.", 2020),
     ("2. 29.", 2019), ("’85. 3. 1.", 2020)],
)
def test_impossible_dates_warn(text: str, year: int) -> None:
    warnings: list[str] = []
    assert find_dates(text, year, warnings) == []
    assert len(warnings) == 1 and text in warnings[0]


def test_leap_day_is_a_date() -> None:
    assert parse_when("2. 29.", 2020) == When("2020-02-29", None, "day", "2. 29.")


def test_impossible_range_end_keeps_start() -> None:
    warnings: list[str] = []
    found = find_dates("`19. 2. 18. ~ 2. 30.", 2020, warnings)
    assert [m.when.start for m in found] == ["2019-02-18"]
    assert found[0].when.end is None
    assert warnings and "2. 30." in warnings[0]


def test_parse_when_returns_first() -> None:
    assert parse_when("사업기간: 2018년 ~ 2022년(5년), 협약: 3. 4.", 2020) == When(
        "2018", "2022", "year", "2018년 ~ 2022년"
    )
    assert parse_when("", 2020) is None


def test_date_match_type() -> None:
    text = "몽골 보건부와 MOU 체결: `19. 5. 24."
    match = find_dates(text, 2020)[0]
    assert isinstance(match, DateMatch)
    assert match.span == (text.index("`"), len(text))
    assert not match.approximate and not match.ongoing


# ----------------------------------------------------------------------------
# Real reports
# ----------------------------------------------------------------------------
KNOWN_LINES = [
    ("004_", 2020, 147, "`19. 5. 24.", "2019-05-24", None),
    ("004_", 2020, 146, "`19. 5. 23. ~ 26.", "2019-05-23", "2019-05-26"),
    ("004_", 2020, 155, "`19. 12. ~ `20. 1. 17.", "2019-12", "2020-01-17"),
    ("004_", 2020, 159, "20.7.6.", "2020-07-06", None),
    ("004_", 2020, 27, "2018. ~ 2022.", "2018", "2022"),
    ("000_", 2021, 149, "’21. 1. ~ 12.", "2021-01", "2021-12"),
    ("000_", 2021, 163, "6. 14. ~ 18.", "2021-06-14", "2021-06-18"),
    ("000_", 2021, 177, "10. 22.(금)", "2021-10-22", None),
    ("000_", 2021, 202, "2018년 ~ 2022년", "2018", "2022"),
    ("001_", 2020, 81, "3. 4.(수)", "2020-03-04", None),
    ("001_", 2020, 144, "'20.7.~'21.6.", "2020-07", "2021-06"),
    ("001_", 2020, 201, "'20.3.9.(월) ~ 상황종료 시까지", "2020-03-09", None),
    ("002_", 2018, 146, "’17.11.15.~’18.3.15.", "2017-11-15", "2018-03-15"),
    ("002_", 2018, 312, "2018. 3. ~ 계속", "2018-03", None),
    ("003_", 2019, 1, "2019. 11. 20. ~ 12. 23.", "2019-11-20", "2019-12-23"),
    ("003_", 2019, 188, "2019. 7.~12월 초", "2019-07", "2019-12"),
]


def _source(prefix: str) -> Path:
    (path,) = sorted(SOURCES.glob(prefix + "*.txt"))
    return path


@pytest.mark.parametrize(("prefix", "year", "line", "text", "start", "end"), KNOWN_LINES)
def test_known_report_lines(
    prefix: str, year: int, line: int, text: str, start: str, end: str | None
) -> None:
    source = read_source(_source(prefix))
    warnings: list[str] = []
    found = find_dates(source.line(line), year, warnings)
    assert warnings == []
    match = next(m for m in found if m.when.text == text)
    assert (match.when.start, match.when.end) == (start, end)


def test_every_report_line() -> None:
    paths = sorted(SOURCES.glob("*.txt"))
    assert paths
    lines = 0
    dated = 0
    began = time.perf_counter()
    for path in paths:
        source = read_source(path)
        year = 2020
        for text in source.lines:
            warnings: list[str] = []
            found = find_dates(text, year, warnings)
            lines += 1
            dated += bool(found)
            for match in found:
                a, b = match.span
                assert text[a:b] == match.when.text
                assert match.when.start and 1990 <= int(match.when.start[:4]) <= 2100
                if match.when.end:
                    assert match.when.end >= match.when.start[: len(match.when.end)]
    assert lines > 1000 and dated > 150
    assert time.perf_counter() - began < 5.0


def test_linear_time_on_hostile_input() -> None:
    began = time.perf_counter()
    for text in ("1." * 20000, "1 ~ " * 20000, "'2" * 20000, "2020. " * 20000, "상·" * 20000):
        find_dates(text, 2020)
    assert time.perf_counter() - began < 5.0


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("보조금 지원: 3천만원 (2018-04)", "2018-04", None, "month"),          # an ISO month
        ("기간: 2018-05-11 ~ 05-12", "2018-05-11", "2018-05-12", "day"),     # an ISO range ending in MM-DD
        ("2019-12-30 ~ 01-02", "2019-12-30", "2020-01-02", "day"),             # … across a new year
    ],
)
def test_iso_months_and_range_ends(text: str, start: str, end: str | None, precision: str) -> None:
    (m,) = find_dates(text, 2018)
    assert (m.when.start, m.when.end, m.when.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["2019-2020 한국관광 100선", "☎ 749-4061"])
def test_iso_like_numbers_that_are_no_month(text: str) -> None:
    assert find_dates(text, 2019) == []
