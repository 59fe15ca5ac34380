"""Parts, headings, the header, the table of contents and program headings.

A part of :class:`graph.parse.parser._Parser`: its methods read and change the parser's state
(the current part, program, block and table), set in ``_Parser.__init__``.
"""
from __future__ import annotations

from .document import Part, Program, Table
from .lines import _GENERAL_HEAD, _GLYPH_HEAD, _HEADING_MARKS, _NUMERIC_ROW, _NUM_HEAD, _ORG_DIVISION, _PAGE_NUMBER, _PART_HEAD, _SESSION, _TITLE, _TOC_NUMBER, _TOC_PAGE, _TOC_ROMAN, _TOC_ROW, _TRAILING_DIGIT, _YEAR, _block_rule, _division_of, _part_rule, _team_of, split_team, unit_of
from ..read.textnorm import clean, despace


class OutlineReader:
    """Parts, headings, the header, the table of contents and program headings."""

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
