"""Parsing a work report's text into its structure.

A report (구의회 주요업무 보고) has a header, parts (Ⅰ 일반현황, Ⅱ 추진실적,
Ⅲ 추진계획, Ⅳ 신규·중점), numbered programs with their team, □ blocks
(사업개요, 주요 추진실적, 향후계획, 예산현황 …) holding nested ○ / - / ·
items, and tables. Text arrives as extracted from PDF or HWP: headings may be
repeated or spaced out, lines broken, budget blocks displaced. The words that
mark each piece live in ``data/rules/structure.toml``; this module is the
generic machinery.

Every line the parser recognises as layout (a heading, a table header, a
table-of-contents line) is recorded in :attr:`Report.structure` with a reason;
the extractor and the coverage report account for the rest.

Speed: every line is despaced once (:func:`graph.read.textnorm.despace`) and that
key is handed to the line tests; the rules tables are compiled once into
tuples and sets (:func:`_tables`); patterns are precompiled, and the costlier
ones sit behind a cheap character test that any match needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import rules
from .document import Block, Item, Part, Program, Report, Table
from ..model.statements import ReportMeta
from ..read.layout import Layout, lay_out
from ..read.sources import SourceText
from ..read.textnorm import clean, despace, half_width

# --------------------------------------------------------------------------- rules

_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_PART_HEAD = re.compile(rf"^\s*#*\s*(?:[{_ROMAN}]+|I{{1,3}}|IV|V|\d)\s*[.．]?\s*\S")
_TOC_LEADER = re.compile(r"(?:[·…]{3,}|\.{3,}|(?:•\s*){3,}|\t\.\.\.\t|-{4,})[\s·•.]*\d[\d ]*\s*$")
_TOC_ROW = re.compile(r"^\s*\d{1,2}\t.*\t[\d ]+$")
_TOC_NUMBER = re.compile(r"^\s*[-#]?\s*[①②③④⑤⑥⑦⑧⑨⑩]?\s*(?:\d{1,2}\s*[\t ]\s*)?")
_TOC_PAGE = re.compile(r"[\t ]*(?:[·…•.\-]|\s)*[\d ]*\s*$")
_TOC_ROMAN = re.compile(r"^[IVⅠⅡⅢⅣ]+\s*\.\s*")
_NUM_HEAD = re.compile(r"^\s*#*\s*(?:\((\d{1,2})\)\s+|(\d{1,2})\s*(?:[.)]\s+)?)[┃|▕]?\s*(?P<body>\S.*)$")
_GLYPH_HEAD = re.compile(r"^\s*#*\s*[▋┃▌■]\s*(\S.*)$")
_GENERAL_HEAD = re.compile(r"^\s*#*\s*(?:\(\d\)|\d\s*[.)]?)\s+(.+)$")
_PURPOSE_END = re.compile(r"(?:고자\s*함|기하고자\s*함|위함|수행)\s*\.?\s*$")
_NUMERIC_ROW = re.compile(r"^[\s\d,.%△()\-~/:]+$")
_UNIT = re.compile(r"\(\s*단위\s*[:：]\s*([^),]+)")
_UNIT_NOTE = re.compile(r"\(\s*단위\s*[:：][^)]*\)")
_UNIT_MULT = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}
_FILLER = re.compile(r"[-=_·.]{3,}")
_CAPTION = re.compile(r"<[^<>]*>|\([^()]*기준\)")
_YEAR = re.compile(r"(20\d{2})\s*년")
_TRAILING_DIGIT = re.compile(r"\d\s*$")
_HEADING_MARKS = re.compile(r"^[#\s]*")
_MD_HEADING = re.compile(r"^#+\s*")
_DIGIT = re.compile(r"\d")
_TEAMS = re.compile(r"[가-힣A-Za-z0-9·]+?(?:팀|추진단)")
_TEAM_IN_BRACKETS = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_ORG_DIVISION = re.compile(r"^([가-힣]+(?:과|담당관|실|국))(?![가-힣])-?\(?")
_ORG_TEAM_COUNT = re.compile(r"-?\(\d+\)개팀")
_BUDGET_HEADER = re.compile(r"^(단위사업명|세부사업명|사업명|근귀자답당|집행액|집행|\(\d|\d+\.\d+\.기준|예산액)")
_AMOUNT = re.compile(r"\d{2},\d{3}")
_SESSION = re.compile(r"^제\d+회")
_TITLE = re.compile(r"20\d{2}년.*(보고|계획)")
_PAGE_NUMBER = re.compile(r"\d{1,3}\.?")
_PLEDGE_RESULTS = re.compile(r"^[IⅠ]\s*추진실적$")
_HOSPITAL = re.compile(r"병원|의원")
_CHIEF = re.compile(r"과장|팀장")
_PLAIN_NUMBERS = re.compile(r"^[\d,\-\s.%]+$")
_ROWS_HEAD = re.compile(r"^\s*구\s*분")
_GROUP_STOP = re.compile(r"[\d():：,「」<>]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_HEAD_START = frozenset("#IV▋┃▌■" + _ROMAN)  # besides digits, what a part/section/program heading starts with
_NOT_BULLET = (None, "square", "heading")


@lru_cache(maxsize=1)
def _rules() -> dict:
    return rules.load("structure")


@lru_cache(maxsize=1)
def _flat_headers() -> frozenset[str]:
    """The column headings of ``structure.toml`` [flat_tables]."""
    return frozenset(_rules()["flat_tables"]["headers"])


@dataclass(frozen=True)
class _Tables:
    """``structure.toml`` compiled for the line tests: tuples, sets and pre-sorted word lists."""

    parts: tuple[tuple[tuple[str, ...], dict], ...]  # (words, rule), first match wins
    general: tuple[tuple[str, str], ...]  # (word, section)
    block_start: re.Pattern[str]  # the block words, longest first: the longest that starts a title
    block_rules: dict[str, dict]  # block word -> its first rule in table order
    pledge_sections: frozenset[str]
    glyphs: dict[str, str]
    spaced_glyphs: dict[str, str]  # letters that are a bullet only before a space
    team_suffix: tuple[str, ...]
    division_suffix: tuple[str, ...]
    noise: frozenset[str]
    toc_titles: tuple[str, ...]
    squares: str  # the glyphs of the square family (□ ■ ▣): block headings
    block_head: re.Pattern[str]  # a block heading line: a square glyph, then its title


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Compile the rules once (the meaning stays in the TOML: see its comments)."""
    r = _rules()
    parts = tuple((tuple(p["match"]) if isinstance(p["match"], list) else (p["match"],), p) for p in r["part"])
    block_rules: dict[str, dict] = {}
    for rule in r["block"]:
        for w in rule["match"]:
            block_rules.setdefault(w, rule)
    words = sorted(block_rules, key=len, reverse=True)  # stable: table order among equal lengths
    block_start = re.compile("|".join(map(re.escape, words)) or "(?!)")
    glyphs: dict[str, str] = {}
    for family, chars in r["bullets"].items():
        for ch in chars:
            glyphs.setdefault(ch, family)
    spaced = {ch: family for family, chars in r.get("spaced_bullets", {}).items() for ch in chars}
    units = r["units"]
    squares = "".join(r["bullets"]["square"])
    block_head = re.compile(rf"^\s*(?:#+\s*)?(?:-\s*)?[{re.escape(squares)}]\s*(.*)$")
    return _Tables(parts=parts, general=tuple(r["general"].items()), block_start=block_start,
                   block_rules=block_rules, pledge_sections=frozenset(r["pledge"]["sections"]),
                   glyphs=glyphs, spaced_glyphs=spaced, team_suffix=tuple(units["team_suffix"]),
                   division_suffix=tuple(units["division_suffix"]), noise=frozenset(units["noise"]),
                   toc_titles=tuple(units["toc_titles"]), squares=squares, block_head=block_head)


