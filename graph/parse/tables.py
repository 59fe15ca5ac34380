"""Tables under a program: hospitals (특화사업자), budgets by year, contacts, indicators.

A part of :class:`graph.parse.parser._Parser`: its methods read and change the parser's state
(the current part, program, block and table), set in ``_Parser.__init__``.
"""
from __future__ import annotations

from .document import Table
from .lines import _CHIEF, _DIGIT, _HOSPITAL, _PLAIN_NUMBERS


class TableReader:
    """Tables under a program: hospitals (특화사업자), budgets by year, contacts, indicators."""

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
