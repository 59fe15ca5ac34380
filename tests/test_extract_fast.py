"""The shortcuts that make extraction fast give exactly what the plain rules give.

Each shortcut (pruned city search, trigger words matched in one pass, memoised
dates, the date scanner's skip to a possible atom) is checked against the
plain form it replaces, on the real reports' items and on hand-written lines.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.parse.dates import find_dates
from graph.extract import items, mentions, phrases
from graph.extract.context import Context
from graph.parse.parser import parse
from graph.pipeline.build import read_reports
from graph.resources import SOURCES_DIR

UNSEEN = Path(__file__).resolve().parent / "data"

LINES = [
    "중국 상해시 황포구와 우호결연 체결: ’19. 5. 24.",
    "경남 고성군, 전남 영암군, 중국 황포구(우호)",
    "몽골 보건부와 MOU 체결: `19. 5. 24.",
    "「중국 상해시」 대표단 방문",
    "미국 뉴욕주 방문(2019. 3. 4.)",
    "일본 오사카시와의 자매결연 20주년 기념행사 참가",
    "서울 광진구청과 업무협약 체결",
    "영암군: 우리구에 코로나19 극복 마스크 제공",
    "제주 서귀포시 자매도시 체결동의안 가결",
    "시·군·구 협의회 참여형 행사",
    "구청장 면담 및 간담회 개최 예정",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Every item text of the real reports and of the unseen ones, and the hand-written lines."""
    out = list(LINES)
    for folder, year in ((SOURCES_DIR, None), (UNSEEN, 2022)):
        for src, meta in read_reports([folder], year):
            report = parse(src, meta)
            for prog in report.programs:
                for block in prog.blocks:
                    out.extend(it.text for it in block.all_items())
    return out


def _plain_first_city(text: str) -> mentions.Mention | None:
    """The city search without pruning: every prefix of every word run is tried."""
    for chunk in re.split(r"[(),]|와의|과의|와 |과 ", text):
        words = chunk.split()
        for i in range(len(words)):
            cand = " ".join(words[i:])
            for end in range(len(cand), 1, -1):
                m = mentions.place(cand[:end])
                if m is not None and m.type == "District" and mentions.classify(m.text, "x") == "District":
                    return m
    return None


def test_pruned_city_search_finds_what_the_plain_one_finds(texts):
    found = 0
    for text in texts:
        expected = _plain_first_city(text)
        assert items._first_city(text) == expected, text
        found += expected is not None
    assert found >= 5  # the comparison covers lines that name a city


def test_first_district_end():
    assert mentions.first_district_end("몽골 보건부와 MOU 체결") == -1
    assert mentions.first_district_end("중국 상해시") == 5
    assert mentions.first_district_end("경남 고성군") == 5


def _plain_rules(line: str, what: str) -> list[tuple[dict, list[str]]]:
    """Trigger rules matched rule by rule with :func:`phrases.has_word`."""
    found = []
    for order, rule in enumerate(phrases.triggers()["rule"]):
        text = line if rule.get("scope") == "line" else what
        words = [w for w in rule["words"] if phrases.has_word(text, w)]
        if words:
            pos = max(text.rfind(w) + len(w) for w in words)
            found.append((-pos, order, rule, sorted(words, key=lambda w: -text.rfind(w))))
    return [(rule, words) for _, _, rule, words in sorted(found, key=lambda f: (f[0], f[1]))]


def test_rules_by_position_matches_rule_by_rule_matching(texts):
    matched = 0
    for text in texts:
        what = text.split(":")[0]
        expected = _plain_rules(text, what)
        assert phrases.rules_by_position(text, what) == expected, text
        matched += bool(expected)
    assert matched >= 20


def test_has_word_needs_a_word_end():
    assert phrases.has_word("간담회 개최", "개최")
    assert phrases.has_word("협약 체결 예정", "체결")
    assert not phrases.has_word("참여형 사업", "참여")
    assert not phrases.has_word("개최로 이어짐", "개최")


def test_memoised_dates_keep_their_warnings():
    (src, meta), = read_reports([UNSEEN / "unseen_mapo_2022.txt"], 2022)
    ctx = Context(parse(src, meta))
    before = len(ctx.warnings)
    first = ctx.dates("3. 4.(월) 방문", 2020)  # 2020-03-04 is a Wednesday; 2019-03-04 a Monday
    second = ctx.dates("3. 4.(월) 방문", 2020)
    assert first == second and first[0].start == "2019-03-04"
    new = ctx.warnings[before:]
    assert len(new) == 2 and new[0] == new[1] and "fits 2019" in new[0]


@pytest.mark.parametrize(("text", "start"), [
    ("상품 설명회 ’19. 5. 24. 개최", "2019-05-24"),  # 상 starts no half-year; the mark starts the date
    ("수요 조사: 하반기", "2020-07"),
    ("연구 용역 연중 추진", "2020"),
    ("사업비 12억 원, 2019. 3. 4.", "2019-03-04"),
])
def test_date_scan_skips_only_text_without_a_date(text, start):
    found = find_dates(text, 2020)
    assert [d.when.start for d in found][-1] == start
