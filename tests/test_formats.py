"""Reports as published: PDF, HWPX and HWP 5 beside .txt, read into the same statements.

The PDFs under ``tests/data/pdf/`` are two embedded reports printed by headless chromium
(``python -m tests.fixtures_pdf``): A4 pages with real page breaks, lines that wrap, ruled
tables, a running header and a page number at the foot. The HWPX packages are written here
from the same .txt with zipfile: paragraphs, real tables (``hp:tbl`` with addressed cells, a
merged header cell), a running header control. ``locked.pdf`` is a one-page PDF encrypted with
qpdf (user password ``secret``).
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from graph.cli import main
from graph.errors import SourceError
from graph.export.coverage import write_coverage
from graph.export.facts import facts_frame
from graph.model.statements import KnowledgeBase
from graph.pipeline.build import build_kb
from graph.read import hwp as hwp_mod
from graph.read.sources import discover, read_source
from graph.read.textnorm import clean

DATA = Path(__file__).parent / "data"
SOURCES = Path(__file__).parent.parent / "data" / "sources"
PDFS = DATA / "pdf"
REPORTS = ("001_12c0e7fe743c4ed0", "003_b045289d5af29e36")

NS = ('xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
      'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core"')
CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:'
             'container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/'
             'hwpml-package+xml"/></ocf:rootfiles></ocf:container>')
HEADER = (f'<?xml version="1.0" encoding="UTF-8"?><hh:head {NS} version="1.4" secCnt="1"><hh:refList>'
          '<hh:numberings><hh:numbering id="1" start="0">'
          '<hh:paraHead start="1" level="1" numFormat="DIGIT">^1.</hh:paraHead>'
          '<hh:paraHead start="1" level="2" numFormat="HANGUL_SYLLABLE">^2.</hh:paraHead>'
          '<hh:paraHead start="1" level="3" numFormat="DIGIT">^3)</hh:paraHead></hh:numbering></hh:numberings>'
          '<hh:bullets><hh:bullet id="1" char="\uf06c"/></hh:bullets><hh:paraProperties>'
          '<hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>'
          '<hh:paraPr id="1"><hh:heading type="OUTLINE" idRef="0" level="0"/></hh:paraPr>'
          '<hh:paraPr id="2"><hh:heading type="OUTLINE" idRef="0" level="1"/></hh:paraPr>'
          '<hh:paraPr id="3"><hh:heading type="BULLET" idRef="1" level="0"/></hh:paraPr>'
          '</hh:paraProperties></hh:refList></hh:head>')


def _hpf(sections: int) -> str:
    items = "".join(f'<opf:item id="section{i}" href="Contents/section{i}.xml" media-type="application/xml"/>'
                    for i in range(sections))
    refs = "".join(f'<opf:itemref idref="section{i}" linear="yes"/>' for i in range(sections))
    return ('<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/">'
            '<opf:metadata><opf:title>report</opf:title></opf:metadata><opf:manifest>'
            f'<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>{items}</opf:manifest>'
            f'<opf:spine>{refs}</opf:spine></opf:package>')


def para(text: str, pr: int = 0, inner: str = "") -> str:
    """One ``hp:p`` with one run: ``inner`` (controls, a table) then the text."""
    t = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return f'<hp:p paraPrIDRef="{pr}" styleIDRef="0"><hp:run charPrIDRef="0">{inner}{t}</hp:run></hp:p>'


def _cell(text: str, row: int, col: int, span: int = 1) -> str:
    return (f'<hp:tc><hp:subList>{para(text)}</hp:subList><hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
            f'<hp:cellSpan colSpan="{span}" rowSpan="1"/></hp:tc>')


def table(rows: list[list[str]]) -> str:
    """An ``hp:tbl``; in the first row a cell followed by empty ones is merged over them (colSpan)."""
    width = max(len(r) for r in rows)
    out = [f'<hp:tbl rowCnt="{len(rows)}" colCnt="{width}">']
    for r, cells in enumerate(rows):
        cells = cells + [""] * (width - len(cells))
        tcs, c = [], 0
        while c < width:
            span = 1
            if r == 0 and cells[c]:
                while c + span < width and not cells[c + span]:
                    span += 1
            tcs.append(_cell(cells[c], r, c, span))
            c += span
        out.append("<hp:tr>" + "".join(tcs) + "</hp:tr>")
    return "".join(out) + "</hp:tbl>"


def hwpx_bytes(sections: list[str], header: str = HEADER) -> bytes:
    """An HWPX package: mimetype (stored, first), container, manifest, header and the sections' XML bodies."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", CONTAINER)
        zf.writestr("Contents/content.hpf", _hpf(len(sections)))
        zf.writestr("Contents/header.xml", header)
        for i, body in enumerate(sections):
            zf.writestr(f"Contents/section{i}.xml", f'<?xml version="1.0" encoding="UTF-8"?><hs:sec {NS}>{body}</hs:sec>')
    return buf.getvalue()


