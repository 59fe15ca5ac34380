"""□ blocks and their nested items, budget rows, and layout lines between them.

A part of :class:`graph.parse.parser._Parser`: its methods read and change the parser's state
(the current part, program, block and table), set in ``_Parser.__init__``.
"""
from __future__ import annotations

from .document import Block, Item
from .lines import _AMOUNT, _CAPTION, _DIGIT, _FILLER, _GROUP_STOP, _NOT_BULLET, _NUMERIC_ROW, _PLEDGE_RESULTS, _PURPOSE_END, _ROWS_HEAD, _UNIT_NOTE, _block_rule, split_bullet, unit_of
from ..read.textnorm import clean


class BlockReader:
    """□ blocks and their nested items, budget rows, and layout lines between them."""

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

    def close_block(self) -> None:
        self.block = None
        self.levels = []
        self.stack = []
        self.last_item = None
        self.group = None
        self.in_rows = False

    def try_block(self, n: int, text: str, d: str) -> bool:
        t = self.tables
        m = t.block_head.match(text) if t.has_square.search(text) else None
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

    def _is_group(self, n: int, d: str) -> bool:
        """A short unbulleted line ``n`` (despaced ``d``) that heads the bulleted items after it."""
        if self.last_item is not None and self.last_item.level >= 2:
            return False
        return (
            2 <= len(d) <= 30
            and not _GROUP_STOP.search(d)
            and split_bullet(self.next_text(n))[1] not in _NOT_BULLET
        )

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
