"""The pipeline on the real corpus: the facts users were promised, quotes, coverage."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from graph.export.facts import facts_frame
from graph.model.resolve import merge_key
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR
from graph.read.textnorm import despace


@pytest.fixture(scope="module")
def kb():
    return build_kb([SOURCES_DIR])


@pytest.fixture(scope="module")
def facts(kb) -> pd.DataFrame:
    return facts_frame(kb)


def rows(df: pd.DataFrame, **eq) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    for col, val in eq.items():
        mask &= df[col] == val
    return df[mask]


def test_zone_designated_by_ministry(facts):
    r = rows(facts, subject="영등포 스마트메디컬특구", relation="designated", object="중소벤처기업부")
    assert set(r["date"]) == {"2017-12-14"}
    assert set(r["source"]) >= {"000_0901a345c4cc1d7c.txt", "001_12c0e7fe743c4ed0.txt", "004_3169d57caf6f2857.txt"}


def test_eleven_designated_hospitals(facts):
    r = rows(facts, relation="designated", object="영등포 스마트메디컬특구", subject_type="Hospital", role="특화사업자")
    hospitals = set(r["subject"])
    assert hospitals == {
        "여의도성모병원", "계피부과의원", "김안과병원", "대림성모병원", "명지성모병원", "성애병원", "영등포병원",
        "명지춘혜병원", "한림대학교 강남성심병원", "한림대학교 한강성심병원", "CM병원",
    }
    # the 특화사업자 tables date no designation: undated, with the year of the report that lists them
    assert r["date"].isna().all()
    first = r.groupby("subject")["report_year"].min()
    assert first["계피부과의원"] == 2018 and first["CM병원"] == 2018


def test_agreements(facts):
    mongolia = rows(facts, relation="agreement", object="몽골 보건부")
    assert "2019-05-24" in set(mongolia["date"])
    fss = rows(facts, relation="agreement", object="금융감독원")
    assert set(fss["date"]) == {"2019-10"}
    three = rows(facts, relation="agreement", date="2021-06-17", subject="영등포구")
    assert set(three["object"]) == {"신영증권", "프롬"}


def test_sister_and_friendship_cities(facts):
    ties = facts[facts["relation"].isin(["sister_city", "friendship_city"])]
    assert "2019-02-18" in set(rows(ties, object="황포구", relation="friendship_city")["date"])
    assert "2018-12-18" in set(rows(ties, object="광주 남구", relation="friendship_city")["date"])
    listed = rows(ties, object="광주 남구", relation="sister_city", status="done")  # 현황: undated, in the 2021 report
    assert 2021 in set(listed[listed["date"].isna()]["report_year"])
    ulleung = rows(ties, object="울릉군", relation="sister_city")
    assert 2021 in set(ulleung[(ulleung.status == "done") & ulleung["date"].isna()]["report_year"])
    assert {"2021-09", "2021-10"} <= set(ulleung["date"])  # 구의회 가결, planned 협정식


def test_teams_of_each_division_each_year(facts):
    teams = rows(facts, relation="part_of", subject_type="Team", object_type="Division")
    assert teams["date"].isna().all()  # an 조직 table dates nothing; report_year says which report states it
    by_year = {(o, d): set(g["subject"]) for (o, d), g in teams.groupby(["object", "report_year"])}
    assert by_year[("비전협력과", 2021)] >= {"대외협력팀", "국제금융특구팀", "의료특구팀"}
    assert by_year[("기획담당관", 2018)] == {"기획팀", "미래비전팀", "지역협치팀", "의료관광특구추진팀"}
    assert by_year[("소통기획과", 2019)] == {"혁신기획팀", "비전팀", "소통공감팀", "국제금융특구팀"}
    assert "의료특구팀" in by_year[("비전협력과", 2020)]


def test_hosted_events_with_dates(facts):
    hosted = rows(facts, relation="hosted", subject="영등포구")
    pairs = set(zip(hosted["object"], hosted["date"]))
    assert ("2021 여의도 국제금융컨퍼런스", "2021-10-22") in pairs
    assert ("영등포 국제 의료관광 포럼", "2020-11-18") in pairs
    boom = rows(hosted, object="제1차 붐업프로젝트")
    assert list(zip(boom["date"], boom["end"])) == [("2021-06-14", "2021-06-18")]


def test_funding_shares_in_won(facts):
    f = rows(facts, subject="영등포 스마트메디컬특구 활성화", relation="funded_by", fiscal_year=2021,
             source="000_0901a345c4cc1d7c.txt")
    budget = {o: a for o, a, b in zip(f["object"], f["amount_krw"], f["basis"]) if b == "budget"}
    executed = {o: a for o, a, b in zip(f["object"], f["amount_krw"], f["basis"]) if b == "executed"}
    assert budget == {"중앙정부": 135_000_000, "서울특별시": 60_000_000, "영등포구": 317_863_000}
    assert executed == {"중앙정부": 50_000_000, "서울특별시": 26_600_000, "영등포구": 243_567_000}


def test_every_quote_is_on_its_cited_line(kb):
    lines = {m.file: (SOURCES_DIR / m.file).read_text(encoding="utf-8").splitlines() for m in kb.reports}
    for s in kb.statements:
        text = lines[s.citation.source][s.citation.line - 1]
        assert despace(s.citation.quote) == despace(text), s


def test_every_nonblank_line_accounted(kb):
    for m in kb.reports:
        text = (SOURCES_DIR / m.file).read_text(encoding="utf-8").splitlines()
        nonblank = {i + 1 for i, t in enumerate(text) if t.strip()}
        covered = {c.line for c in kb.coverage if c.source == m.file}
        assert nonblank == covered
    assert {c.status for c in kb.coverage} == {"used", "structure", "unparsed"}


def test_unresolved_mentions_are_typed_entities(kb):
    unresolved = kb.unresolved
    assert unresolved and all(e.type for e in unresolved)
    assert any(e.label == "스리프리야 란가나탄" and e.type == "Person" for e in unresolved)


def test_same_input_same_statements(kb):
    again = build_kb([SOURCES_DIR])
    assert [s.id for s in again.statements] == [s.id for s in kb.statements]


def test_second_unseen_report_of_the_genre():
    """Another hand-written report (tests/data/unseen_seongdong_2023.txt): a zone designated by a
    city notice, a designation list, a company before 과, a friendship-city agreement, a unit formed."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_seongdong_2023.txt"])
    assert kb.reports[0].year == 2023
    df = facts_frame(kb)
    zone = rows(df, relation="designated", subject="성수 IT산업개발진흥지구")
    assert list(zip(zone["object"], zone["date"])) == [("서울특별시", "2015-06-30")]
    listed = rows(df, relation="designated", line=55)
    assert set(listed["subject"]) == {"한양대학교 산학협력단", "건국대학교 산학협력단"}
    assert set(listed["object"]) == {"성동구"} and set(listed["role"]) == {"성수 IT 협력기관"}
    company = rows(df, relation="agreement", line=68)
    assert list(zip(company["object"], company["object_type"], company["date"])) == [
        ("(주)소셜벤처랩", "Company", "2023-04-03")]
    parties = rows(df, relation="agreement", line=49)
    assert set(parties["object"]) == {"한국산업단지공단", "네이버"}
    friend = rows(df, relation="friendship_city")
    assert list(zip(friend["object"], friend["date"], friend["status"])) == [("오스틴시", "2024-03", "planned")]
    assert rows(df, relation="agreement", line=77).empty
    formed = rows(df, relation="established", object="사회적경제 지원단")
    assert list(formed["date"]) == ["2023-01-20"]
    fair = rows(df, relation="hosted", object="2023 성수 스타트업 박람회")
    assert list(zip(fair["date"], fair["end"])) == [("2023-04-20", "2023-04-22")]
    assert list(rows(df, relation="met_with")["object"]) == ["중소벤처기업부"]
    shares = rows(df, relation="funded_by", line=61, basis="budget")
    assert sorted(shares["amount_krw"]) == [300_000_000, 400_000_000, 500_000_000]


