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
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import rules
from .document import Block, Item, Part, Program, Report, Table
from .model import ReportMeta
from .sources import SourceText
from .textnorm import clean, despace

# --------------------------------------------------------------------------- rules

_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_PART_HEAD = re.compile(rf"^\s*#*\s*(?:[{_ROMAN}]+|I{{1,3}}|IV|V|\d)\s*[.．]?\s*\S")
_TOC_LEADER = re.compile(r"(?:[·…]{3,}|\.{3,}|(?:•\s*){3,}|\t\.\.\.\t|-{4,})[\s·•.]*\d[\d ]*\s*$")
_NUM_HEAD = re.compile(r"^\s*#*\s*(\d{1,2})\s*[┃|▕]?\s*(\S.*)$")
_GLYPH_HEAD = re.compile(r"^\s*#*\s*[▋┃▌■]\s*(\S.*)$")
_BLOCK_HEAD = re.compile(r"^\s*(?:#+\s*)?(?:-\s*)?□\s*(.*)$")
_PURPOSE_END = re.compile(r"(?:고자\s*함|기하고자\s*함|위함|수행)\s*\.?\s*$")
_NUMERIC_ROW = re.compile(r"^[\s\d,.%△()\-~/:]+$")
_UNIT = re.compile(r"\(\s*단위\s*[:：]\s*([^),]+)")
_UNIT_MULT = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


@lru_cache(maxsize=1)
def _rules() -> dict:
    return rules.load("structure")


@lru_cache(maxsize=1)
def _glyphs() -> dict[str, str]:
    out: dict[str, str] = {}
    for family, chars in _rules()["bullets"].items():
        for ch in chars:
            out.setdefault(ch, family)
    return out


def unit_of(text: str) -> int | None:
    """The money unit a ``(단위: 천원)`` note gives, in won."""
    m = _UNIT.search(text)
    if not m:
        return None
    return _UNIT_MULT.get(despace(m.group(1)).replace("%", ""))


def split_bullet(line: str) -> tuple[int, str | None, str]:
    """(indent, glyph family or None, content) of a line.

    A markdown list mark before another glyph (``- · 내용``, ``- ① 내용``)
    yields the inner glyph, one step deeper.
    """
    raw = line.replace("\t", "  ")
    stripped = raw.lstrip(" ")
    indent = len(raw) - len(stripped)
    stripped = re.sub(r"^#+\s*", "", stripped)
    glyphs = _glyphs()
    family: str | None = None
    while stripped:
        ch = stripped[0]
        fam = glyphs.get(ch)
        if ch in "①②③④⑤⑥⑦⑧⑨⑩":
            fam = "number"
        if fam is None or fam in ("square", "heading"):
            break
        if fam == "dash" and len(stripped) > 1 and stripped[1].isdigit():
            break  # a negative number or a range, not a bullet
        if fam == "note" and ch == "*" and stripped.startswith("**"):
            break  # markdown bold
        rest = stripped[1:]
        if family is not None:
            indent += 1
        family = fam
        stripped = rest.lstrip(" ")
        if not stripped or glyphs.get(stripped[0]) in (None, "square", "heading") and stripped[0] not in "①②③④⑤⑥⑦⑧⑨⑩":
            break
    content = stripped.replace("**", "").strip()
    return indent, family, content


def _match_rule(text: str, table: list[dict]) -> dict | None:
    d = despace(text)
    for rule in table:
        words = rule["match"] if isinstance(rule["match"], list) else [rule["match"]]
        if any(w in d for w in words):
            return rule
    return None


def _block_rule(title: str) -> dict | None:
    d = despace(title).split(":")[0].split("(")[0].strip("·")
    best: tuple[int, dict] | None = None
    for rule in _rules()["block"]:
        for w in rule["match"]:
            if d.startswith(w) and (best is None or len(w) > best[0]):
                best = (len(w), rule)
    return best[1] if best else None


def _team_of(token: str) -> bool:
    suffixes = _rules()["units"]["team_suffix"]
    t = token.strip()
    return 2 <= len(t) <= 14 and any(t.endswith(s) for s in suffixes) and not t.startswith(("-", "("))


def _division_of(token: str) -> bool:
    t = despace(token)
    return 2 <= len(t) <= 10 and any(t.endswith(s) for s in _rules()["units"]["division_suffix"])


def split_team(name: str) -> tuple[str, str | None]:
    """Split a program heading into (program name, team) when it ends with a team."""
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and _team_of(parts[1]) and len(parts[0]) >= 2:
        return clean(parts[0]), parts[1].strip()
    return clean(name), None


