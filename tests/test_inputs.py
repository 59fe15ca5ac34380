"""Bad input: encodings, empty, binary and undecodable files, and outputs left intact."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import SourceError
from graph.pipeline.build import build_kb
from graph.read.sources import read_source

UNSEEN = Path(__file__).parent / "data" / "unseen_mapo_2022.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_encodings_are_read(tmp_path, encoding):
    p = tmp_path / "report.txt"
    p.write_bytes(UNSEEN.read_text(encoding="utf-8").encode(encoding))
    src = read_source(p)
    assert "국제교류과" in "".join(src.lines)
    kb = build_kb([p])
    assert kb.statements


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"   \n\n  ", "empty file"),
    (b"\x00\x01\x02PK\x03\x04" * 200, "binary file"),
    (b"\xff\xfe\xfa" + bytes(range(128, 256)) * 3, "cannot decode"),
])
def test_bad_files_fail_with_one_line(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_source(bad)
    out = tmp_path / "out"
    assert main(["build", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.txt" in err[0] and message in err[0]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (outputs, caches, stores) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _outputs(folder: Path) -> dict[str, bytes]:
    """The build's output files (hidden caches left out)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_failed_build_leaves_outputs_as_they_were(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(UNSEEN), "--out", str(out)]) == 0
    before = _files(out)
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(UNSEEN, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\x00" * 100)
    assert main(["build", str(folder), "--out", str(out)]) == 2
    assert _files(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_missing_year_is_a_clear_error(tmp_path, capsys):
    p = tmp_path / "noyear.txt"
    p.write_text("소통기획과\n\n□ 주요 추진실적\n○ 포럼 개최: 3. 4.\n", encoding="utf-8")
    assert main(["facts", str(p)]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["facts", str(p), "--year", "2020", "--format", "jsonl"]) == 0


def test_build_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", "--out", str(a)]) == 0
    assert main(["build", "--out", str(b)]) == 0
    first, second = _outputs(a), _outputs(b)
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name


def test_usage_errors_are_one_message_not_a_traceback(capsys):
    assert main(["build", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "No such option" in err and "Traceback" not in err