def test_third_unseen_report_of_the_genre():
    """A third (tests/data/unseen_gangseo_2021.txt): the designating authority on its own line as a
    head's title, a hospital table split by spaces, an envoy met without a name, an event's venue and
    co-organiser on the lines under it."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_gangseo_2021.txt"])
    df = facts_frame(kb)
    zone = rows(df, relation="designated", subject="강서 의료관광특구")
    assert list(zip(zone["object"], zone["date"])) == [("서울특별시", "2018-04-02")]
    hospitals = rows(df, relation="designated", object="강서 의료관광특구")
    assert set(hospitals["subject"]) == {"의료법인 우리들병원", "강서미즈메디병원"}
    heads = rows(df, relation="has_role", object="강서미즈메디병원")
    assert list(zip(heads["subject"], heads["role"])) == [("이미즈", "대표")]
    assert list(rows(df, relation="located_in", subject="의료법인 우리들병원")["object"]) == ["강서구 공항대로 100"]
    assert list(rows(df, relation="met_with")["object"]) == ["주한 카자흐스탄 대사"]
    fair = "2021 강서 메디컬 트래블마트"
    assert list(rows(df, relation="located_in", subject=fair)["object"]) == ["마곡 컨벤션센터"]
    assert set(rows(df, relation="hosted", object=fair)["subject"]) == {"강서구", "한국관광공사"}
    plan = rows(df, relation="sister_city", object="알마티시")
    assert set(zip(plan["date"], plan["status"])) == {("2022-05", "planned"), ("2022-03", "planned")}
    by_year = rows(df, relation="funded_by", subject="국제 보건 교류 확대", object="강서구")
    assert sorted(zip(by_year["fiscal_year"], by_year["amount_krw"])) == [(2022, 100_000_000), (2023, 100_000_000)]


def test_fourth_unseen_report_without_blocks():
    """A fourth (tests/data/unseen_nowon_2020.txt) written without □ blocks: "1. 조직 : 3개팀" and a
    comma list of teams, "1. 프로그램 (팀)" headings, ◦ items straight under them, ▶ details, two
    key-value pairs on one line, a budget written in an item. No line is left unparsed."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_nowon_2020.txt"])
    df = facts_frame(kb)
    org = rows(df, relation="part_of", line=11)
    assert set(org["subject"]) == {"문화정책팀", "축제팀", "생활체육팀"} and set(org["object"]) == {"문화체육과"}
    assert set(rows(df, relation="runs", subject="축제팀")["object"]) == {"노원 탈축제 브랜드화"}
    festival = "제5회 노원탈축제"
    hosts = rows(df, relation="hosted", object=festival)
    assert set(zip(hosts["subject"], hosts["date"].fillna(""))) == {("노원구", "2020-10-03"), ("노원문화재단", "")}
    assert list(rows(df, relation="located_in", subject=festival)["object"]) == ["당현천 일대"]
    assert list(rows(df, relation="agreement", line=22)["object"]) == ["(재)노원문화재단"]
    money = rows(df, subject="노원 탈축제 브랜드화", line=23)
    assert sorted(money["amount_krw"]) == [50_000_000, 100_000_000, 200_000_000, 350_000_000]
    tie = rows(df, relation="friendship_city")
    assert list(zip(tie["object"], tie["date"], tie["end"], tie["status"])) == [
        ("울란바토르시 바양주르흐구", "2021-01", "2021-06", "planned")]
    assert not [c for c in kb.coverage if c.status == "unparsed"]
    # "◦ 구민 체육대회 : 코로나19로 취소" under 추진실적: a plan that did not take place, not a result
    called_off = rows(df, object="구민 체육대회")
    assert sorted(zip(called_off["relation"], called_off["subject"], called_off["status"], called_off["note"])) == [
        ("activity", "생활체육 기반 확충", "planned", "취소"), ("hosted", "노원구", "planned", "취소")]
    from graph.query.brief import briefing, render

    assert "- 날짜 미상 추진 ← 생활체육 기반 확충 [취소] [unseen_nowon_2020.txt:28]" in render(briefing(kb, "구민 체육대회"))