def report_hwpx(text: str, running_header: str) -> bytes:
    """A .txt report as HWPX: a paragraph per line, tab-separated runs of lines as one table."""
    secpr = '<hp:secPr outlineShapeIDRef="1"/>'
    hdr = (f'<hp:ctrl><hp:header id="1" applyPageType="BOTH"><hp:subList>{para(running_header)}</hp:subList>'
           "</hp:header></hp:ctrl>")
    body: list[str] = [para("", inner=secpr + hdr)]
    rows: list[list[str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            body.append(para("", inner=table(rows)))
            rows = []
        body.append(para(line))
    if rows:
        body.append(para("", inner=table(rows)))
    return hwpx_bytes(["".join(body)])


def _corpus(tmp: Path, fmt: str) -> Path:
    """The two reports in one format, with a manifest naming them."""
    folder = tmp / fmt
    folder.mkdir()
    for name in REPORTS:
        if fmt == "txt":
            (folder / f"{name}.txt").write_bytes((SOURCES / f"{name}.txt").read_bytes())
        elif fmt == "pdf":
            (folder / f"{name}.pdf").write_bytes((PDFS / f"{name}.pdf").read_bytes())
        else:
            text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
            (folder / f"{name}.hwpx").write_bytes(report_hwpx(text, "영등포구 · 주요업무 보고"))
    rows = list(csv.DictReader(io.StringIO((SOURCES / "manifest.csv").read_text(encoding="utf-8"))))
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            stem = r["file"].rsplit(".", 1)[0]
            if stem in REPORTS:
                w.writerow({**r, "file": f"{stem}.{fmt}"})
    return folder


def _statements(kb: KnowledgeBase) -> Counter:
    """Statements apart from their citations (the file's extension and line)."""
    return Counter((s.citation.source.rsplit(".", 1)[0], s.subject, s.relation, s.object, s.when, s.status,
                    s.amount_krw, s.role, s.basis, s.fiscal_year, s.note) for s in kb.statements)


@pytest.fixture(scope="module")
def kbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, KnowledgeBase]]:
    tmp = tmp_path_factory.mktemp("formats")
    return {fmt: (folder, build_kb([folder])) for fmt in ("txt", "pdf", "hwpx") for folder in [_corpus(tmp, fmt)]}


def test_discover_accepts_the_published_formats(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.pdf", "d.hwpx", "e.HWP", "notes.docx", "manifest.csv"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.md", "c.pdf", "d.hwpx", "e.HWP"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match=r"no reports found \(looked for \.txt, \.md, \.pdf, \.hwpx, \.hwp files\)"):
        discover([empty])


