"""Render a ``.txt`` report as a printed PDF (the fixtures under ``tests/data/pdf/``).

``python -m tests.fixtures_pdf`` writes ``tests/data/pdf/<name>.pdf`` for the
embedded reports with Debian's headless chromium (``apt-get install chromium
fonts-noto-cjk``). The page is A4 with a running header (the division and the
report's title) and a page number at the foot (``- 3 -``), as the district's
printed reports have; tab-separated lines become ruled tables, indentation
becomes a left margin, blank lines a gap, and long lines wrap (keep-all, so a
wrap falls between words, as 한글's default 어절 wrapping does). The PDFs are
committed so the tests need neither chromium nor the font; this module is
how they were made.
"""
from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "data" / "pdf"
CHROMIUM = "/usr/bin/chromium"
#: The embedded reports rendered, and each one's running header.
REPORTS = {
    "001_12c0e7fe743c4ed0": "비전협력과 · 2020년 주요업무 보고",
    "003_b045289d5af29e36": "소통기획과 · 2019년 주요업무 보고",
}

CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-center { content: "%(header)s"; font: 9pt 'Noto Sans CJK KR'; color: #444; }
  @bottom-center { content: "- " counter(page) " -"; font: 9pt 'Noto Sans CJK KR'; } }
body { font: 10.5pt/1.45 'Noto Sans CJK KR', sans-serif; word-break: keep-all; text-spacing-trim: space-all; margin: 0; }
div.l { margin: 0; }
div.gap { height: 0.6em; }
hr { border: 0; border-top: 0.6pt solid #000; margin: 4pt 0; }
table { border-collapse: collapse; margin: 3pt 0; }
td { border: 0.6pt solid #000; padding: 1pt 4pt; font-size: 9.5pt; vertical-align: top; }
"""


def _indent(line: str) -> tuple[int, str]:
    stripped = line.lstrip(" ")
    return len(line) - len(stripped), stripped


def _table(rows: list[str]) -> str:
    width = max(len(r.split("\t")) for r in rows)
    out = ["<table>"]
    for r in rows:
        cells = r.split("\t") + [""] * (width - len(r.split("\t")))
        out.append("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def report_html(text: str, header: str) -> str:
    """The HTML page of one report's text."""
    body: list[str] = []
    rows: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            rows.append(line)
            continue
        if rows:
            body.append(_table(rows))
            rows = []
        if not line.strip():
            body.append('<div class="gap"></div>')
        elif line.strip() == "---":
            body.append("<hr>")
        else:
            n, rest = _indent(line)
            body.append(f'<div class="l" style="padding-left:{n * 0.5}em">{html.escape(rest)}</div>')
    if rows:
        body.append(_table(rows))
    css = CSS % {"header": header}
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><style>{css}</style></head>'
            f"<body>{''.join(body)}</body></html>")


def render(html_text: str, pdf: Path) -> Path:
    """Print ``html_text`` to ``pdf`` with headless chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    return pdf


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, header in REPORTS.items():
        text = (ROOT / "data" / "sources" / f"{name}.txt").read_text(encoding="utf-8")
        pdf = render(report_html(text, header), OUT / f"{name}.pdf")
        print(f"{pdf}: {pdf.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