def unit_of(text: str) -> int | None:
    """The money unit a ``(단위: 천원)`` note gives, in won."""
    if "단위" not in text:
        return None
    m = _UNIT.search(text)
    if not m:
        return None
    return _UNIT_MULT.get(despace(m.group(1)).replace("%", ""))


def may_head(text: str) -> bool:
    """False if ``text`` cannot be a part, section or program heading (by its first visible character)."""
    t = text.lstrip()
    first = t[:1]
    return first in _HEAD_START or first.isdecimal() or first == "(" and t[1:2].isdecimal()


def has_toc_leader(text: str) -> bool:
    """True if ``text`` ends with dot leaders and a page number (any match ends in a digit)."""
    return text.rstrip()[-1:].isdecimal() and _TOC_LEADER.search(text) is not None


def split_bullet(line: str) -> tuple[int, str | None, str]:
    """(indent, glyph family or None, content) of a line.

    A markdown list mark before another glyph (``- · 내용``, ``- ① 내용``)
    yields the inner glyph, one step deeper.
    """
    raw = line.replace("\t", "  ")
    stripped = raw.lstrip(" ")
    indent = len(raw) - len(stripped)
    if stripped[:1] == "#":
        stripped = _MD_HEADING.sub("", stripped)
    t = _tables()
    glyphs = t.glyphs
    family: str | None = None
    while stripped:
        ch = stripped[0]
        fam = "number" if ch in _CIRCLED else glyphs.get(ch)
        if fam is None and ch in t.spaced_glyphs and stripped[1:2] == " ":
            fam = t.spaced_glyphs[ch]
        if fam in _NOT_BULLET:
            break
        if fam == "dash" and len(stripped) > 1 and stripped[1].isdigit():
            break  # a negative number or a range, not a bullet
        if fam == "note" and ch == "*" and stripped.startswith("**"):
            break  # markdown bold
        if family is not None:
            indent += 1
        family = fam
        stripped = stripped[1:].lstrip(" ")
        if not stripped or glyphs.get(stripped[0]) in _NOT_BULLET and stripped[0] not in _CIRCLED:
            break
    content = stripped.replace("**", "").strip()
    return indent, family, content


