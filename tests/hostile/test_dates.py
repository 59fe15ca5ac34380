"""A date the calendar refuses is kept as written and flagged, never replaced by another year."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.cli import main
from graph.parse.dates import calendar_errors

REPORT = """2019년 주요업무 보고

Ⅱ. 주요업무 추진실적

1. 국제교류 활성화
 □ 추진실적
  ○ 몽골 울란바토르시 바양주르흐구와 우호협력 협약 체결: {date}
"""


@pytest.mark.parametrize("text, refused", [
    ("’19. 13. 45.", [("’19. 13. 45.", "no month 13")]),
    ("2019. 2. 30.", [("2019. 2. 30.", "no day 30 in 2019-02")]),
    ("2019-02-29", [("2019-02-29", "no day 29 in 2019-02")]),
    ("2019. 5. 3. ~ 5. 40.", [("5. 40.", "no day 40 in 2019-05")]),
    ("2020-02-29", []),          # a leap day
    ("3.45% 증가", []),           # a number, not a date
])
def test_calendar_errors(text, refused):
    assert calendar_errors(text, 2019) == refused


@pytest.mark.parametrize("date, error", [
    ("2019. 2. 30.", "2019. 2. 30. (no day 30 in 2019-02)"),
    ("’19. 13. 45.", "’19. 13. 45. (no month 13)"),
    ("2019-02-29", "2019-02-29 (no day 29 in 2019-02)"),
])
def test_refused_date_is_flagged_in_coverage_and_facts(tmp_path: Path, capsys, date, error):
    src = tmp_path / "r.txt"
    src.write_text(REPORT.format(date=date), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--year", "2019"]) == 0
    cov = [r for r in csv.DictReader((out / "coverage.csv").open(encoding="utf-8")) if r["line"] == "7"]
    assert cov[0]["date_error"] == error
    assert f"`r.txt:7` {error}" in (out / "coverage.md").read_text(encoding="utf-8")
    facts = [r for r in csv.DictReader((out / "facts.csv").open(encoding="utf-8")) if r["relation"] == "friendship_city"]
    assert len(facts) == 1
    row = facts[0]
    assert row["date"] == "" and row["date_text"] == date and row["date_error"] == error
    assert f"not a date '{date}'" in capsys.readouterr().err