def test_pdf_lines_keep_their_page_tables_are_rows_and_furniture_is_dropped() -> None:
    src = read_source(PDFS / "001_12c0e7fe743c4ed0.pdf")
    assert src.format == "pdf" and src.units == 5 and src.pages is not None
    assert len(src.pages) == len(src.lines) and list(src.pages) == sorted(src.pages) and set(src.pages) == {1, 2, 3, 4, 5}
    assert src.sha256 == hashlib.sha256((PDFS / "001_12c0e7fe743c4ed0.pdf").read_bytes()).hexdigest()
    n = src.lines.index("| 계 | 879,048 | 225,410 | 25.6 |") + 1  # a ruled table's row, a pipe table row
    assert src.page(n) == 1 and src.where(n) == "page 1"
    assert ("| 구 분 | 계 | 일 반 직 |  |  |  |  |  | 관 리 운 영 직 |  |  |  | 별 정 직 · 임 기 제 |  |  |  |"
            in src.lines)  # cells merged over others leave those empty
    assert "  - 국내: 경남 고성군, 전남 영암군, 충남 청양군, 충북 충주시" in src.lines  # indentation kept
    kinds = Counter((d.kind, d.text) for d in src.dropped)
    assert kinds == {("running header", "비전협력과 · 2020년 주요업무 보고"): 5,
                     **{("page number", f"- {p} -"): 1 for p in range(1, 6)}}
    assert not [t for t in src.lines if "2020년 주요업무 보고" in t and "·" in t or t.strip() in ("- 2 -", "- 3 -")]
    # a paragraph the page wrapped over two lines is read as the one line it is
    txt = read_source(SOURCES / "003_b045289d5af29e36.txt")
    pdf = read_source(PDFS / "003_b045289d5af29e36.pdf")
    purpose = next(t for t in txt.lines if t.startswith("주요시책 및 구정 현안을"))
    assert purpose in pdf.lines and "| 656,600(子비) | 385,770(子비) | 58.8 |  |  |" in pdf.lines  # ⼦ (U+2F26) read as 子


def test_same_statements_from_txt_pdf_and_hwpx(kbs: dict[str, tuple[Path, KnowledgeBase]]) -> None:
    txt = _statements(kbs["txt"][1])
    for fmt in ("pdf", "hwpx"):
        got = _statements(kbs[fmt][1])
        common = sum((txt & got).values())
        recall, precision = common / sum(txt.values()), common / sum(got.values())
        assert recall >= 0.95 and precision >= 0.95, (fmt, recall, precision)
    assert _statements(kbs["hwpx"][1]) == txt  # no page wraps a line of HWPX: exactly the same
    assert _statements(kbs["pdf"][1]) == txt  # measured: the wrapped lines are joined back


def test_every_quote_stands_in_the_text_read_and_cites_its_page_or_cell(
        kbs: dict[str, tuple[Path, KnowledgeBase]]) -> None:
    for fmt, (folder, kb) in kbs.items():
        texts = {name: read_source(folder / name) for name in {s.citation.source for s in kb.statements}}
        for s in kb.statements:
            assert s.citation.quote == clean(texts[s.citation.source].line(s.citation.line))
        df = facts_frame(kb)
        assert list(df.columns[-6:]) == ["page", "locator", "report_year", "report_kind", "date_error", "review"]
        if fmt == "txt":
            assert df["page"].isna().all() and df["locator"].isna().all()
        elif fmt == "pdf":
            assert df["page"].notna().all() and df["locator"].isna().all()
            budget = df[(df["relation"] == "budget") & (df["quote"] == "| 계 | 879,048 | 225,410 | 25.6 |")]
            assert set(budget["page"]) == {1}
        else:
            assert df["page"].isna().all() and df["locator"].str.match(r"section 1 (paragraph \d+|table \d+ row \d+)$").all()
            assert set(df[df["quote"] == "| 계 | 879,048 | 225,410 | 25.6 |"]["locator"]) == {"section 1 table 3 row 2"}


