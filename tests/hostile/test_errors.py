"""Every user error is one line and exit 2: unreadable files, links that lead nowhere, odd digits,
folders that cannot be written, reports above the size limit; control characters never reach a terminal."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.cli import main

from .conftest import DATA

UNSEEN = DATA / "unseen_mapo_2022.txt"


def _one_line(capsys, *words: str) -> None:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("ydkg: error: "), err
    for w in words:
        assert w in err[0], err


def test_unreadable_report(tmp_path, capsys, monkeypatch):
    src = tmp_path / "r.txt"
    src.write_bytes(UNSEEN.read_bytes())
    real_open = open

    def refuse(file, *args, **kwargs):  # the test runs as root in CI, where chmod 000 does not stop a read
        if str(file) == str(src):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr(Path, "read_bytes", lambda self: refuse(self, "rb").read())
    assert main(["build", str(src), "--out", str(tmp_path / "out")]) == 2
    _one_line(capsys, "r.txt", "Permission denied")
    assert not (tmp_path / "out" / "facts.csv").exists()


def test_symlink_loop_named_and_in_a_folder(tmp_path, capsys):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert main(["facts", str(tmp_path / "a.txt")]) == 2
    _one_line(capsys, "a.txt", "symbolic link that leads nowhere")
    assert main(["facts", str(tmp_path)]) == 2
    _one_line(capsys, "symbolic link that leads nowhere")


def test_a_fifo_is_not_a_report(tmp_path, capsys):
    fifo = tmp_path / "r.txt"
    os.mkfifo(fifo)
    assert main(["facts", str(fifo)]) == 2
    _one_line(capsys, "r.txt", "not a regular file")


def test_superscript_year_in_the_text_is_no_year(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("²⁰²⁰년 주요업무 보고\n ○ 협약 체결: ²⁰²⁰. 3. 1.\n", encoding="utf-8")
    assert main(["facts", str(src)]) == 2
    _one_line(capsys, "r.txt", "cannot tell the report year")


@pytest.mark.parametrize("out", ["/proc/ydkg-out", "/sys/ydkg-out"])
def test_a_folder_that_cannot_be_written(capsys, out):
    if not Path(out).parent.is_dir():
        pytest.skip(f"no {Path(out).parent} here")
    assert main(["build", str(UNSEEN), "--out", out]) == 2
    _one_line(capsys, out, "cannot write the outputs here")


def test_an_output_file_that_cannot_be_written(capsys):
    assert main(["facts", str(UNSEEN), "-o", "/proc/ydkg-facts.csv"]) == 2
    _one_line(capsys, "/proc/ydkg-facts.csv", "cannot write")


def test_size_limit(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_text(UNSEEN.read_text(encoding="utf-8") * 200, encoding="utf-8")  # about 0.5 MB
    assert main(["facts", str(big), "--max-report-mb", "0.1"]) == 2
    _one_line(capsys, "big.txt", "above the limit of 0.1 MB per text report", "--max-report-mb")
    assert main(["facts", str(UNSEEN), "--max-report-mb", "0.1"]) == 0


def test_control_characters_never_reach_the_terminal(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("2020년 주요업무 보고\n\nⅡ. 주요업무 추진실적\n\n1. 국제교류\n □ 추진실적\n"
                   "  ○ 몽골 \x1b[31m울란바토르시\x1b]0;title\x07 바양주르흐구와 우호협력 협약 체결: 2020. 3. 2.\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    for name in ("facts.csv", "facts.jsonl", "graph.html", "dataset.trig", "coverage.md"):
        assert "\x1b" not in (out / name).read_text(encoding="utf-8"), name
    capsys.readouterr()
    assert main(["brief", "바양주르흐구", "--data", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "바양주르흐구" in shown and "\x1b" not in shown and "\x07" not in shown
