"""manifest.csv is validated like code: every mistake stops the build with one line naming the row."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import main

from .conftest import files


def _edit(folder: Path, line: int, old: str, new: str) -> None:
    path = folder / "manifest.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in rows[line - 1], rows[line - 1]
    rows[line - 1] = rows[line - 1].replace(old, new, 1)
    path.write_text("".join(rows), encoding="utf-8")


@pytest.mark.parametrize("line, old, new, message", [
    (3, ",work_report,", ",pledge_crad,", "line 3: unknown kind 'pledge_crad' (known: work_report, pledge_card)"),
    (3, ",2020,", ",20x0,", "line 3: report_year '20x0' is not a year"),
    (3, ",2020,", ",²⁰²⁰,", "line 3: report_year '²⁰²⁰' is not a year"),
    (3, ",2020,", ",1066,", "line 3: report_year 1066 is not a plausible year"),
    (2, ",2022,", ",2019,", "line 2: plan_year 2019 does not follow report_year 2021"),
    (3, ",2020-06,", ",2020-13,", "line 3: as_of '2020-13' is not a date"),
    (1, "kind,", "knid,", "line 1: unknown column 'knid'"),
    (1, "file,", "name,", "line 1: no 'file' column in the header"),
    (3, "001_12c0e7fe743c4ed0.txt", "001_missing.txt", "line 3: no file 001_missing.txt in"),
])
def test_a_bad_cell_stops_the_build_and_leaves_outputs(tmp_path, capsys, corpus_copy, line, old, new, message):
    out = tmp_path / "out"
    assert main(["build", str(corpus_copy), "--out", str(out)]) == 0
    before = files(out)
    capsys.readouterr()
    _edit(corpus_copy, line, old, new)
    assert main(["build", str(corpus_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.csv" in err[0] and message in err[0], err
    assert files(out) == before


def test_a_duplicate_row_names_both_lines(capsys, corpus_copy):
    path = corpus_copy / "manifest.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(rows + [rows[2]]), encoding="utf-8")
    assert main(["facts", str(corpus_copy)]) == 2
    err = capsys.readouterr().err
    assert f"line {len(rows) + 1}: 001_12c0e7fe743c4ed0.txt is listed twice (first on line 3)" in err


def test_a_short_row_is_refused(capsys, corpus_copy):
    _edit(corpus_copy, 3, ",2020-06,", "\n")  # the row loses its last cells
    assert main(["facts", str(corpus_copy)]) == 2
    assert "line 3: 6 cells where the header has 8" in capsys.readouterr().err


def test_a_report_without_a_row_says_where_its_year_came_from(capsys, corpus_copy):
    path = corpus_copy / "manifest.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(r for r in rows if not r.startswith("001_")), encoding="utf-8")
    assert main(["facts", str(corpus_copy)]) == 0
    err = capsys.readouterr().err
    assert "warning: 001_12c0e7fe743c4ed0.txt: no row in" in err and "report year 2020 taken from the text" in err