def test_coverage_counts_every_line_page_by_page(kbs: dict[str, tuple[Path, KnowledgeBase]], tmp_path: Path) -> None:
    folder, kb = kbs["pdf"]
    name = f"{REPORTS[0]}.pdf"
    src = read_source(folder / name)
    rows = [c for c in kb.coverage if c.source == name]
    assert len(rows) == sum(1 for t in src.lines if t.strip()) + len(src.dropped) == len(src.lines) + 10
    furniture = [c for c in rows if c.line == 0]
    assert len(furniture) == 10 and {c.status for c in furniture} == {"structure"}
    assert "running header (page 3)" in {c.reason for c in furniture}
    assert all(c.page == src.page(c.line) for c in rows if c.line)
    write_coverage(kb, tmp_path)
    md = (tmp_path / "coverage.md").read_text(encoding="utf-8")
    assert f"## {name}, page by page" in md
    table = md.split(f"## {name}, page by page")[1].split("\n\n")[1].splitlines()[2:]
    assert len(table) == 5 and sum(int(r.split("|")[2]) for r in table) == len(rows)
    txt_md = tmp_path / "txt"
    txt_md.mkdir()
    write_coverage(kbs["txt"][1], txt_md)
    assert "page by page" not in (txt_md / "coverage.md").read_text(encoding="utf-8")


