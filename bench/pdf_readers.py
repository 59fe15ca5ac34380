"""Compare PDF text readers on the printed fixtures (``tests/data/pdf/``), against the ``.txt`` they were printed from.

``python -m bench.pdf_readers [PDF …]`` needs whichever of pdfplumber, pypdf and
pypdfium2 are installed (``pip install pdfplumber pypdf``; pdfplumber brings
pdfminer.six and pypdfium2). Per reader it prints:

- ``hangul``: the share of the source's Hangul syllables found in the text (as a multiset);
- ``chars``: difflib's similarity of the source's and the text's characters (spaces and ``|`` aside);
- ``lines``: the share of the source's non-table lines found verbatim as a line of the text
  (word spacing; a wrapped line counts as missed for every reader alike);
- ``tables``: table rows recovered as cells, of the source's tab-separated rows;
- ``exact rows``: the source's table rows found verbatim among the lines, as pipe table rows
  (``| a | b |``: only ydkg's reader writes them so);
- ``s/page``: wall time to open the file and read every page, best of three.

PyMuPDF is not measured: it is AGPL-3.0 (or commercial), which would bind ydkg's users.
"""
from __future__ import annotations

import argparse
import difflib
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from graph.read.extracted import table_row

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "pdf"


def _source(pdf: Path) -> str:
    return (ROOT / "data" / "sources" / f"{pdf.stem}.txt").read_text(encoding="utf-8")


def read_pdfplumber(path: Path) -> tuple[str, int, int]:
    """(text, pages, table rows) with pdfplumber: lines by position, tables by their rules."""
    import pdfplumber

    texts, rows = [], 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text())
            rows += sum(len(t.rows) for t in page.find_tables())
        return "\n".join(texts), len(pdf.pages), rows


def read_pypdf(path: Path) -> tuple[str, int, int]:
    """(text, pages, 0) with pypdf's text extraction (no tables)."""
    import pypdf

    reader = pypdf.PdfReader(path)
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages), 0


def read_pypdfium2(path: Path) -> tuple[str, int, int]:
    """(text, pages, 0) with PDFium's text page (no tables)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        return "\n".join(t.replace("\r\n", "\n") for t in texts), len(doc), 0
    finally:
        doc.close()


def read_ydkg(path: Path) -> tuple[str, int, int]:
    """(text, pages, table rows) with ydkg's reader (pdfplumber with furniture dropped and wraps joined)."""
    from graph.read.pdf import read_pdf

    doc = read_pdf(path, path.read_bytes())
    return "\n".join(doc.lines), doc.units, sum(1 for t in doc.lines if t.startswith("| "))


READERS: dict[str, tuple[Callable[[Path], tuple[str, int, int]], str]] = {
    "ydkg (graph.read.pdf)": (read_ydkg, "MIT: pdfplumber, pdfminer.six"),
    "pdfplumber": (read_pdfplumber, "MIT (pdfminer.six MIT)"),
    "pypdf": (read_pypdf, "BSD-3-Clause"),
    "pypdfium2": (read_pypdfium2, "Apache-2.0 or BSD-3-Clause"),
}


def score(source: str, text: str) -> dict[str, float]:
    """Korean correctness of ``text`` against ``source`` (see the module docstring)."""
    hangul = Counter(c for c in source if "가" <= c <= "힣")
    got = Counter(c for c in text if "가" <= c <= "힣")
    plain = [ln.strip() for ln in source.split("\n") if ln.strip() and "\t" not in ln and ln.strip() != "---"]
    have = {ln.strip() for ln in text.split("\n")}
    rows = [table_row(ln.split("\t")) for ln in source.split("\n") if "\t" in ln]
    have_rows = set(text.split("\n"))
    a = "".join(source.replace("|", "").split())  # ydkg's pipe table rows add pipes the page does not show
    b = "".join(text.replace("|", "").split())
    return {"hangul": sum((hangul & got).values()) / sum(hangul.values()),
            "chars": difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(),
            "lines": sum(ln in have for ln in plain) / len(plain),
            "rows": len(rows), "exact_rows": sum(r in have_rows for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    pdfs = args.pdfs or [p for p in sorted(FIXTURES.glob("*.pdf")) if (ROOT / "data" / "sources" / f"{p.stem}.txt").is_file()]
    print("| reader | licence | file | pages | hangul | chars | lines | table rows | exact rows | s/page |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (read, licence) in READERS.items():
        for pdf in pdfs:
            try:
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    text, pages, rows = read(pdf)
                    times.append(time.perf_counter() - t0)
            except ImportError:
                print(f"| {name} | {licence} | not installed | | | | | | | |")
                break
            s = score(_source(pdf), text)
            print(f"| {name} | {licence} | {pdf.name} | {pages} | {s['hangul']:.2%} | {s['chars']:.2%} | "
                  f"{s['lines']:.1%} | {rows}/{int(s['rows'])} | {int(s['exact_rows'])} | {min(times) / pages:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