def test_a_line_saying_its_thing_did_not_take_place_is_no_result() -> None:
    """취소/연기/무산 … at the end of the line (with 됨, a bracket or a full stop) keep the line a plan;
    the same words inside it do not."""
    from graph.extract.phrases import not_held

    for text, word in [("교류단 파견: 코로나19로 연기", "연기"), ("체육대회(취소)", "취소"), ("행사 개최 취소됨.", "취소"),
                       ("박람회 참가 : 무산", "무산"), ("축제 미개최", "미개최"), ("순회 설명회 잠정 중단", "중단")]:
        assert not_held(text) == word, text
    for text in ["취소된 행사 재개최 : 3. 5.", "연기 지도 프로그램 운영", "중단 없는 추진", "축제 개최 : 10. 3."]:
        assert not_held(text) is None, text


def test_visits_to_the_district_come_from_the_visitor(tmp_path: Path) -> None:
    """A visiting group (대표단, 교류단 …), 내방 or 초청 after a place or office: they came to the
    district; the place alone before 방문, or an event before 초청 or a group: the district went."""
    text = """비전협력과

Ⅱ. 2021년 주요업무 추진실적

1 국제교류 활성화 대외협력팀

□ 주요 추진실적
○ 몽골 울란바토르시 대표단 방문: 2021. 5. 3.
○ 중국 황포구 청소년 교류단 내방: 2021. 6. 10.
○ 일본 기시와다시 방문(구청장 등 5명): 2021. 7. 1.
○ 베트남 하노이시 대표단 우리구 방문: 2021. 8. 2.
○ 몽골 보건부 장관 내방: 2021. 9. 6.
○ 일본 가마쿠라시 축제 대표단 방문: 2021. 10. 1.
○ 중국 웨이하이시 대표단 초청 교류: 2021. 11. 3.
○ 자매도시 구민의 날 기념행사 초청: 2021. 12. 1.
"""
    p = tmp_path / "visits.txt"
    p.write_text(text, encoding="utf-8")
    df = facts_frame(build_kb([p], 2021))
    visits = rows(df, relation="participated")
    assert set(zip(visits["subject"], visits["object"], visits["date"])) == {
        ("몽골 보건부", "영등포구", "2021-09-06"), ("영등포구", "가마쿠라시", "2021-10-01"),
        ("영등포구", "기시와다시", "2021-07-01"), ("울란바토르시", "영등포구", "2021-05-03"),
        ("영등포구", "자매도시 구민의 날 기념행사", "2021-12-01"), ("웨이하이시", "영등포구", "2021-11-03"),
        ("하노이시", "영등포구", "2021-08-02"), ("황포구", "영등포구", "2021-06-10")} and len(visits) == 8
    located = rows(df, relation="located_in")
    assert {("울란바토르시", "몽골"), ("황포구", "중국"), ("하노이시", "베트남")} <= set(zip(located["subject"], located["object"]))


