"""Read an HWPX (OWPML, KS X 6101) document: a zip of XML, read with the standard library.

``Contents/content.hpf`` lists the sections in order (``Contents/section0.xml`` …);
``Contents/header.xml`` holds the paragraph shapes and numberings. Each section is
a list of paragraphs (``hp:p``) whose runs (``hp:run``) hold text (``hp:t``) and
objects. Read in document order:

- a paragraph is one line (a line break inside it, ``hp:lineBreak``, starts another;
  ``hp:tab`` is a tab, as 한글's own text export writes it);
- a table (``hp:tbl`` → ``hp:tr`` → ``hp:tc``, placed by ``hp:cellAddr``) is one
  line per row, cells joined as :func:`graph.read.extracted.table_row` joins them; a
  cell merged over others leaves the cells it covers empty, as a printed row shows them;
- the document's own outline: a paragraph whose shape is an outline level (``hh:heading
  type="OUTLINE"``) or a numbered paragraph (``NUMBER``) gets the number 한글 draws before
  it (``1.``, ``가.``, ``(1)`` … from ``hh:numbering``/``hh:paraHead``), a bulleted one its
  bullet; outline headings are listed in :attr:`Extracted.outline`;
- running headers and footers (``hp:header``, ``hp:footer``) are dropped from the text
  and returned in :attr:`Extracted.dropped`; text boxes and notes are read where they stand.

Each line's locator names its section and paragraph, or its table and row
(``section 1 paragraph 12``, ``section 1 table 2 row 3``).
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import SourceError
from .extracted import Dropped, Extracted, cell_text, table_row

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
#: No member of a report's package is anywhere near this size; a larger one is refused, not inflated.
MAX_MEMBER = 256 * 1024 * 1024
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
#: Wingdings/Symbol bullets 한글 stores in the private use area, as the glyph they draw.
_PUA_BULLETS = {"\uf06c": "●", "\uf09f": "•", "\uf0a1": "○", "\uf0a7": "■", "\uf06e": "■", "\uf0fc": "✓",
                "\uf0d8": "▶", "\uf0e0": "→", "\uf0b7": "•", "\uf02d": "-"}


def read_hwpx(path: Path, data: bytes, fmt: str = "hwpx") -> Extracted:
    """The text of an HWPX package's bytes, line by line with each line's locator."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise SourceError(path, f"not a readable {fmt.upper()} file (the zip is truncated or corrupt)") from None
    with zf:
        sections = _section_names(zf)
        if not sections:
            raise SourceError(path, f"{fmt.upper()} without a section (no Contents/section0.xml): nothing to read")
        head = _Head.parse(_xml(zf, "Contents/header.xml", path)) if "Contents/header.xml" in zf.namelist() else _Head()
        walker = _Walker(head)
        for n, name in enumerate(sections, start=1):
            walker.section(n, _xml(zf, name, path))
    return Extracted(format=fmt, lines=tuple(walker.lines), units=len(sections), locators=tuple(walker.locators),
                     dropped=tuple(walker.dropped), outline=tuple(walker.outline))


def _section_names(zf: zipfile.ZipFile) -> list[str]:
    """The section parts in reading order: the manifest's spine, else by number."""
    found = {m.group(0): int(m.group(1)) for m in map(_SECTION.match, zf.namelist()) if m}
    return sorted(found, key=found.__getitem__)


def _xml(zf: zipfile.ZipFile, name: str, path: Path) -> ET.Element:
    """A package member parsed as XML; a damaged member is a one-line error."""
    info = zf.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise SourceError(path, f"{name} is {info.file_size:,} bytes unpacked: too large for a report")
    try:
        data = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise SourceError(path, f"{name} cannot be unpacked (the zip is truncated or corrupt)") from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(path, f"{name} is not well-formed XML ({exc})") from None


@dataclass
class _Numbering:
    """One ``hh:numbering``: per level (1-based) its start, number format and template (``^1.``)."""

    levels: dict[int, tuple[int, str, str]] = field(default_factory=dict)