def _part_rule(d: str) -> dict | None:
    """The first part rule one of whose words occurs in the despaced heading ``d``."""
    for words, rule in _tables().parts:
        for w in words:
            if w in d:
                return rule
    return None


def _block_rule(title: str) -> dict | None:
    """The block rule whose word starts ``title`` (the longest word wins; ties by table order)."""
    t = _tables()
    m = t.block_start.match(despace(title).split(":")[0].split("(")[0].strip("·"))
    return t.block_rules[m.group()] if m else None


def _team_of(token: str) -> bool:
    t = token.strip()
    return 2 <= len(t) <= 14 and t.endswith(_tables().team_suffix) and not t.startswith(("-", "("))


def _division_of(token: str) -> bool:
    t = despace(token)
    return 2 <= len(t) <= 10 and t.endswith(_tables().division_suffix)


def split_team(name: str) -> tuple[str, str | None]:
    """Split a program heading into (program name, team) when it ends with a team, bare or in
    brackets (``노원 탈축제 브랜드화 (축제팀)``)."""
    m = _TEAM_IN_BRACKETS.match(name)
    if m and _team_of(m.group(2)):
        return clean(m.group(1)), m.group(2).strip()
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and _team_of(parts[1]) and len(parts[0]) >= 2:
        return clean(parts[0]), parts[1].strip()
    return clean(name), None


def split_teams(text: str) -> list[str]:
    """Team names in a 조직 row: ``"기 획 팀 미 래 비 전 팀"`` → ``["기획팀", "미래비전팀"]``."""
    found = _TEAMS.findall(despace(text))
    return [t for t in found if len(t) >= 2]


# --------------------------------------------------------------------------- parser


