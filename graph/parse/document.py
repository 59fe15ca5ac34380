"""The parsed form of a report: parts, programs, □ blocks, nested items and tables.

:mod:`graph.parse.parser` builds it; the extraction rules read it. Every record keeps
the 1-based line numbers it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.statements import ReportMeta
from ..read.sources import SourceText
from ..read.textnorm import despace

_KV = re.compile(r"^([^:：]{1,16}?)\s*[:：]\s*(.+)$")

@dataclass
class Item:
    """A bulleted line (○, -, ·, …) with its continuation lines and children."""

    line: int
    text: str
    family: str
    level: int
    lines: list[int] = field(default_factory=list)
    children: list["Item"] = field(default_factory=list)
    group: str | None = None

    def walk(self):
        """This item and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def key_value(self) -> tuple[str, str] | None:
        """``("장소", "One IFC 17층")`` for ``"장 소: One IFC 17층"``; None if not a short key."""
        m = _KV.match(self.text)
        if not m:
            return None
        k = despace(m.group(1))
        return (k, m.group(2).strip()) if 0 < len(k) <= 8 else None


@dataclass
class Block:
    """A □ block of a program (or an implicit one, e.g. a budget table)."""

    kind: str
    title: str
    line: int | None
    status: str
    inline: str = ""
    items: list[Item] = field(default_factory=list)
    rows: list[tuple[int, str]] = field(default_factory=list)
    unit: int | None = None
    displaced: bool = False

    def all_items(self) -> list[Item]:
        """Every item of the block, depth first."""
        return [it for top in self.items for it in top.walk()]


@dataclass
class Part:
    """A part of the report (Ⅰ 일반현황 …) with its default status and year."""

    kind: str
    title: str
    line: int | None
    status: str
    year: int


@dataclass
class Program:
    """A numbered program (단위사업) with its responsible team and blocks."""

    name: str
    team: str | None
    line: int | None
    part: Part
    team_line: int | None = None
    toc_line: int | None = None
    purpose: list[int] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    implicit: bool = False

    def block(self, kind: str) -> list[Block]:
        """The program's blocks of ``kind``."""
        return [b for b in self.blocks if b.kind == kind]


@dataclass
class OrgSection:
    """The 조직 table: the division, its teams and their duties."""

    division: str | None = None
    division_line: int | None = None
    teams: list[tuple[str, int]] = field(default_factory=list)
    duties: list[tuple[str | None, str, int, list[int]]] = field(default_factory=list)


@dataclass
class Table:
    """A table recognised by its header (특화사업자, 예산 현황, 연도별 소요예산 …)."""

    kind: str
    header_line: int
    rows: list[tuple[int, str]] = field(default_factory=list)
    unit: int | None = None
    program: "Program | None" = None
    header: str = ""


@dataclass
class Report:
    """A parsed report: metadata, header, parts, programs, tables and layout lines."""

    meta: ReportMeta
    source: SourceText
    header: dict[str, tuple[str, int]] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    org: OrgSection = field(default_factory=OrgSection)
    tables: list[Table] = field(default_factory=list)
    structure: dict[int, str] = field(default_factory=dict)
    loose: list[tuple[int, str, Part | None]] = field(default_factory=list)
    continuation: dict[int, int] = field(default_factory=dict)

    @property
    def division(self) -> str | None:
        """The reporting division: from the 조직 table, the header, or the manifest."""
        if self.org.division:
            return self.org.division
        if "division" in self.header:
            return self.header["division"][0]
        return self.meta.division