def split_teams(text: str) -> list[str]:
    """Team names in a 조직 row: ``"기 획 팀 미 래 비 전 팀"`` → ``["기획팀", "미래비전팀"]``."""
    d = despace(text)
    found = re.findall(r"[가-힣A-Za-z0-9·]+?(?:팀|추진단)", d)
    return [t for t in found if len(t) >= 2]


# --------------------------------------------------------------------------- parser


class _Parser:
    """One pass over the lines, tracking the current part, program and block."""

    def __init__(self, src: SourceText, meta: ReportMeta) -> None:
        self.src = src
        self.meta = meta
        self.report = Report(meta=meta, source=src)
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
        self.is_pledge = meta.kind == "pledge_card"

    # -- helpers ----------------------------------------------------------------
    def mark(self, n: int, reason: str) -> None:
        self.report.structure[n] = reason

    def default_part(self) -> Part:
        if self.part is None:
            kind = "results" if self.is_pledge else "general"
            self.part = Part(kind, "", None, "done", self.meta.year)
            self.report.parts.append(self.part)
        return self.part

    def part_year(self, kind: str, title: str) -> int:
        m = re.search(r"(20\d{2})\s*년", title)
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
    def try_part(self, n: int, text: str) -> bool:
        if not _PART_HEAD.match(text) or _TOC_LEADER.search(text):
            return False
        d = despace(text)
        if len(d) > 60:
            return False
        rule = _match_rule(text, _rules()["part"])
        if rule is None:
            return False
        if self.in_toc and re.search(r"\d\s*$", text):
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
        title = clean(re.sub(r"^[#\s]*", "", text))
        self.part = Part(rule["kind"], title, n, rule["status"], self.part_year(rule["kind"], title))
        self.report.parts.append(self.part)
        self.toc, self.toc_cursor = [], 0
        return True

    def try_toc(self, n: int, text: str) -> bool:
        d = despace(text)
        titles = _rules()["units"]["toc_titles"]
        if any(d.startswith(t) for t in titles) or d in ("연번사업명쪽",) or set(d) <= set("-|:"):
            self.mark(n, "table of contents")
            self.in_toc = True
            return True
        if _TOC_LEADER.search(text) or (self.in_toc and re.match(r"^\s*\d{1,2}\t.*\t[\d ]+$", text)):
            name = re.sub(r"^\s*[-#]?\s*[①②③④⑤⑥⑦⑧⑨⑩]?\s*(?:\d{1,2}\s*[\t ]\s*)?", "", text)
            name = re.sub(r"[\t ]*(?:[·…•.\-]|\s)*[\d ]*\s*$", "", name)
            name = re.sub(r"^[IVⅠⅡⅢⅣ]+\s*\.\s*", "", name)
            name = clean(name.replace("\t", " "))
            if name and self.part is not None and self.part.kind != "general" and not _match_rule(name, _rules()["part"]) or (
                name and self.part is not None and self.part.kind != "general" and self.in_toc
            ):
                self.toc.append((name, n))
            self.mark(n, "table of contents")
            self.in_toc = True
            return True
        return False

    def try_general(self, n: int, text: str) -> bool:
        """1 조 직 / 2 인 력 / 3 주요시설 및 장비 / 4 예산 현황."""
        m = re.match(r"^\s*#*\s*\d\s+(.+)$", text)
        if not m:
            return False
        d = despace(m.group(1))
        for word, section in _rules()["general"].items():
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
                if section == "budget_table":
                    self.table = Table("budget_table", n, unit=unit_of(text))
                    self.report.tables.append(self.table)
                return True
        return False

    def try_program(self, n: int, text: str, nxt: str) -> bool:
        if self.part is None or self.part.kind == "general":
            return False
        m = _GLYPH_HEAD.match(text)
        if m and not _block_rule(m.group(1)):
            name, team = split_team(m.group(1))
        else:
            m = _NUM_HEAD.match(text)
            if not m:
                return False
            body = m.group(2)
            if _NUMERIC_ROW.match(body) or re.match(r"^\d", body) or len(despace(body)) < 4:
                return False
            name, team = split_team(body)
            nd = despace(nxt)
            in_toc = any(despace(t)[:6] == despace(name)[:6] for t, _ in self.toc[self.toc_cursor:])
            confirms = team is not None or nd in _rules()["units"]["noise"] or _team_of(nxt.strip()) or in_toc
            if not confirms:
                return False
        self.toc_entry(name)
        self.mark(n, "program heading")
        self.start_program(name, team, n)
        return True

    def try_block(self, n: int, text: str) -> bool:
        m = _BLOCK_HEAD.match(text)
        if m is None:
            if self.is_pledge:
                d = despace(text)
                if d in _rules()["pledge"]["sections"] or re.match(r"^[IⅠ]\s*추진실적$", d):
                    return self._open_block(n, d, "")
            return False
        title = m.group(1).replace("**", "").strip()
        unit = unit_of(title)
        head, _, inline = re.sub(r"\(\s*단위\s*[:：][^)]*\)", "", title).partition(":")
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

    def implicit_budget(self, n: int, text: str) -> bool:
        """A budget table without a □ heading (``예 산 액 집 행 액 집행률(%)``)."""
        d = despace(text)
        if not d.startswith("예산액") or self.program is None:
            return False
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
    def general_line(self, n: int, text: str) -> None:
        org = self.report.org
        indent, family, content = split_bullet(text)
        if self.section == "org":
            d = despace(text)
            m = re.match(r"^([가-힣]+(?:과|담당관|실|국))-?\(?", d)
            if m and ("개팀" in d or org.division is None and _division_of(m.group(1))):
                org.division, org.division_line = m.group(1), n
                self.mark(n, "org: division")
                return
            if re.fullmatch(r"-?\(\d+\)개팀", d):
                self.mark(n, "org: team count")
                return
            if family is None:
                teams = split_teams(text)
                if teams and len("".join(teams)) >= len(d) - 2:
                    for t in teams:
                        org.teams.append((t, n))
                    self.in_org_team = teams[0] if len(teams) == 1 else None
                    self.mark(n, "org: teams")
                    return
                if org.duties and not self.in_org_team or org.duties:
                    team, duty, first, lines = org.duties[-1]
                    org.duties[-1] = (team, clean(duty + " " + content), first, lines + [n])
                    self.report.continuation[n] = first
                    return
            if family is not None and content:
                org.duties.append((self.in_org_team, content, n, [n]))
                return
            self.report.loose.append((n, text, self.part))
            return
        if self.section == "budget_table" and self.table is not None:
            if unit_of(text):
                self.table.unit = unit_of(text)
                self.mark(n, "table unit")
                return
            d = despace(text)
            if re.match(r"^(단위사업명|근귀자답당|집행액|집행|\(\d|\d+\.\d+\.기준|예산액)", d) and not re.search(r"\d{2},\d{3}", text):
                self.mark(n, "table header (budget)")
                return
            self.table.rows.append((n, text))
            return
        if self.section in ("staff", "facilities"):
            self.mark(n, f"table ({self.section})")
            return
        self.report.loose.append((n, text, self.part))

    # -- main loop ----------------------------------------------------------------
    def header_line(self, n: int, text: str) -> bool:
        """Lines before the first part or section: session, committee, title, division."""
        d = despace(text)
        h = self.report.header
        if re.match(r"^제\d+회", d):
            h.setdefault("session", (clean(text), n))
        elif d.endswith("위원회") and len(d) <= 12:
            h.setdefault("committee", (d, n))
        elif re.search(r"20\d{2}년.*(보고|계획)", d):
            h.setdefault("title", (clean(text.replace("#", "")), n))
        elif _division_of(d) and not d.startswith("-"):
            h.setdefault("division", (d, n))
        elif re.fullmatch(r"\d{1,3}\.?", d):
            h.setdefault("number", (d, n))
        elif self.is_pledge and "title" not in h and len(d) >= 6 and not text.lstrip().startswith(("-", "✓")):
            h["title"] = (clean(text), n)
        elif self.is_pledge and ("✓" in text):
            pass
        else:
            return False
        self.mark(n, "header")
        return True

    def run(self) -> Report:
        lines = self.src.lines
        total = len(lines)
        for idx, raw in enumerate(lines):
            n = idx + 1
            if not raw.strip():
                continue
            text = raw.rstrip()
            nxt = next((lines[j] for j in range(idx + 1, min(idx + 4, total)) if lines[j].strip()), "")
            d = despace(text)
            if d in _rules()["units"]["noise"] or re.fullmatch(r"[-=_·.]{3,}", d):
                self.mark(n, "layout filler")
                continue
            if re.fullmatch(r"<[^<>]*>|\([^()]*기준\)", d):
                self.mark(n, "caption")
                continue
            u = unit_of(text)
            if u and len(d) <= 14 and d.startswith("("):
                self.unit = u
                if self.block is not None and self.block.kind == "budget":
                    self.block.unit = u
                if self.table is not None:
                    self.table.unit = u
                self.mark(n, "unit note")
                continue
            if self.try_part(n, text) or self.try_general(n, text):
                continue
            if self.table is not None and self.table_row(n, text):
                continue
            if self.part is None and not self.report.programs and self.header_line(n, text):
                continue
            if self.try_toc(n, text):
                continue
            self.in_toc = False if not _TOC_LEADER.search(text) else self.in_toc
            if self.expect_team and self.program is not None and _team_of(text.strip()) and " " not in text.strip():
                self.program.team, self.program.team_line = text.strip(), n
                self.expect_team = False
                self.mark(n, "program team")
                continue
            self.expect_team = False
            if self.part is not None and self.part.kind == "general" and self.section is not None:
                self.general_line(n, text)
                continue
            if self.try_table(n, text):
                continue
            if self.try_program(n, text, nxt) or self.try_block(n, text):
                continue
            if self.implicit_budget(n, text):
                continue
            self.body_line(n, text, nxt)
        if self.orphan is not None and self.program is not None:
            self.program.blocks.append(self.orphan)
        return self.report

    def table_row(self, n: int, text: str) -> bool:
        """Add ``text`` to the open table if it looks like one of its rows; else close it."""
        assert self.table is not None
        kind = self.table.kind
        d = despace(text)
        if kind == "budget_table":
            return False  # the 예산 현황 table of the general part is read by general_line
        if self.table_kind(text) not in (None, kind):
            self.table = None
            return False
        if kind == "hospitals":
            ok = bool(re.match(r"^\d", d) and re.search(r"병원|의원", d)) or "\t" in text
        elif kind == "contacts":
            ok = "☎" in text or bool(re.search(r"과장|팀장", d))
        else:
            ok = "\t" in text or bool(re.match(r"^[\d,\-\s.%]+$", text.strip())) or bool(re.search(r"\d", d)) and len(d) < 60
        if ok and not _BLOCK_HEAD.match(text):
            self.table.rows.append((n, text))
            return True
        self.table = None
        return False

    def _is_group(self, text: str, nxt: str) -> bool:
        """A short unbulleted line that heads the bulleted items after it."""
        d = despace(text)
        if self.last_item is not None and self.last_item.level >= 2:
            return False
        return (
            2 <= len(d) <= 30
            and not re.search(r"[\d():：,「」<>]", d)
            and split_bullet(nxt)[1] not in (None, "square", "heading")
        )

    @staticmethod
    def table_kind(text: str) -> str | None:
        """The kind of table whose header ``text`` is, if any."""
        d = despace(text)
        if ("특화사업자" in d and d.startswith("연번")) or ("병원명" in d and "대표" in d):
            return "hospitals"
        if d.startswith("세부사업") and "재원" in d:
            return "budget_years"
        if d.startswith("담당부서") or "☎" in text and re.search(r"(과장|팀장)", text):
            return "contacts"
        if d.startswith("세부사업") and "단위" in d:
            return "indicators"
        return None

    def try_table(self, n: int, text: str) -> bool:
        kind = self.table_kind(text)
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

    def body_line(self, n: int, text: str, nxt: str = "") -> None:
        indent, family, content = split_bullet(text)
        if self.block is None and not self.outside_block(n, text, nxt, family):
            return
        block = self.block
        assert block is not None
        if block.kind == "budget":
            if family is None and len(despace(text)) >= 15 and (_PURPOSE_END.search(text) or not re.search(r"\d", text)):
                self.close_block()  # prose after a budget table: the next program starts
                self.body_line(n, text, nxt)
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
        if "\t" in text or re.match(r"^\s*구\s*분", text) or self.in_rows:
            block.rows.append((n, text))
            self.last_item = None
            self.in_rows = True
            return
        if self._is_group(text, nxt):
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

    def outside_block(self, n: int, text: str, nxt: str, family: str | None) -> bool:
        """Handle a body line met outside any block; True if it should go on into a new block."""
        part = self.part
        if part is None or part.kind == "general":
            self.report.loose.append((n, text, part))
            return False
        started = self.program is not None and any(not b.displaced for b in self.program.blocks)
        if (family is not None or self._is_group(text, nxt)) and (started or self.is_pledge and self.program is not None):
            # items or a group heading straight under a part or after a program's blocks
            self._open_block(n, "추진실적" if part.status == "done" else "향후계획", "")
            self.report.structure.pop(n, None)
            return True
        if family is None:
            # a purpose paragraph, or the start of a program that has no heading
            if (self.program is None or started) and len(despace(text)) >= 15 and not _NUMERIC_ROW.match(text):
                self.start_unheaded_program()
            if self.program is not None and not any(not b.displaced for b in self.program.blocks):
                self.program.purpose.append(n)
                self.mark(n, "program purpose")
                return False
        self.report.loose.append((n, text, part))
        return False


def parse(src: SourceText, meta: ReportMeta) -> Report:
    """Parse one decoded report into its structure."""
    return _Parser(src, meta).run()
