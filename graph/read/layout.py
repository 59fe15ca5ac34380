"""Layout: from the physical lines a converter gives to the logical lines the parser reads.

Reports reach ydkg through HWP and PDF converters and markdown tools, so the
same content comes in many shapes (GENRE.md, "Layouts the same reports take
after conversion"). This stage undoes the shapes that are about the page, not
the content, before any rule reads the text:

- full-width forms (``（주）``, ``２０２０``, ``：``) become their ASCII forms;
- page furniture goes: page numbers (``- 5 -``, ``5 / 12``) and running
  headers or footers (a line repeated next to page numbers);
- tables become rows of TAB-separated cells: box-drawn tables (``┌ │ ┼ └``)
  with a cell's text wrapped over several rows of the drawing joined back, and
  pipe tables (``| a | b |``) without their ``|---|`` separator rows;
- a table flattened one cell per line (a header of column headings, ``structure.toml``
  [flat_tables], then its cells) becomes rows of TAB-separated cells;
- a table aligned with spaces (a header of column headings two or more spaces apart) becomes rows
  of TAB-separated cells, each row having as many cells as the header;
- a circled number that heads a section or a program (``① 조직: …``, ``① 사업명 (담당팀)``) is
  numbered ``1.`` as the parser expects of headings (a circled number before an item stays a bullet);
- an item whose parts a TAB separates (``○ 일자리박람회<TAB>2022. 9. 21.<TAB>범어도서관``) is
  written ``WHAT: WHEN / WHERE`` as the genre writes a result line;
- markdown list items (``* 항목``, nested by indent) become ``- 항목``: a converter's list mark,
  not the genre's ``*`` note;
- a heading that carries its team after TABs or a run of spaces
  (``1. 사업명<TAB><TAB>담당팀``) keeps one space before the team.

Line numbers never change: :class:`Layout` has one logical line per physical
line. A physical line folded into another (a wrapped table row) becomes empty
and is recorded in :attr:`Layout.continuation`; page furniture and table
borders become empty and are recorded in :attr:`Layout.structure`, so the
coverage report still accounts for every line. Citations quote the physical
line (:attr:`Layout.source`), so a quote always stands in the file.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .. import rules
from .sources import SourceText

#: Full-width ASCII (U+FF01–FF5E) and the ideographic space, to their ASCII forms.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3})\s*$", re.I)
_BOX_VERTICAL = "│┃║"
_BOX_ALL = "┌┐└┘├┤┬┴┼─━│┃║╋┣┫┳┻┏┓┗┛═╔╗╚╝╠╣╦╩╬"
_BOX_BORDER = re.compile(f"^[\\s{_BOX_ALL}]+$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_SHORT_FIGURE = re.compile(r"^[\d,.%△▲\-~/() ]+$")
_TEAM_AFTER_GAP = re.compile(r"^(\S.*?\S)(?:\t+\s*|\s{4,})(\S+(?:팀|추진단|TF))\s*$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_HEAD = re.compile(f"^([{_CIRCLED}])\\s*(\\S.*)$")
_CELL_STOP = re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[IVX]+\.|#|\d{1,2}[.)]\s|\(\d{1,2}\)|[①-⑳])")
_MD_STAR = re.compile(r"^(\s*)\* (?=\S)")
_BULLET_START = re.compile(r"^\s*[□■▣○ㅇ◦●◯❍·ㆍ•※*▶▷►▸‣\-–]")


@dataclass
class Layout:
    """The logical lines of a report, one per physical line, and what the layout stage saw."""

    source: SourceText
    lines: list[str]
    structure: dict[int, str] = field(default_factory=dict)  # 1-based line -> reason
    continuation: dict[int, int] = field(default_factory=dict)  # 1-based line -> the line it joined

    def line(self, number: int) -> str:
        """The logical text of 1-based line ``number``."""
        return self.lines[number - 1]


def half_width_forms(text: str) -> str:
    """``text`` with full-width ASCII forms and the ideographic space in ASCII."""
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


def lay_out(src: SourceText) -> Layout:
    """The logical lines of ``src`` (see the module docstring)."""
    out = Layout(src, [half_width_forms(t.rstrip()) for t in src.lines])
    _page_furniture(out)
    _box_tables(out)
    _pipe_tables(out)
    _flat_tables(out)
    _space_tables(out)
    _team_after_gap(out)
    _circled_headings(out)
    _tabbed_items(out)
    _markdown_bullets(out)
    return out


def _drop(out: Layout, i: int, reason: str) -> None:
    out.lines[i] = ""
    out.structure[i + 1] = reason


# --------------------------------------------------------------------------- page furniture

def _page_furniture(out: Layout) -> None:
    """Page numbers, and lines repeated right after or before them (running headers, footers)."""
    lines = out.lines
    pages = [i for i, t in enumerate(lines) if t and _PAGE_NUMBER.match(t)]
    if not pages:
        return
    counts = Counter(t.strip() for t in lines if t.strip())
    running: set[str] = set()
    for i in pages:
        for j in (_next_text(lines, i, 1), _next_text(lines, i, -1)):
            if j is None:
                continue
            t = lines[j].strip()
            if counts[t] >= 2 and not _BULLET_START.match(t) and len(t) <= 80:
                running.add(t)
    for i in pages:
        _drop(out, i, "page number")
    for i, t in enumerate(lines):
        if t.strip() in running:
            _drop(out, i, "running header")


def _next_text(lines: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return j
        j += step
    return None


# --------------------------------------------------------------------------- tables

def _box_tables(out: Layout) -> None:
    """Box-drawn tables: borders dropped, rows as TAB-separated cells, wrapped cells joined."""
    lines = out.lines
    text = "\n".join(lines)
    if not any(ch in text for ch in "│┃║"):
        return
    band: list[tuple[int, list[str]]] = []
    for i, t in enumerate(lines + [""]):
        s = t.strip()
        if s and s[0] in _BOX_VERTICAL and s[-1] in _BOX_VERTICAL and len(s) > 1:
            band.append((i, _box_cells(s)))
            continue
        if band:
            _flush_band(out, band)
            band = []
        if s and _BOX_BORDER.match(s):
            _drop(out, i, "table border")


def _box_cells(s: str) -> list[str]:
    """The raw cells of a box row ``│a │ b│`` (padding kept: a full cell has none at its end)."""
    return re.split(f"[{_BOX_VERTICAL}]", s)[1:-1]


def _flush_band(out: Layout, band: list[tuple[int, list[str]]]) -> None:
    """Write the rows of one band (the rows between two borders) as logical lines."""
    rows: list[tuple[int, list[str], list[str]]] = []  # (first line, cells, raw cells of its last line)
    for i, raw in band:
        cells = [c.strip() for c in raw]
        if rows and _continues(rows[-1][1], cells):
            head, prev, prev_raw = rows[-1]
            for k, c in enumerate(cells):
                if not c:
                    continue
                full = prev_raw[k] == prev_raw[k].rstrip()  # the text above ran to the cell's edge
                prev[k] = prev[k] + ("" if full and prev[k] and not c.startswith("(") else " ") + c
                prev[k] = prev[k].strip()
            rows[-1] = (head, prev, raw)
            out.lines[i] = ""
            out.continuation[i + 1] = head + 1
        else:
            rows.append((i, cells, raw))
    for i, cells, _ in rows:
        out.lines[i] = "\t".join(cells)  # empty cells keep their place: columns stay aligned
        if not out.lines[i].strip():
            _drop(out, i, "table border")


def _continues(prev: list[str], cells: list[str]) -> bool:
    """True if a drawn row continues the row above: it leaves empty a short figure cell that the
    row above fills (an amount, a date, a rate), or fills one cell where the row above fills several."""
    if not any(cells) or len(cells) != len(prev):
        return False
    emptied = any(not c and p and _SHORT_FIGURE.match(p) for c, p in zip(cells, prev))
    return emptied or sum(1 for c in cells if c) == 1 and sum(1 for p in prev if p) > 2


def _pipe_tables(out: Layout) -> None:
    """Pipe tables: ``|---|`` separator rows dropped, ``| a | b |`` rows as TAB-separated cells."""
    for i in [i for i, t in enumerate(out.lines) if "|" in t]:
        s = out.lines[i].strip()
        if not s.startswith("|") or s.count("|") < 2:
            continue
        if _PIPE_SEPARATOR.match(s):
            _drop(out, i, "table border")
            continue
        cells = [c.strip() for c in s.strip("|").split("|")]
        out.lines[i] = "\t".join(cells)


def _team_after_gap(out: Layout) -> None:
    """``1. 사업명<TAB><TAB>담당팀`` → ``1. 사업명 담당팀``: the gap before a trailing team is one space."""
    for i in [i for i, t in enumerate(out.lines) if "\t" in t or "    " in t]:  # a cheap first test
        t = out.lines[i]
        if ("\t" in t or "    " in t.strip()) and not _BULLET_START.match(t):
            m = _TEAM_AFTER_GAP.match(t.strip())
            if m and "\t" not in m.group(1):
                out.lines[i] = f"{m.group(1)} {m.group(2)}"


def _markdown_bullets(out: Layout) -> None:
    """A report that lists with ``* `` (three or more such lines) went through a markdown converter:
    its ``* `` items are list items (``- ``), nested by their indent."""
    starred = [i for i, t in enumerate(out.lines) if t.lstrip().startswith("* ") and _MD_STAR.match(t)]
    if len(starred) < 3:
        return
    for i in starred:
        out.lines[i] = _MD_STAR.sub(r"\1- ", out.lines[i], count=1)


def _despaced(text: str) -> str:
    return "".join(text.split())


def _flat_tables(out: Layout) -> None:
    """Tables written one cell per line: a header of two or more column headings on lines of their
    own, then the cells, as many lines a row as the header has cells, up to a blank line or a line
    that starts an item or a heading. A heading word may also label a row (``계``, ``예산액``): the
    header is the longest run of headings whose rows keep each column all figures or all words."""
    heading = _heading_line(frozenset(rules.load("structure")["flat_tables"]["headers"]))
    lines, pos = out.lines, 0
    for i, run in _runs([i for i, t in enumerate(lines) if heading.fullmatch(t)]):
        if i < pos:  # the run's first lines are the table just folded
            run, i = run - (pos - i), pos
        if run < 2:
            continue
        for k in range(run, 1, -1):
            rows = _flat_rows(lines, i + k, k)
            end = rows[-1] + k if rows else 0
            clean_end = end >= len(lines) or not _is_cell(lines[end])  # no cells left over: a partial row
            if rows and clean_end and _columns_agree(lines, rows, k):
                for start in [i, *rows]:
                    _fold(out, start, k)
                pos = rows[-1] + k
                break


@lru_cache(maxsize=4)
def _heading_line(headers: frozenset[str]) -> re.Pattern[str]:
    """A line that is one column heading, spaces (not TABs) anywhere: what ``_despaced(line) in
    headers`` tests, as one pattern matched over all the lines at once."""
    space = r"[^\S\t]*"
    words = sorted(headers, key=lambda h: (-len(h), h))
    return re.compile(space + "(?:" + "|".join(space.join(map(re.escape, h)) for h in words) + ")" + space)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted ``indices``, as (first, length)."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def _flat_rows(lines: list[str], j: int, k: int) -> list[int]:
    """The first lines of the rows of ``k`` cells from line ``j`` on, while every line is a cell."""
    rows = []
    while j + k <= len(lines) and all(_is_cell(lines[m]) for m in range(j, j + k)):
        rows.append(j)
        j += k
    return rows


def _columns_agree(lines: list[str], rows: list[int], k: int) -> bool:
    """True if each column of the rows holds figures only or words only (``-`` fits either)."""
    for c in range(k):
        kinds = {bool(_SHORT_FIGURE.match(lines[r + c].strip())) for r in rows if lines[r + c].strip() not in ("-", "–", "—")}
        if len(kinds) > 1:
            return False
    return True


def _is_cell(text: str) -> bool:
    """A line that can be a cell of a flattened table: not blank, no bullet, no heading, no TAB."""
    t = text.strip()
    if t in ("-", "–", "—"):
        return True  # an empty figure
    return bool(t) and "\t" not in t and not _BULLET_START.match(t) and not _CELL_STOP.match(t) and len(t) <= 80


def _fold(out: Layout, start: int, k: int) -> None:
    """Lines ``start .. start+k-1`` become one TAB-separated row on the first of them."""
    cells = [out.lines[m].strip() for m in range(start, start + k)]
    out.lines[start] = "\t".join(cells)
    for m in range(start + 1, start + k):
        out.lines[m] = ""
        out.continuation[m + 1] = start + 1


def _circled_headings(out: Layout) -> None:
    """``① 조직: …`` and ``① 사업명 (담당팀)`` at the left margin are numbered headings (``1. …``)."""
    r = rules.load("structure")
    sections = tuple(r["general"])
    teams = tuple(r["units"]["team_suffix"])
    for i, t in enumerate(out.lines):
        m = _CIRCLED_HEAD.match(t)
        if m is None:
            continue
        rest = m.group(2).strip()
        d = _despaced(rest)
        team = re.search(r"\(([^()]+)\)\s*$", rest)
        if d.startswith(sections) or (team and team.group(1).strip().endswith(teams)):
            out.lines[i] = f"{_CIRCLED.index(m.group(1)) + 1}. {rest}"


_GAPS = tuple(re.compile(rf"\s{{{k},}}") for k in (2, 3, 4))


def _space_header(text: str, headers: frozenset[str]) -> tuple[list[str], re.Pattern[str]]:
    """The cells of a header of column headings two or more spaces apart, and the gap that splits it
    (wider gaps first when a heading's letters are spaced out: ``구  분      계``); else ``[]``."""
    if "  " not in text or "\t" in text:
        return [], _GAPS[0]
    for gap in _GAPS:
        cells = gap.split(text.strip())
        if len(cells) >= 3 and all(_despaced(c) in headers for c in cells):
            return cells, gap
    return [], _GAPS[0]


def _space_tables(out: Layout) -> None:
    """Tables aligned with runs of spaces: a header of three or more column headings two or more
    spaces apart, then the rows that split into as many cells at runs of two or more spaces."""
    headers = frozenset(rules.load("structure")["flat_tables"]["headers"])
    lines, pos = out.lines, 0
    for i in [i for i, t in enumerate(lines) if "  " in t and "\t" not in t]:  # what a header needs
        if i < pos:
            continue  # a row of the table just read
        head, gap = _space_header(lines[i], headers)
        if not head:
            continue
        out.lines[i] = "\t".join(head)
        j = i + 1
        while j < len(lines):
            cells = gap.split(lines[j].strip())
            if (j + 1) in out.structure:
                j += 1  # a page break inside the table
                continue
            if len(cells) != len(head) or "\t" in lines[j]:
                break
            out.lines[j] = "\t".join(cells)
            j += 1
        pos = j


_ITEM_WORD = re.compile(r"^\s*[○ㅇ◦●◯❍·ㆍ•▶▷►▸‣\-–*]\s*[^\t]*[가-힣A-Za-z]")


def _tabbed_items(out: Layout) -> None:
    """A bulleted line whose parts TABs separate: the first TAB is the result line's colon, the others
    separate what follows (``○ 박람회<TAB>9. 21.<TAB>광장`` → ``○ 박람회: 9. 21. / 광장``)."""
    for i, t in enumerate(out.lines):
        if "\t" not in t or not _ITEM_WORD.match(t):
            continue
        indent = t[: len(t) - len(t.lstrip())]
        parts = [p.strip() for p in t.strip().split("\t") if p.strip()]
        if len(parts) >= 2 and ":" not in parts[0]:
            out.lines[i] = f"{indent}{parts[0]}: {' / '.join(parts[1:])}"
