"""Read a PDF's text layer with its layout: lines in reading order, tables as rows of cells.

pdfplumber (MIT, on pdfminer.six) gives every character with its position and
every ruling line; ``bench/pdf_readers.py`` compares it with pypdf and
pypdfium2 (the README has the figures). Per page:

- ruled tables (``find_tables``) become one line per row, cells joined as
  :func:`graph.read.extracted.table_row` joins them; their characters leave the text;
- the other characters are grouped into lines by position and read top to bottom;
  a line's indentation from the document's left margin becomes leading spaces
  (two per em), so nested bullets keep their depth;
- a line in the top or bottom eighth of the page whose text (digits aside) recurs at
  the same height on at least half the pages is a running header or footer, and a
  line there that is only a page number (``3``, ``- 3 -``, ``3 / 12``) is one too:
  they are dropped from the text and returned in :attr:`Extracted.dropped`.

A line the page wrapped is joined back to the line it continues (the line
above had no room left for its first word, and it starts no item, heading or
table row), so a report's .txt and .pdf give the same lines; a joined line keeps
the page it starts on. Hanja that fonts map to Kangxi radicals are read as the
ideographs. A PDF that cannot be opened (corrupt, truncated, password-protected),
has no characters (a scan) or whose fonts map no text stops with a one-line
:class:`SourceError`.
"""
from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from ..errors import SourceError
from .extracted import Dropped, Extracted, table_row

#: Share of the page height, from the top and from the bottom, where running headers and footers sit.
BAND = 0.125
#: A running header or footer recurs on at least this share of the pages (and on two at least).
RECUR = 0.5
_PAGE_NUMBER = re.compile(r"^[-–—(\[]?\s*(?:page\s*|p\.\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*(?:쪽|페이지)?\s*[-–—)\]]?$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_RADICAL = re.compile("[\u2e80-\u2fdf]")
_CID = re.compile(r"\(cid:\d+\)")
#: A line ending so is a table-of-contents entry (dot leaders, a page number): the next line is not its rest.
_TOC_END = re.compile(r"(?:[·…•.]{3,}|\t)\s*\d+\s*$")
#: A line starting so begins an item or heading of its own, never the rest of the line above.
_STARTS_ITEM = re.compile(r"^\s*(?:[□■▣○ㅇ◦●◯❍·ㆍ•※*▶▷►✓\-–−—#>|]|[①-⑳]|\(?\d{1,2}[.)]|\(?[가나다라마바사아자차카타파하][.)]|[IVXⅠ-Ⅻ]+\s*\.)")
_SCAN = ("no text layer: it looks like a scanned image. Run OCR on it first (e.g. `ocrmypdf -l kor in.pdf out.pdf`) "
         "or export the report again as PDF or HWPX from its original, then build")


@dataclass
class _Row:
    """One line of a page before furniture is taken out: its box, font size, text and first word's width."""

    top: float
    bottom: float
    x0: float
    size: float
    text: str
    table: bool = False
    x1: float = 0.0
    first_word: float = 0.0


def read_pdf(path: Path, data: bytes) -> Extracted:
    """The text of a PDF file's bytes, line by line with each line's page."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # the library's errors for a file that is not a readable PDF
        raise SourceError(path, _why(exc)) from None
    with pdf:
        try:
            pages = [_read_page(page) for page in pdf.pages]
        except Exception as exc:
            raise SourceError(path, _why(exc)) from None
    n_chars = sum(p.chars for p in pages)
    if not n_chars:
        raise SourceError(path, _SCAN)
    if sum(p.unmapped for p in pages) > 0.2 * n_chars:
        raise SourceError(path, "its fonts map no text (glyphs without Unicode): export it again with text, "
                                "or run OCR on it, then build")
    return _lay_out([p.rows for p in pages], [p.height for p in pages])


def _why(exc: BaseException) -> str:
    """A one-line reason for a PDF the library cannot open or read."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__ or next((a for a in e.args if isinstance(a, BaseException)), None)
    names = " ".join(type(x).__name__ for x in chain) + " " + " ".join(str(x) for x in chain)
    if "Password" in names or "password" in names or "Encrypt" in names:
        return ("password-protected PDF: ydkg cannot open it. Save or print it again without a password, "
                "then build")
    detail = " ".join(str(chain[-1]).split())[:80] or type(chain[-1]).__name__
    return f"not a readable PDF (corrupt or truncated: {detail})"


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


@dataclass
class _Page:
    """One page read: its rows top to bottom, its height, its characters and how many map no text."""

    rows: list[_Row]
    height: float
    chars: int
    unmapped: int


def _read_page(page: Any) -> _Page:
    """The page's rows (text lines and table rows, top to bottom) and counts."""
    chars = [c for c in page.chars if c.get("upright", True)]
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    rows: list[_Row] = []
    tables = page.find_tables() if chars else []
    boxes = [t.bbox for t in tables]
    for t in tables:
        for group, cells in zip(t.rows, t.extract()):
            if any((c or "").strip() for c in cells):
                x0, top, _, bottom = group.bbox
                rows.append(_Row(top, bottom, x0, 0.0, _unify(table_row([c or "" for c in cells])), table=True))
    body = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    for line in body.extract_text_lines(strip=True, return_chars=True):
        text = _unify(line["text"])
        if text.strip():
            chars = line["chars"]
            size = median(c["size"] for c in chars) if chars else 10.0
            rows.append(_Row(line["top"], line["bottom"], line["x0"], size, text, x1=line["x1"],
                             first_word=_first_word_width(chars)))
    rows.sort(key=lambda r: (round(r.top, 1), r.x0))
    height = float(page.height)
    page.close()
    return _Page(rows, height, len(chars), unmapped)


def _first_word_width(chars: list[dict]) -> float:
    """The width of a line's first word (up to a space or a gap): what a wrap would have had to fit above."""
    if not chars:
        return 0.0
    end = chars[0]["x1"]
    for prev, c in zip(chars, chars[1:]):
        if not c["text"].strip() or c["x0"] - prev["x1"] > 0.15 * (c.get("size") or 10.0):
            break
        end = c["x1"]
    return end - chars[0]["x0"]


def _unify(text: str) -> str:
    """Kangxi and CJK radicals that fonts map some Hanja to (⼦ U+2F26) as the ideographs they stand for (子);
    a glyph the PDF maps to no character (pdfminer's ``(cid:12)``) as U+FFFD."""
    if "(cid:" in text:
        text = _CID.sub("\ufffd", text)
    return _RADICAL.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text) if _RADICAL.search(text) else text