def test_designees_named_before_a_count_and_a_selection_by_the_city(tmp_path: Path) -> None:
    """"A, B 등 N개 기관 협력기관 지정": A and B each (a (주) kept in the name); "서울시 … 선정(date)":
    the district chosen by the city."""
    text = """관광진흥과

Ⅱ. 2021년 주요업무 추진실적

1 의료관광 활성화 의료관광팀

□ 추진실적
○ (주)메디컬코리아, 영등포병원 등 5개 기관 협력기관 지정: 2021. 4. 1.
○ 서울시 우수 의료관광 도시 선정(서울특별시장, '21. 11.)
"""
    p = tmp_path / "designations.txt"
    p.write_text(text, encoding="utf-8")
    df = facts_frame(build_kb([p], 2021))
    got = rows(df, relation="designated")
    assert sorted(zip(got["subject"], got["subject_type"], got["object"], got["role"], got["date"])) == [
        ("(주)메디컬코리아", "Company", "영등포구", "협력기관", "2021-04-01"),
        ("영등포구", "District", "서울특별시", "우수 의료관광 도시", "2021-11"),
        ("영등포병원", "Hospital", "영등포구", "협력기관", "2021-04-01")]


def test_parties_joined_by_hyphens_gifts_by_a_named_giver_and_dispatches(tmp_path: Path) -> None:
    """"구-A-B 상호협력 협약": A and B; "㈜X 천호점 마스크 … 기부": X's branch gave; "부처 주관 「사업」 공모
    선정": chosen by the ministry; "… 사절단 파견": the district went."""
    text = """제301회 강동구의회 제2차 정례회
일자리경제과

Ⅱ. 2022년 주요업무 추진실적

1 지역경제 활성화 지역경제팀

□ 주요 추진실적
○ 강동구-㈜한화-강동상공회의소 상호협력 협약 체결: '22. 4. 12.
○ ㈜현대백화점 천호점 마스크 5,000매 기부: 2022. 2. 3.
○ 중소벤처기업부 주관 「전통시장 특성화사업」 공모 선정: 2022. 6.
○ 미국 LA 카운티 경제사절단 파견: 2022. 10. 4.
"""
    p = tmp_path / "gangdong.txt"
    p.write_text(text, encoding="utf-8")
    df = facts_frame(build_kb([p], 2022))
    got = {(r.subject, r.relation, r.object) for r in df.itertuples()} - {
        ("지역경제팀", "part_of", "일자리경제과"), ("지역경제팀", "runs", "지역경제 활성화")}
    assert got == {("강동구", "agreement", "㈜한화"), ("강동구", "agreement", "강동상공회의소"),
                   ("㈜현대백화점 천호점", "supported", "강동구"), ("강동구", "designated", "중소벤처기업부"),
                   ("강동구", "participated", "LA 카운티")}
    assert list(rows(df, relation="supported")["role"]) == ["마스크 5,000매 기부"]


