"""What the parts of the item reader share: the state of one program's reading and a line as the
trigger rules read it.

:class:`graph.extract.items.ItemReader` is assembled from one part per kind of
item (ties, acts, designations, support, visits, events, operators); each part
is a :class:`ReaderBase`, so all of them read and change the same state.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.statements import Mention, When
from ..parse.document import Block, Item, Program
from ..read.textnorm import despace
from .context import Context

#: The blocks whose items are activities of their program when no rule claims them.
ACTIVITY_BLOCKS = {"results", "plan", "detail_plan", "schedule"}
#: What a rule's handler returns when the line is its but claims nothing: no later rule is tried
#: (``None``: the line is not its, the next rule is tried).
STOP = ""


@dataclass
class ItemLine:
    """One item as the trigger rules read it."""

    item: Item
    what: str  # what the item says, its dates cut off
    status: str
    whens: list[When | None]
    tie: Mention | None  # the tie the parent item names (자매도시 …), if any


class ReaderBase:
    """The state of reading one program's items, and the helpers every part of the reader uses."""

    def __init__(self, ctx: Context, prog: Program) -> None:
        self.ctx = ctx
        self.prog = prog
        self.program = ctx.program_mention(prog)
        self.year = ctx.year_for(prog)
        self.zone = ctx.zone_for(prog) or ctx.zone
        if ctx.zone_for(prog):
            ctx.program_zones[id(prog)] = self.zone
        #: The event the item being read is under (its parent hosted it), and the last one hosted.
        self.item_event: Mention | None = None
        self.last_event: Mention | None = None

    def line_of(self, item: Item, text: str) -> int:
        """The line of a (possibly wrapped) item on which ``text`` is written."""
        key = despace(text)
        for n in item.lines:
            if key and key in despace(self.ctx.report.source.line(n)):
                return n
        return item.line

    def _parent_text(self, block: Block, item: Item) -> str:
        for top in block.items:
            for it in top.walk():
                if item in it.children:
                    return it.text
        return item.group or ""

    def _located(self, city: Mention, line: int) -> None:
        country = city.hint("country")
        if country:
            self.ctx.add(city, "located_in", Mention(country, "Country"), line, when=None, reason="place")

    def set_zone(self, zone: Mention) -> None:
        """Remember the zone this program is about (tables after it use it too)."""
        self.zone = zone
        self.ctx.program_zones[id(self.prog)] = zone