def _furniture(pages: list[list[_Row]], heights: list[float]) -> dict[tuple[int, int], str]:
    """(page index, row index) → kind, for the running headers, footers and page numbers."""
    def band(row: _Row, height: float) -> str | None:
        if row.table:
            return None
        if row.bottom <= height * BAND:
            return "running header"
        if row.top >= height * (1 - BAND):
            return "running footer"
        return None

    keys: Counter[tuple[str, int, str]] = Counter()
    for rows, height in zip(pages, heights):
        keys.update({(b, round(r.top / 6), _DIGITS.sub("#", r.text)) for r in rows if (b := band(r, height))})
    need = max(2, math.ceil(RECUR * len(pages)))
    out: dict[tuple[int, int], str] = {}
    for p, (rows, height) in enumerate(zip(pages, heights)):
        for i, r in enumerate(rows):
            b = band(r, height)
            if b is None:
                continue
            if _PAGE_NUMBER.match(r.text.strip()):
                out[(p, i)] = "page number"
            elif len(pages) >= 2 and keys[(b, round(r.top / 6), _DIGITS.sub("#", r.text))] >= need:
                out[(p, i)] = b
    return out


def _indent(row: _Row, margin: float) -> str:
    """Leading spaces for the row's distance from the left margin (two per em)."""
    if row.table or row.size <= 0:
        return ""
    return " " * max(0, min(40, round((row.x0 - margin) / (row.size / 2))))


def _wrapped(above: _Row, row: _Row, right: float) -> bool:
    """True if ``row`` is the rest of ``above``, wrapped: ``above`` had no room left for ``row``'s
    first word, and ``row`` neither starts an item nor stands left of ``above``'s text."""
    if above.table or row.table or _STARTS_ITEM.match(row.text) or _TOC_END.search(above.text):
        return False
    room = right - above.x1
    return room < row.first_word + above.size * 0.6 and row.x0 >= above.x0 - above.size * 0.6


def _lay_out(pages: list[list[_Row]], heights: list[float]) -> Extracted:
    """The document's lines, pages and dropped furniture from each page's rows; wrapped lines joined."""
    furniture = _furniture(pages, heights)
    body = [r for p, rows in enumerate(pages) for i, r in enumerate(rows) if (p, i) not in furniture]
    margin = min((r.x0 for r in body if not r.table), default=0.0)
    right = max((r.x1 for r in body if not r.table), default=0.0)
    lines: list[str] = []
    page_of: list[int] = []
    dropped: list[Dropped] = []
    above: _Row | None = None
    for p, rows in enumerate(pages, start=1):
        for i, r in enumerate(rows):
            kind = furniture.get((p - 1, i))
            if kind is not None:
                dropped.append(Dropped(p, kind, r.text, f"page {p}"))
            elif above is not None and _wrapped(above, r, right):
                lines[-1] = f"{lines[-1]} {r.text.strip()}"
                above = r
            else:
                lines.append(_indent(r, margin) + r.text)
                page_of.append(p)
                above = r
    return Extracted(format="pdf", lines=tuple(lines), units=len(pages), pages=tuple(page_of),
                     dropped=tuple(dropped))