def test_a_dashed_team_list_an_amount_in_two_units_and_a_contest(tmp_path: Path) -> None:
    """"1. 조직 : 3개팀" with "- A팀, B팀, C팀"; "소요예산: 총 1억 5천만원(시비 5천만원, 구비 1억원)";
    "… 공모전 개최" is an event the district hosted."""
    text = """제250회 마포구의회 제1차 정례회
문화관광과

Ⅰ. 일반현황

1. 조직 : 3개팀
 - 문화정책팀, 관광진흥팀, 축제팀

Ⅱ. 2021년 주요업무 추진실적

1 마포나루 새우젓 축제 축제팀

□ 추진실적
○ 마포 관광 사진 공모전 개최: 2021. 6. 1. ~ 6. 30.
□ 소요예산: 총 1억 5천만원(시비 5천만원, 구비 1억원)
"""
    p = tmp_path / "mapo.txt"
    p.write_text(text, encoding="utf-8")
    df = facts_frame(build_kb([p], 2021))
    org = rows(df, relation="part_of", line=7)
    assert sorted(org["subject"]) == ["관광진흥팀", "문화정책팀", "축제팀"] and set(org["object"]) == {"문화관광과"}
    money_ = rows(df, line=15)
    assert sorted(zip(money_["relation"], money_["object"], money_["amount_krw"])) == [
        ("budget", "문화관광과", 150_000_000), ("funded_by", "마포구", 100_000_000),
        ("funded_by", "서울특별시", 50_000_000)]
    assert list(rows(df, relation="hosted")["object"]) == ["마포 관광 사진 공모전"]


