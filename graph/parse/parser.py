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

The line tests are in :mod:`graph.parse.lines`; each kind of line is read by
a part of the parser (:mod:`.outline`, :mod:`.general`, :mod:`.tables`,
:mod:`.blocks`) that shares the state this module's ``_Parser`` holds.
"""
from __future__ import annotations

from .blocks import BlockReader
from .document import Block, Item, Part, Program, Report, Table
from .general import GeneralReader
from .lines import _tables, _team_of, has_toc_leader, may_head, split_bullet, split_team, split_teams, unit_of
from .outline import OutlineReader
from .tables import TableReader
from ..model.statements import ReportMeta
from ..read.layout import Layout, lay_out
from ..read.sources import SourceText
from ..read.textnorm import despace

__all__ = ["parse", "has_toc_leader", "may_head", "split_bullet", "split_team", "split_teams", "unit_of"]


class _Parser(OutlineReader, GeneralReader, TableReader, BlockReader):
    """One pass over the lines, tracking the current part, program and block.

    The line tests take the line's number ``n``, its right-stripped ``text``
    and, where they need it, its despaced key ``d`` (computed once per line).
    Each kind of line is read by a part of the parser: :mod:`.outline` (parts,
    headings, contents), :mod:`.general` (일반현황), :mod:`.tables` and
    :mod:`.blocks` (□ blocks and items).
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

    def mark(self, n: int, reason: str) -> None:
        self.report.structure[n] = reason

    def next_text(self, n: int) -> str:
        """The first non-blank line among the three after line ``n`` ("" if none)."""
        for line in self.src.lines[n:n + 3]:
            if line.strip():
                return line
        return ""

    def run(self) -> Report:
        for idx, raw in enumerate(self.src.lines):
            text = raw.rstrip()  # laid out: full-width forms are ASCII already (graph.read.layout)
            if not text:
                continue
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


def parse(src: SourceText | Layout, meta: ReportMeta) -> Report:
    """Parse one report into its structure; a decoded source is laid out first (:func:`lay_out`)."""
    return _Parser(src if isinstance(src, Layout) else lay_out(src), meta).run()