@dataclass
class _Head:
    """What ``header.xml`` says about paragraphs: their heading kind and the numberings and bullets."""

    headings: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # paraPr id -> (type, idRef, level)
    numberings: dict[str, _Numbering] = field(default_factory=dict)
    bullets: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: ET.Element) -> "_Head":
        head = cls()
        for pr in root.iter(f"{HH}paraPr"):
            h = pr.find(f".//{HH}heading")  # may sit inside hp:switch/hp:case in newer files
            if h is not None and h.get("type", "NONE") != "NONE":
                head.headings[pr.get("id", "")] = (h.get("type", ""), h.get("idRef", "0"), int(h.get("level", "0")))
        for num in root.iter(f"{HH}numbering"):
            levels = {int(ph.get("level", "1")): (int(ph.get("start", "1")), ph.get("numFormat", "DIGIT"), ph.text or "")
                      for ph in num.iter(f"{HH}paraHead")}
            head.numberings[num.get("id", "")] = _Numbering(levels)
        for b in root.iter(f"{HH}bullet"):
            char = b.get("char", "")
            head.bullets[b.get("id", "")] = _PUA_BULLETS.get(char, "•" if "\ue000" <= char <= "\uf8ff" else char)
        return head


_HANGUL = "가나다라마바사아자차카타파하"
_CIRCLED_HANGUL = "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻"
_JAMO = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` written in an OWPML number format (``DIGIT``, ``HANGUL_SYLLABLE``, ``ROMAN_CAPITAL`` …)."""
    def cycle(alphabet: str) -> str:
        return alphabet[(n - 1) % len(alphabet)]

    table = {
        "CIRCLED_DIGIT": lambda: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "ROMAN_CAPITAL": lambda: _roman(n), "ROMAN_SMALL": lambda: _roman(n).lower(),
        "LATIN_CAPITAL": lambda: cycle("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "LATIN_SMALL": lambda: cycle("abcdefghijklmnopqrstuvwxyz"),
        "HANGUL_SYLLABLE": lambda: cycle(_HANGUL), "CIRCLED_HANGUL_SYLLABLE": lambda: cycle(_CIRCLED_HANGUL),
        "HANGUL_JAMO": lambda: cycle(_JAMO), "CIRCLED_LATIN_SMALL": lambda: chr(0x24D0 + (n - 1) % 26),
    }
    return table[fmt]() if fmt in table and n >= 1 else str(n)


class _Outline:
    """Draws the numbers of outline and numbered paragraphs, keeping one counter per level and numbering."""

    def __init__(self, head: _Head) -> None:
        self.head = head
        self.outline_shape = "1"
        self.counters: dict[tuple[str, str], list[int]] = {}

    def prefix(self, para_pr: str | None) -> tuple[str, int | None]:
        """The number or bullet drawn before a paragraph of shape ``para_pr``, and its outline level if any."""
        kind, ref, level = self.head.headings.get(para_pr or "", ("NONE", "0", 0))
        if kind == "BULLET":
            char = self.head.bullets.get(ref, "•")
            return (f"{char} " if char else ""), None
        if kind not in ("OUTLINE", "NUMBER"):
            return "", None
        num_id = (ref if ref != "0" else self.outline_shape) if kind == "OUTLINE" else ref
        numbering = self.head.numberings.get(num_id)
        counts = self.counters.setdefault((kind, num_id), [0] * 10)
        lvl = max(0, min(level, 9))
        counts[lvl] += 1
        counts[lvl + 1:] = [0] * (9 - lvl)
        outline_level = lvl + 1 if kind == "OUTLINE" else None
        if numbering is None or (lvl + 1) not in numbering.levels:
            return "", outline_level
        template = numbering.levels[lvl + 1][2]

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1))
            start, fmt, _ = numbering.levels.get(k, (1, "DIGIT", ""))
            return format_number(start - 1 + max(counts[k - 1], 1), fmt)

        text = re.sub(r"\^(\d)", number, template).strip()
        return (f"{text} " if text else ""), outline_level


class _Walker:
    """Walks the sections' paragraphs in document order, collecting lines, locators, furniture and outline."""

    def __init__(self, head: _Head) -> None:
        self.numbers = _Outline(head)
        self.lines: list[str] = []
        self.locators: list[str] = []
        self.dropped: list[Dropped] = []
        self.outline: list[tuple[int, int]] = []
        self.tables = 0

    def add(self, text: str, where: str) -> None:
        self.lines.append(text)
        self.locators.append(where)

    def section(self, n: int, root: ET.Element) -> None:
        """Read one section's top-level paragraphs."""
        sec_pr = root.find(f".//{HP}secPr")
        if sec_pr is not None and sec_pr.get("outlineShapeIDRef"):
            self.numbers.outline_shape = sec_pr.get("outlineShapeIDRef", "1")
        self.tables = 0
        for k, p in enumerate(root.findall(f"{HP}p"), start=1):
            self.paragraph(p, f"section {n} paragraph {k}", n)

    def paragraph(self, p: ET.Element, where: str, section: int) -> None:
        """One paragraph: its text line(s) with its number or bullet, then the tables and boxes it holds."""
        prefix, level = self.numbers.prefix(p.get("paraPrIDRef"))
        parts: list[str] = []
        first = True

        def flush() -> None:
            nonlocal first
            for i, line in enumerate("".join(parts).split("\n")):
                if i == 0 and first:
                    if level is not None:
                        self.outline.append((len(self.lines) + 1, level))
                    self.add(prefix + line, where)
                elif i > 0 or line.strip():
                    self.add(line, where)
            parts.clear()
            first = False

        for run in p.findall(f"{HP}run"):
            for child in run:
                tag = child.tag
                if tag == f"{HP}t":
                    parts.append(_t_text(child))
                elif tag == f"{HP}tbl":
                    if parts and "".join(parts).strip() or (first and prefix):
                        flush()
                    first = False
                    parts.clear()
                    self.table(child, section)
                elif tag == f"{HP}ctrl":
                    self.control(child, where, section)
                elif tag != f"{HP}secPr" and child.find(f".//{HP}subList") is not None:
                    for sub in child.iter(f"{HP}subList"):
                        for q in sub.findall(f"{HP}p"):
                            self.paragraph(q, f"{where} box", section)
        if first or "".join(parts).strip():
            flush()

    def table(self, tbl: ET.Element, section: int) -> None:
        """One table: a line per row, cells placed by their address."""
        self.tables += 1
        grid: dict[int, dict[int, str]] = {}
        width = int(tbl.get("colCnt", "0") or 0)
        for r, tr in enumerate(tbl.findall(f"{HP}tr")):
            for c, tc in enumerate(tr.findall(f"{HP}tc")):
                addr = tc.find(f"{HP}cellAddr")
                row = int(addr.get("rowAddr", r)) if addr is not None else r
                col = int(addr.get("colAddr", c)) if addr is not None else c
                grid.setdefault(row, {})[col] = _cell(tc)
                width = max(width, col + 1)
        caption = tbl.find(f"{HP}caption")
        where = f"section {section} table {self.tables}"
        if caption is not None and caption.get("side", "BOTTOM") in ("TOP", "LEFT"):
            self.caption(caption, where)
        for row in sorted(grid):
            cells = [grid[row].get(c, "") for c in range(width)]
            if any(x.strip() for x in cells):
                self.add(table_row(cells), f"{where} row {row + 1}")
        if caption is not None and caption.get("side", "BOTTOM") not in ("TOP", "LEFT"):
            self.caption(caption, where)

    def caption(self, caption: ET.Element, where: str) -> None:
        """A table's caption, a line per paragraph."""
        for p in caption.iter(f"{HP}p"):
            text = _para_text(p)
            if text.strip():
                self.add(text, f"{where} caption")

    def control(self, ctrl: ET.Element, where: str, section: int) -> None:
        """A control: running headers and footers are dropped, notes are read as lines."""
        for child in ctrl:
            tag = child.tag.removeprefix(HP)
            if tag in ("header", "footer"):
                kind = "running header" if tag == "header" else "running footer"
                for p in child.iter(f"{HP}p"):
                    text = cell_text(_para_text(p))
                    if text:
                        self.dropped.append(Dropped(0, kind, text, f"section {section} {tag}"))
            elif tag in ("footNote", "endNote"):
                for p in child.iter(f"{HP}p"):
                    text = _para_text(p).strip()
                    if text:
                        self.add(text, f"{where} {tag}")


def _t_text(t: ET.Element) -> str:
    """The text of one ``hp:t``, its tabs and line breaks included."""
    out = [t.text or ""]
    for child in t:
        tag = child.tag.removeprefix(HP)
        out.append({"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}.get(tag, ""))
        out.append(child.tail or "")
    return "".join(out)


def _para_text(p: ET.Element) -> str:
    """All the text inside an element (nested tables included), line breaks as spaces."""
    return "".join(_t_text(t) for t in p.iter(f"{HP}t")).replace("\n", " ")


def _cell(tc: ET.Element) -> str:
    """A cell's text: its paragraphs joined by spaces."""
    sub = tc.find(f"{HP}subList")
    paragraphs = sub.findall(f"{HP}p") if sub is not None else tc.findall(f".//{HP}p")
    return cell_text(" ".join(_para_text(p) for p in paragraphs))