def test_a_budget_heading_whose_amount_cannot_be_read_is_listed_unparsed(tmp_path: Path) -> None:
    """Nothing lost: "□ 소요예산: 총 1억 오천만원" gives no figure, so its line is unparsed, not layout."""
    p = tmp_path / "garbled.txt"
    p.write_text("비전협력과\n\nⅡ. 2021년 주요업무 추진실적\n\n1 국제교류 활성화 대외협력팀\n\n□ 추진실적\n"
                 "○ 포럼 개최: 2021. 5. 3.\n□ 소요예산: 총 1억 오천만원\n", encoding="utf-8")
    kb = build_kb([p], 2021)
    status = {c.line: c.status for c in kb.coverage}
    assert status[9] == "unparsed" and not [s for s in kb.statements if s.citation.line == 9]


def test_fifth_unseen_report_of_another_district():
    """A fifth (tests/data/unseen_songpa_2020.txt): 우리구 is the reporting district (송파구), never the
    embedded corpus' own; a visit to it comes from the visitor; city lists written under the 현황 item."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_songpa_2020.txt"])
    df = facts_frame(kb)
    assert "영등포구" not in set(df["subject"]) | set(df["object"].dropna())
    visit = rows(df, relation="participated", line=33)
    assert list(zip(visit["subject"], visit["object"], visit["date"])) == [("여수시", "송파구", "2020-09-03")]
    sister = rows(df, relation="sister_city", subject="송파구")
    assert {"전남 여수시", "강원 정선군", "산둥성 위해시"} <= set(sister["object"])
    assert list(rows(df, relation="friendship_city")["object"]) == ["도쿄도 스기나미구"]
    postponed = rows(df, line=34)  # "○ 스기나미구 청소년 교류단 파견: 코로나19로 연기"
    assert list(zip(postponed["relation"], postponed["object"], postponed["status"], postponed["note"])) == [
        ("participated", "스기나미구", "planned", "연기")]
    assert "LA 카운티" in set(sister["object"])  # "미국 LA 카운티" in the list of sister cities
    shares = rows(df, relation="funded_by", line=40, basis="budget")  # 子비: OCR of 구비
    assert sorted(zip(shares["object"], shares["amount_krw"])) == [("서울특별시", 20_000_000), ("송파구", 72_320_000)]


def test_sixth_unseen_report_through_markdown():
    """A sixth (tests/data/unseen_ydp_2022_md.txt), gone through a markdown converter: bold team
    names with their duties on one line, □ blocks as list items, two dates in one item, a ministry's
    selection, a budget table in markdown."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_ydp_2022_md.txt"])
    df = facts_frame(kb)
    duties = rows(df, relation="runs", subject="기업지원팀", line=16)
    assert set(duties["object"]) == {"중소기업 지원", "사회적경제 육성"}
    assert set(rows(df, relation="part_of", object="일자리정책과")["subject"]) == {"일자리정책팀", "기업지원팀"}
    fair = rows(df, relation="hosted", object="영등포 청년 취업박람회")
    assert sorted(fair["date"]) == ["2022-04-12", "2022-09-20"]
    chosen = rows(df, relation="designated", subject="영등포구")
    assert list(zip(chosen["object"], chosen["date"], chosen["role"])) == [
        ("고용노동부", "2022-03-30", "지역 일자리 공시제 우수기관")]
    assert list(rows(df, relation="agreement")["object"]) == ["서울남부고용노동지청"]
    shares = rows(df, relation="funded_by", basis="budget")
    assert sorted(shares["amount_krw"]) == [60_000_000, 135_000_000, 317_863_000]
    assert not [c for c in kb.coverage if c.status == "unparsed"]