class _Parser:
    """One pass over the lines, tracking the current part, program and block.

    The line tests take the line's number ``n``, its right-stripped ``text``
    and, where they need it, its despaced key ``d`` (computed once per line).
    """

    def __init__(self, laid: Layout, meta: ReportMeta) -> None:
        self.src = laid
        self.meta = meta
        self.report = Report(meta=meta, source=laid.source)
        self.report.structure.update(laid.structure)
        self.report.continuation.update(laid.continuation)
        self.part: Part | None = None
        self.program: Program | None = None
        self.block: Block | None = None
        self.section: str | None = None  # general sub-section
        self.table: Table | None = None
        self.toc: list[tuple[str, int]] = []  # (program name, line) of the current part's contents
        self.toc_cursor = 0
        self.in_toc = False
        self.orphan: Block | None = None
        self.unit: int | None = None
        self.levels: list[tuple[int, str]] = []
        self.last_item: Item | None = None
        self.stack: list[Item] = []
        self.expect_team = False
        self.group: str | None = None
        self.in_org_team: str | None = None
        self.in_rows = False
        self.is_pledge = meta.kind == "pledge_card"
        self.tables = _tables()

    # -- helpers ----------------------------------------------------------------
    def mark(self, n: int, reason: str) -> None:
        self.report.structure[n] = reason

    def next_text(self, n: int) -> str:
        """The first non-blank line among the three after line ``n`` ("" if none)."""
        for line in self.src.lines[n:n + 3]:
            if line.strip():
                return line
        return ""

    def default_part(self) -> Part:
        if self.part is None:
            kind = "results" if self.is_pledge else "general"
            self.part = Part(kind, "", None, "done", self.meta.year)
            self.report.parts.append(self.part)
        return self.part

    def part_year(self, kind: str, title: str) -> int:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
        if kind == "plan":
            return self.meta.plan_year or self.meta.year + 1
        return self.meta.year

    def close_block(self) -> None:
        self.block = None
        self.levels = []
        self.stack = []
        self.last_item = None
        self.group = None
        self.in_rows = False

    def start_program(self, name: str, team: str | None, line: int | None, implicit: bool = False) -> Program:
        self.close_block()
        self.table = None
        part = self.default_part()
        prog = Program(name=name, team=team, line=line, part=part, implicit=implicit)
        if self.orphan is not None:
            self.orphan.displaced = True
            prog.blocks.append(self.orphan)
            self.orphan = None
        self.report.programs.append(prog)
        self.program = prog
        self.expect_team = team is None and line is not None
        return prog

    def toc_entry(self, heading: str | None) -> tuple[str, int] | None:
        """Advance the table-of-contents cursor past ``heading`` (or take the next entry)."""
        if heading is not None:
            hd = despace(heading)
            for i in range(self.toc_cursor, len(self.toc)):
                td = despace(self.toc[i][0])
                if td[:6] == hd[:6] or hd.startswith(td[:4]):
                    self.toc_cursor = i + 1
                    return self.toc[i]
            return None
        if self.toc_cursor < len(self.toc):
            self.toc_cursor += 1
            return self.toc[self.toc_cursor - 1]
        return None

    def start_unheaded_program(self) -> Program:
        """A program with no heading: named by the next contents entry (its line cited)."""
        entry = self.toc_entry(None)
        name = entry[0] if entry else f"사업 {len(self.report.programs) + 1}"
        prog = self.start_program(name, None, None, implicit=True)
        prog.toc_line = entry[1] if entry else None
        return prog

    # -- line kinds ---------------------------------------------------------------
    def try_part(self, n: int, text: str, d: str, leader: bool) -> bool:
        if leader or not _PART_HEAD.match(text):
            return False
        if len(d) > 60:
            return False
        rule = _part_rule(d)
        if rule is None:
            return False
        if self.in_toc and _TRAILING_DIGIT.search(text):
            return False
        self.mark(n, "part heading")
        self.in_toc = False
        if self.part is not None and self.part.kind == rule["kind"] == "general":
            return True  # a repeated 일반현황 heading (page header)
        self.close_block()
        if not self.is_pledge:
            self.program = None
        self.section = None
        self.table = None
        title = clean(_HEADING_MARKS.sub("", text))
        self.part = Part(rule["kind"], title, n, rule["status"], self.part_year(rule["kind"], title))
        self.report.parts.append(self.part)
        self.toc, self.toc_cursor = [], 0
        return True

    def try_toc(self, n: int, text: str, d: str, leader: bool) -> bool:
        if d.startswith(self.tables.toc_titles) or d == "연번사업명쪽" or not d.strip("-|:"):
            self.mark(n, "table of contents")
            self.in_toc = True
            return True
        if leader or (self.in_toc and "\t" in text and _TOC_ROW.match(text)):
            self.toc_line(n, text)
            self.mark(n, "table of contents")
            self.in_toc = True
            return True
        return False

    def toc_line(self, n: int, text: str) -> None:
        """Record the program a contents line names (in a part other than 일반현황)."""
        name = _TOC_NUMBER.sub("", text)
        name = _TOC_PAGE.sub("", name)
        name = _TOC_ROMAN.sub("", name)
        name = clean(name.replace("\t", " "))
        if name and self.part is not None and self.part.kind != "general" and (
            not _part_rule(despace(name)) or self.in_toc
        ):
            self.toc.append((name, n))

    def try_general(self, n: int, text: str) -> bool:
        """1 조 직 / 2 인 력 / 3 주요시설 및 장비 / 4 예산 현황."""
        m = _GENERAL_HEAD.match(text)
        if not m:
            return False
        d = despace(m.group(1)).split(":")[0]  # "1. 조직 : 3개팀" (colons are ASCII here, see run)
        for word, section in self.tables.general:
            if d == word or d.startswith(word) and len(d) <= len(word) + 2:
                if self.part is None or self.part.kind != "general":
                    if self.part is not None and self.program is not None:
                        return False
                    self.part = Part("general", "일반현황", None, "done", self.meta.year)
                    self.report.parts.append(self.part)
                self.close_block()
                self.section = section
                self.table = None
                self.mark(n, f"section heading ({section})")
                value = m.group(1).partition(":")[2]
                division = _ORG_DIVISION.match(despace(value))
                if section == "org" and division and _division_of(division.group(1)):  # "1. 조직: 국제협력담당관(3개팀)"
                    self.report.org.division, self.report.org.division_line = division.group(1), n
                if section == "budget_table":
                    self.table = Table("budget_table", n, unit=unit_of(text))
                    self.report.tables.append(self.table)
                return True
        return False

    def try_program(self, n: int, text: str) -> bool:
        if self.part is None or self.part.kind == "general":
            return False
        m = _GLYPH_HEAD.match(text)
        if m and not _block_rule(m.group(1)):
            name, team = split_team(m.group(1))
        else:
            m = _NUM_HEAD.match(text)
            if not m:
                return False
            body = m.group("body")
            if body[0].isdecimal() or _NUMERIC_ROW.match(body) or len(despace(body)) < 4:
                return False
            name, team = split_team(body)
            if team is None and not self.confirms_program(name, self.next_text(n)):
                return False
        self.toc_entry(name)
        self.mark(n, "program heading")
        self.start_program(name, team, n)
        return True

    def confirms_program(self, name: str, nxt: str) -> bool:
        """A numbered line without a team is a program heading if a team or filler follows it,
        or if it starts like a contents entry not yet reached."""
        if despace(nxt) in self.tables.noise or _team_of(nxt.strip()):
            return True
        key = despace(name)[:6]
        return any(despace(t)[:6] == key for t, _ in self.toc[self.toc_cursor:])

    def try_block(self, n: int, text: str, d: str) -> bool:
        t = self.tables
        m = t.block_head.match(text) if any(ch in text for ch in t.squares) else None
        if m is None:
            if self.is_pledge and (d in self.tables.pledge_sections or _PLEDGE_RESULTS.match(d)):
                return self._open_block(n, d, "")
            return False
        title = m.group(1).replace("**", "").strip()
        unit = unit_of(title)
        head, _, inline = _UNIT_NOTE.sub("", title).partition(":")
        opened = self._open_block(n, head, inline.strip())
        if unit and self.block is not None:
            self.block.unit = unit
        return opened

    def _open_block(self, n: int, title: str, inline: str) -> bool:
        rule = _block_rule(title) or {"kind": "other", "status": "part"}
        self.close_block()
        if self.program is None:
            if self.is_pledge:
                title = self.report.header.get("title", (self.meta.title or "공약사업", 0))[0]
                self.start_program(title, None, None, implicit=True)
            else:
                self.start_unheaded_program()
        part = self.default_part()
        status = part.status if rule["status"] == "part" else rule["status"]
        block = Block(rule["kind"], clean(title), n, status, inline=inline, unit=unit_of(title + " " + inline) or None)
        if block.kind == "budget" and inline:
            block.rows.append((n, inline))
        assert self.program is not None
        self.program.blocks.append(block)
        self.block = block
        self.table = None
        self.mark(n, f"block heading ({block.kind})")
        return True

    def implicit_budget(self, n: int, d: str) -> bool:
        """A budget table without a □ heading (``예 산 액 집 행 액 집행률(%)``)."""
        if not d.startswith("예산액") or self.program is None or _AMOUNT.search(d):
            return False  # "예산액 1,560,000(…)" is a row of the budget, not its header
        self.mark(n, "table header (budget)")
        if self.block is not None and self.block.kind == "budget" and not self.block.rows:
            return True  # the header of the □ 예산 block just opened
        has_budget = any(b.kind == "budget" and b.rows for b in self.program.blocks)
        block = Block("budget", "예산", n, self.program.part.status, unit=self.unit)
        self.close_block()
        self.block = block
        if has_budget:
            self.orphan = block  # displaced: belongs to the next program heading
        else:
            self.program.blocks.append(block)
        return True

    def add_item(self, n: int, indent: int, family: str, content: str) -> None:
        assert self.block is not None
        sig = (min(indent, 8), family)
        if family == "note" and self.last_item is not None:
            level = self.last_item.level + 1
        else:
            if sig not in self.levels:
                self.levels.append(sig)
            level = self.levels.index(sig) + 1
        item = Item(line=n, text=content, family=family, level=level, lines=[n], group=self.group)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children.append(item)
        else:
            self.block.items.append(item)
        self.stack.append(item)
        self.last_item = item
        self.in_rows = False

    # -- general part -------------------------------------------------------------
    def general_line(self, n: int, text: str, d: str) -> None:
        if self.section == "org":
            self.org_line(n, text, d)
            return
        if self.section == "budget_table" and self.table is not None:
            unit = unit_of(text)
            if unit:
                self.table.unit = unit
                self.mark(n, "table unit")
                return
            if _BUDGET_HEADER.match(d) and not _AMOUNT.search(text):
                self.mark(n, "table header (budget)")
                return
            self.table.rows.append((n, text))
            return
        if self.section in ("staff", "facilities"):
            self.mark(n, f"table ({self.section})")
            return
        self.report.loose.append((n, text, self.part))

    def org_line(self, n: int, text: str, d: str) -> None:
        """A line of the 조직 section: the division, the team count, team names or a duty."""
        org = self.report.org
        _, family, content = split_bullet(text)
        if "\t" in text and self.org_row(n, text):
            return
        m = _ORG_DIVISION.match(d)
        if m and ("개팀" in d or org.division is None and _division_of(m.group(1))):
            org.division, org.division_line = m.group(1), n
            self.mark(n, "org: division")
            return
        if _ORG_TEAM_COUNT.fullmatch(d):
            self.mark(n, "org: team count")
            return
        if family is None or content:
            teams = split_teams(content if family is not None else text)  # "- 문화정책팀, 축제팀" too
            if teams and len("".join(teams)) >= len(despace(content) if family is not None else d) - 2:
                for t in teams:
                    org.teams.append((t, n))
                self.in_org_team = teams[0] if len(teams) == 1 else None
                self.mark(n, "org: teams")
                return
            if family is None and org.duties:
                team, duty, first, lines = org.duties[-1]
                org.duties[-1] = (team, clean(duty + " " + content), first, lines + [n])
                self.report.continuation[n] = first
                return
        if family is not None and content:
            team, sep, duties = content.partition(":")
            if sep and _team_of(despace(team)):  # "- 일자리정책팀: 정책 총괄, 청년 일자리 지원"
                team = despace(team)
                org.teams.append((team, n))
                for duty in (clean(x) for x in duties.split(",")):
                    if duty:
                        org.duties.append((team, duty, n, [n]))
                self.in_org_team = team
                return
            org.duties.append((self.in_org_team, content, n, [n]))
            return
        self.report.loose.append((n, text, self.part))

    def org_row(self, n: int, text: str) -> bool:
        """A row of an 조직 table of cells (``국제교류팀<TAB>5<TAB>자매도시 교류, 대표단 접견``): the team
        its first cell names, with the duties of its longest cell; the heading row is layout."""
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        team = next((despace(c) for c in cells[:2] if _team_of(despace(c))), None)
        if team is None:
            if all(despace(c) in _flat_headers() for c in cells):
                self.mark(n, "table header (org)")
                return True
            return False
        org = self.report.org
        org.teams.append((team, n))
        duties = max((c for c in cells if despace(c) != team and not _NUMERIC_ROW.match(c)), key=len, default="")
        for duty in (clean(x) for x in duties.split(",")):
            if duty:
                org.duties.append((team, duty, n, [n]))
        self.in_org_team = team
        return True

    # -- main loop ----------------------------------------------------------------
    def header_line(self, n: int, text: str, d: str) -> bool:
        """Lines before the first part or section: session, committee, title, division."""
        h = self.report.header
        if _SESSION.match(d):
            h.setdefault("session", (clean(text), n))
        elif d.endswith("위원회") and len(d) <= 12:
            h.setdefault("committee", (d, n))
        elif _TITLE.search(d):
            h.setdefault("title", (clean(text.replace("#", "")), n))
        elif _division_of(d) and not d.startswith("-"):
            h.setdefault("division", (d, n))
        elif _PAGE_NUMBER.fullmatch(d):
            h.setdefault("number", (d, n))
        elif self.is_pledge and "title" not in h and len(d) >= 6 and not text.lstrip().startswith(("-", "✓")):
            h["title"] = (clean(text), n)
        elif self.is_pledge and ("✓" in text):
            pass
        else:
            return False
        self.mark(n, "header")
        return True

    def layout_line(self, n: int, text: str, d: str) -> bool:
        """Filler rows, captions and unit notes: marked, and a unit note sets the current unit."""
        first = d[:1]
        if d in self.tables.noise or first in "-=_·." and _FILLER.fullmatch(d):
            self.mark(n, "layout filler")
            return True
        caption = first in "<(" and _CAPTION.fullmatch(d) is not None
        u = unit_of(text) if first == "(" and (len(d) <= 14 or caption) else None  # "(단위: 백만원, … 기준)"
        if caption and not u:
            self.mark(n, "caption")
            return True
        if u:
            self.unit = u
            if self.block is not None and self.block.kind == "budget":
                self.block.unit = u
            if self.table is not None:
                self.table.unit = u
            self.mark(n, "unit note")
            return True
        return False

    def run(self) -> Report:
        for idx, raw in enumerate(self.src.lines):
            text = raw.rstrip()
            if not text:
                continue
            text = half_width(text)  # the rules read ASCII punctuation; quotes keep the line as written
            n = idx + 1
            d = despace(text)
            if self.layout_line(n, text, d):
                continue
            leader = has_toc_leader(text)
            head = may_head(text)
            if head and (self.try_part(n, text, d, leader) or self.try_general(n, text)):
                continue
            if self.table is not None and self.table_row(n, text, d):
                continue
            if self.part is None and not self.report.programs and self.header_line(n, text, d):
                continue
            if self.try_toc(n, text, d, leader):
                continue
            self.in_toc = self.in_toc and leader
            if self.expect_team and self.program is not None and _team_of(text.strip()) and " " not in text.strip():
                self.program.team, self.program.team_line = text.strip(), n
                self.expect_team = False
                self.mark(n, "program team")
                continue
            self.expect_team = False
            if self.part is not None and self.part.kind == "general" and self.section is not None:
                self.general_line(n, text, d)
                continue
            if self.try_table(n, text, d):
                continue
            if head and self.try_program(n, text) or self.try_block(n, text, d):
                continue
            if self.implicit_budget(n, d):
                continue
            self.body_line(n, text, d)
        if self.orphan is not None and self.program is not None:
            self.program.blocks.append(self.orphan)
        return self.report

    def table_row(self, n: int, text: str, d: str) -> bool:
        """Add ``text`` to the open table if it looks like one of its rows; else close it."""
        assert self.table is not None
        kind = self.table.kind
        if kind == "budget_table":
            return False  # the 예산 현황 table of the general part is read by general_line
        if self.table_kind(text, d) not in (None, kind):
            self.table = None
            return False
        if kind == "hospitals":
            ok = bool(d.lstrip("(")[:1].isdecimal() and _HOSPITAL.search(d)) or "\t" in text
        elif kind == "contacts":
            ok = "☎" in text or bool(_CHIEF.search(d))
        else:
            ok = "\t" in text or bool(_PLAIN_NUMBERS.match(text.strip())) or bool(_DIGIT.search(d)) and len(d) < 60
        if ok and not self.tables.block_head.match(text):
            self.table.rows.append((n, text))
            return True
        self.table = None
        return False

    def _is_group(self, n: int, d: str) -> bool:
        """A short unbulleted line ``n`` (despaced ``d``) that heads the bulleted items after it."""
        if self.last_item is not None and self.last_item.level >= 2:
            return False
        return (
            2 <= len(d) <= 30
            and not _GROUP_STOP.search(d)
            and split_bullet(self.next_text(n))[1] not in _NOT_BULLET
        )

    @staticmethod
    def table_kind(text: str, d: str) -> str | None:
        """The kind of table whose header ``text`` (despaced ``d``) is, if any."""
        if not (d.startswith(("연번", "세부사업", "담당부서")) or "병원명" in d or "☎" in text):
            return None  # what every header below needs
        if ("특화사업자" in d and d.startswith("연번")) or ("병원명" in d and "대표" in d):
            return "hospitals"
        if d.startswith("세부사업") and "재원" in d:
            return "budget_years"
        if d.startswith("담당부서") or "☎" in text and _CHIEF.search(text):
            return "contacts"
        if d.startswith("세부사업") and "단위" in d:
            return "indicators"
        return None

    def try_table(self, n: int, text: str, d: str) -> bool:
        kind = self.table_kind(text, d)
        if kind is None:
            return False
        if kind == "contacts" and self.table is not None and self.table.kind == "contacts":
            self.table.rows.append((n, text))
            return True
        self.close_block()
        self.table = Table(kind, n, unit=self.unit, program=self.program, header=text)
        self.report.tables.append(self.table)
        if kind == "contacts":
            self.table.rows.append((n, text))
        else:
            self.mark(n, f"table header ({kind})")
        return True

    def body_line(self, n: int, text: str, d: str) -> None:
        indent, family, content = split_bullet(text)
        if self.block is None and not self.outside_block(n, text, d, family):
            return
        block = self.block
        assert block is not None
        if block.kind == "budget":
            if family is None and len(d) >= 15 and (_PURPOSE_END.search(text) or not _DIGIT.search(text)):
                self.close_block()  # prose after a budget table: the next program starts
                self.body_line(n, text, d)
                return
            block.rows.append((n, text))
            return
        if family is not None and family not in ("square", "heading"):
            if not content:
                self.mark(n, "layout filler")
                return
            self.add_item(n, indent, family, content)
            return
        # a line without a glyph inside a block
        if "\t" in text or self.in_rows or _ROWS_HEAD.match(text):
            block.rows.append((n, text))
            self.last_item = None
            self.in_rows = True
            return
        if self._is_group(n, d):
            self.group = clean(content)
            self.mark(n, "group heading")
            self.levels, self.stack, self.last_item = [], [], None
            return
        if self.last_item is not None:
            self.last_item.text = clean(self.last_item.text + " " + content)
            self.last_item.lines.append(n)
            self.report.continuation[n] = self.last_item.line
            return
        block.rows.append((n, text))

    def outside_block(self, n: int, text: str, d: str, family: str | None) -> bool:
        """Handle a body line met outside any block; True if it should go on into a new block."""
        part = self.part
        if part is None or part.kind == "general":
            self.report.loose.append((n, text, part))
            return False
        started = self.program is not None and any(not b.displaced for b in self.program.blocks)
        bare = family not in (None, "square", "heading") and self.program is not None and self.program.line is not None
        if (family is not None or self._is_group(n, d)) and (started or bare or self.is_pledge and self.program is not None):
            # items or a group heading straight under a part or after a program's blocks
            self._open_block(n, "추진실적" if part.status == "done" else "향후계획", "")
            self.report.structure.pop(n, None)
            return True
        if family is None:
            # a purpose paragraph, or the start of a program that has no heading
            if (self.program is None or started) and len(d) >= 15 and not _NUMERIC_ROW.match(text):
                self.start_unheaded_program()
            if self.program is not None and not any(not b.displaced for b in self.program.blocks):
                self.program.purpose.append(n)
                self.mark(n, "program purpose")
                return False
        self.report.loose.append((n, text, part))
        return False


def parse(src: SourceText | Layout, meta: ReportMeta) -> Report:
    """Parse one report into its structure; a decoded source is laid out first (:func:`lay_out`)."""
    return _Parser(src if isinstance(src, Layout) else lay_out(src), meta).run()