def test_mixed_folder_build_prints_formats_and_writes_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for fmt, name in (("txt", REPORTS[0]), ("pdf", REPORTS[1])):
        (folder / f"{name}.{fmt}").write_bytes(((SOURCES if fmt == "txt" else PDFS) / f"{name}.{fmt}").read_bytes())
    text = (SOURCES / "000_0901a345c4cc1d7c.txt").read_text(encoding="utf-8")
    (folder / "000_0901a345c4cc1d7c.hwpx").write_bytes(report_hwpx(text, "비전협력과"))
    rows = list(csv.DictReader(io.StringIO((SOURCES / "manifest.csv").read_text(encoding="utf-8"))))
    named = {"000_0901a345c4cc1d7c": "hwpx", REPORTS[0]: "txt", REPORTS[1]: "pdf"}
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            stem = r["file"].rsplit(".", 1)[0]
            if stem in named:
                w.writerow({**r, "file": f"{stem}.{named[stem]}"})
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "  000_0901a345c4cc1d7c.hwpx (hwpx, 1 section): " in printed
    assert f"  {REPORTS[1]}.pdf (pdf, 7 pages): " in printed
    assert f"  {REPORTS[0]}.txt: " in printed  # a text report prints as before
    with open(out / "facts.csv", encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    by_file = {f: [r for r in facts if r["source"] == f] for f in {r["source"] for r in facts}}
    assert {r["page"] for r in by_file[f"{REPORTS[1]}.pdf"]} <= {str(p) for p in range(1, 8)}
    assert all(r["locator"].startswith("section 1 ") for r in by_file["000_0901a345c4cc1d7c.hwpx"])
    assert {(r["page"], r["locator"]) for r in by_file[f"{REPORTS[0]}.txt"]} == {("", "")}
    meta = {m.file: m for m in build_kb([folder]).reports}
    assert meta["000_0901a345c4cc1d7c.hwpx"].year == 2021 and meta[f"{REPORTS[1]}.pdf"].plan_year == 2020


def test_hwpx_outline_numbers_bullets_merged_cells_and_running_header() -> None:
    secpr = '<hp:secPr outlineShapeIDRef="1"/>'
    hdr = ('<hp:ctrl><hp:header id="1"><hp:subList>' + para("소통기획과") + "</hp:subList></hp:header>"
           '<hp:footer id="2"><hp:subList>' + para("- 1 -") + "</hp:subList></hp:footer></hp:ctrl>")
    body = "".join([
        para("2019년 주요업무 보고", inner=secpr + hdr), para("일반현황", 1), para("조직", 2),
        para("", inner=table([["구 분", "계", "일반직", "", ""], ["정 원", "17", "1", "4", "6"]])), para("인력", 2),
        para("주요업무 추진실적", 1), para("자매도시 교류", 2), para("몽골 울란바토르시 방문", 3),
    ])
    path = Path("outline.hwpx")
    from graph.read.hwpx import read_hwpx

    doc = read_hwpx(path, hwpx_bytes([body]))
    assert doc.lines == ("2019년 주요업무 보고", "1. 일반현황", "가. 조직", "| 구 분 | 계 | 일반직 |  |  |", "| 정 원 | 17 | 1 | 4 | 6 |",
                         "나. 인력", "2. 주요업무 추진실적", "가. 자매도시 교류", "● 몽골 울란바토르시 방문")
    assert doc.outline == ((2, 1), (3, 2), (6, 2), (7, 1), (8, 2))
    assert doc.locators is not None and doc.locators[3] == "section 1 table 1 row 1" and doc.locators[5] == "section 1 paragraph 5"
    assert [(d.kind, d.text) for d in doc.dropped] == [("running header", "소통기획과"), ("running footer", "- 1 -")]


def test_hwp5_is_read_through_hwpforge_as_hwpx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hwpforge = pytest.importorskip("hwpforge")
    package = report_hwpx((SOURCES / f"{REPORTS[0]}.txt").read_text(encoding="utf-8"), "비전협력과")

    class Converted:
        class document:  # noqa: N801 - the shape of hwpforge's result
            @staticmethod
            def to_bytes() -> bytes:
                return package

    seen: list[bytes] = []
    monkeypatch.setattr(hwpforge, "convert_hwp5", lambda data: seen.append(data) or Converted)
    p = tmp_path / "report.hwp"
    p.write_bytes(hwp_mod.OLE_MAGIC + b"\0" * 504)
    src = read_source(p)
    assert seen and src.format == "hwp" and src.units == 1 and src.locators is not None
    assert src.lines == read_source(_write(tmp_path / "report.hwpx", package)).lines
    # an HWPX package saved under an .hwp name is read as the HWPX it is
    assert read_source(_write(tmp_path / "zip.hwp", package)).format == "hwpx"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _tiny_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (no fonts: a page with no text layer)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


BAD = {
    "corrupt.pdf": (lambda: (PDFS / f"{REPORTS[0]}.pdf").read_bytes()[:4000], "not a readable PDF (corrupt or truncated"),
    "locked.pdf": (lambda: (PDFS / "locked.pdf").read_bytes(), "password-protected PDF"),
    "scan.pdf": (lambda: _tiny_pdf(b"0.5 g 72 72 451 698 re f"), "no text layer: it looks like a scanned image"),
    "truncated.hwpx": (lambda: report_hwpx("가\n나", "x")[:200], "not a readable HWPX file (the zip is truncated"),
    "nosection.hwpx": (lambda: hwpx_bytes([])[:], "HWPX without a section"),
    "binary.hwp": (lambda: hwp_mod.OLE_MAGIC + bytes(range(256)) * 8, "cannot read this HWP 5 file"),
    "old.hwp": (lambda: b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 200, "an HWP 3 file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_files_stop_with_one_line_naming_the_file(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, message = BAD[name]
    good = tmp_path / "good"
    good.mkdir()
    (good / "r.txt").write_bytes((DATA / "unseen_nowon_2020.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["build", str(good), "--out", str(out), "--year", "2020"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    capsys.readouterr()
    bad = _write(good / name, make())
    assert main(["build", str(good), "--out", str(out), "--year", "2020"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"ydkg: error: {bad}: ") and message in err, err
    assert "Traceback" not in err
    if name.endswith(".hwp"):
        assert "save it as HWPX (or PDF)" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert main(["facts", str(bad), "--year", "2020"]) == 2


def test_a_folders_readme_is_not_a_report(tmp_path: Path) -> None:
    """A folder of reports may carry its own README.md (as shared/devset does): it is skipped when the
    folder is searched, while a markdown report beside it is read."""
    from graph.read.sources import discover

    (tmp_path / "README.md").write_text("# About these reports\n", encoding="utf-8")
    (tmp_path / "report.md").write_text("# 2021년 주요업무 보고\n", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["report.md"]
    assert [p.name for p in discover([tmp_path / "README.md"])] == ["README.md"]  # named: read