def test_unseen_report_of_the_genre():
    """A hand-written report with other entities and date forms (tests/data/unseen_mapo_2022.txt)."""
    kb = build_kb([Path(__file__).parent / "data" / "unseen_mapo_2022.txt"])
    df = facts_frame(kb)
    assert kb.reports[0].year == 2022
    assert set(rows(df, relation="part_of", object="국제교류과")["subject"]) == {"교류협력팀", "관광마케팅팀"}
    sister = set(rows(df, relation="sister_city", status="done")["object"])
    assert {"평창군", "니시구", "다낭시"} <= {o.split()[-1] for o in sister}
    friend = rows(df, relation="friendship_city")
    assert list(friend["date"]) == ["2021-11-03"]
    assert "2022-03-17" in set(rows(df, relation="agreement", object="태국 관광청")["date"])
    support = rows(df, relation="supported")
    assert list(zip(support["date"], support["amount_krw"])) == [("2022-04-05", 12_000_000)]
    events = rows(df, relation="participated")
    assert ("2022-05-11", "2022-05-13") in set(zip(events["date"], events["end"]))
    forum = rows(df, relation="hosted", object="제1회 마포 글로벌 포럼")
    assert set(forum["date"]) == {"2022-05-20"}
    plan = rows(df, relation="sister_city", status="planned")
    assert set(plan["date"]) == {"2022-09"}
    shares = rows(df, relation="funded_by", basis="budget")
    assert sorted(shares["amount_krw"]) == [30_000_000, 50_000_000]


_LAYOUTS = {
    "■ block glyph": lambda t: t.replace("□", "■"),
    "ㅇ bullets": lambda t: t.replace("○", "ㅇ"),
    "Latin o bullets": lambda t: re.sub(r"(?m)^([ \t]*)○[ \t]*", r"\1o ", t),
    "'1.' numbering": lambda t: re.sub(r"(?m)^(\s*)(\d{1,2}) ", r"\1\2. ", t),
    "'(1)' numbering": lambda t: re.sub(r"(?m)^(\s*)(\d{1,2}) ", r"\1(\2) ", t),
    "'1)' numbering": lambda t: re.sub(r"(?m)^(\s*)(\d{1,2}) ", r"\1\2) ", t),
    "ASCII roman numerals": lambda t: t.replace("Ⅰ", "I").replace("Ⅱ", "II").replace("Ⅲ", "III"),
    "no blank lines": lambda t: re.sub(r"\n\s*\n", "\n", t),
    "full-width colons": lambda t: t.replace(": ", "： "),
    "'사업명' budget header": lambda t: t.replace("단위사업명", "사업명"),
    "'주요업무 실적/계획' parts": lambda t: t.replace("주요업무 추진실적", "주요업무 실적").replace("주요업무 추진계획", "주요업무 계획"),
    "Windows line ends": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", sorted(_LAYOUTS))
def test_other_layouts_of_the_same_reports_give_the_same_facts(tmp_path: Path, kb, layout: str) -> None:
    """The work reports written with other glyphs, numbering or spacing give the same statements."""
    def key(k) -> Counter:
        return Counter((s.citation.source, s.relation, s.subject, s.object, s.when, s.status, s.amount_krw)
                       for s in k.statements if not s.citation.source.startswith("004"))

    rows_ = [r for r in (SOURCES_DIR / "manifest.csv").read_text(encoding="utf-8").splitlines()
             if not r.startswith("004")]
    (tmp_path / "manifest.csv").write_text("\n".join(rows_) + "\n", encoding="utf-8")
    for f in sorted(SOURCES_DIR.glob("00[0-3]_*.txt")):
        (tmp_path / f.name).write_text(_LAYOUTS[layout](f.read_text(encoding="utf-8")), encoding="utf-8")
    assert key(build_kb([tmp_path])) == key(kb)


def test_a_pledge_card_without_its_manifest_row_is_read_as_one(tmp_path: Path, kb) -> None:
    """Without manifest.csv the kind comes from the text (two pledge section titles as lines), and
    the card gives the statements it gives with its row, but for the division the row names."""
    name = "004_3169d57caf6f2857.txt"
    (tmp_path / name).write_bytes((SOURCES_DIR / name).read_bytes())
    alone = build_kb([tmp_path], year=2020)
    assert alone.reports[0].kind == "pledge_card"

    def node(k, eid: str | None) -> tuple[str, str] | None:
        """A node as merging sees it: in the corpus, 의료관광 협의회 is the node first named 영등포 의료관광 협의회."""
        if eid is None:
            return None
        e = k.entities[eid]
        return (e.type, merge_key(e.label, "영등포구")[0])

    def key(k) -> Counter:
        return Counter((s.relation, node(k, s.subject), node(k, s.object), s.when, s.status, s.amount_krw)
                       for s in k.statements if s.citation.source == name and s.relation != "budget")

    assert key(alone) == key(kb)
    for other in sorted(SOURCES_DIR.glob("00[0-3]_*.txt")):  # the work reports, also without their rows
        (tmp_path / "work").mkdir(exist_ok=True)
        (tmp_path / "work" / other.name).write_bytes(other.read_bytes())
    assert {r.kind for r in build_kb([tmp_path / "work"], year=2021).reports} == {"work_report"}


def test_facts_csv_has_csvw_metadata_that_types_its_columns(tmp_path) -> None:
    """facts.csv-metadata.json (W3C CSVW) names every column in order with its datatype; read with those
    types, amounts and years are integers (not floats) and pledge-card rows are told by report_kind."""
    import json

    import pandas as pd

    from graph.cli import main

    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    meta = json.loads((out / "facts.csv-metadata.json").read_text(encoding="utf-8"))
    cols = meta["tableSchema"]["columns"]
    header = (out / "facts.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [c["name"] for c in cols] == header and meta["url"] == "facts.csv"
    types = {c["name"]: c["datatype"] for c in cols}
    assert types["amount_krw"] == "integer" and types["line"] == "integer" and types["fiscal_year"] == "gYear"
    dtype = {n: ("Int64" if t in ("integer", "gYear") else "string") for n, t in types.items()}
    df = pd.read_csv(out / "facts.csv", dtype=dtype, keep_default_na=False, na_values=[""])
    assert str(df["amount_krw"].dtype) == "Int64" and df["amount_krw"].max() > 1_000_000
    assert set(df["report_kind"]) == {"work_report", "pledge_card"}
    assert (df[df["source"].str.startswith("004_")]["report_kind"] == "pledge_card").all()
    jl = pd.read_json(out / "facts.jsonl", lines=True, dtype=False).astype(dtype)  # as the README reads it
    assert jl["date"].dropna().str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all() and "2021" in set(jl["date"])
    assert jl.equals(df)


def test_report_year_from_the_plan_part_heading(tmp_path) -> None:
    """A report whose head states no year is dated by its plan part: Ⅲ. 2022년 주요업무 추진계획 plans 2022, so
    the report is 2021's (GENRE.md); a report that states neither still stops with a one-line error."""
    from graph.errors import SourceError
    from graph.pipeline.build import read_reports

    body = "1 조 직\n\n비전협력과\n\nⅡ. 주요업무 추진실적\n\n1. 국제교류\n\nⅢ. 2022년 주요업무 추진계획\n\n1. 국제교류\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    ((_, meta),) = read_reports([tmp_path / "a.txt"])
    assert meta.year == 2021
    (tmp_path / "b.txt").write_text(body.replace("2022년 ", ""), encoding="utf-8")
    with pytest.raises(SourceError, match="cannot tell the report year"):
        read_reports([tmp_path / "b.txt"])
