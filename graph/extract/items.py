"""Bulleted items: trigger words → relations, and the activities of each program.

A result line reads ``WHAT: WHEN`` (``몽골 보건부와 MOU 체결: `19. 5. 24.``).
The trigger words in ``data/rules/triggers.toml`` decide the relation; the
rule's ``party`` says where the other party is written. Key-value children
(``장 소:``, ``주 관:``, ``지원일자:``, ``지원내용:``) qualify their parent.
Every item of a results or plan block that names no relation still becomes
an ``activity`` of its program, so nothing the report did is dropped.

:class:`ItemReader` walks the items and hands each to the part of the reader
for its kind, one module each: :mod:`.ties` (sister and friendship cities),
:mod:`.acts` (agreements, ordinances, bodies established), :mod:`.designations`,
:mod:`.support` (gifts and subsidies), :mod:`.visits` (visits, meetings,
participation), :mod:`.events` (events hosted and their key-value children) and
:mod:`.operators`; :mod:`.reader` holds the state they share.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from ..model.statements import Mention, When
from ..parse import money
from ..parse.document import Block, Item
from ..read.textnorm import despace
from .acts import ActReader
from .budget import emit_figure
from .context import Context
from .designations import DesignationReader
from .events import EventReader
from .mentions import classify, strip_name
from .operators import OperatorReader, operator_in_line
from .phrases import rules_by_position, split_item, status_of, triggers
from .reader import ACTIVITY_BLOCKS, ItemLine
from .support import SupportReader
from .ties import TieReader, tie_city, tie_in_brackets
from .ties import first_city as _first_city  # noqa: F401  (read here by the tests)
from .visits import VisitReader

_PLAN_MADE = re.compile(r"(제정|체결|구성|설치|신설)\s*계획\s*수립")
#: How the key of an item holding a program's money ends ("축제 예산: 총 350백만원 (…)").
_SEVERAL_YEARS = re.compile(r"\(\s*연\s|\d\s*년\s*\)|\d\s*개년|\d\s*년간")
_BUDGET_KEYS = ("예산", "예산액", "사업비", "소요예산", "소요예산액")

#: A rule's handler: given the line, the rule's relation and the trigger words found, the relation it
#: claimed, ``reader.STOP`` if the line is its but claims nothing, or None to try the next rule.
RuleHandler = Callable[["ItemReader", ItemLine, str, "list[str]"], "str | None"]


class ItemReader(TieReader, ActReader, DesignationReader, SupportReader, VisitReader, EventReader, OperatorReader):
    """Reads the items of one program's blocks: walks them and hands each to the part for its kind."""

    #: The handler of each relation a trigger rule names (``data/rules/triggers.toml``).
    RULES: ClassVar[dict[str, RuleHandler]] = {
        "sister_city": TieReader.tie_rule,
        "friendship_city": TieReader.tie_rule,
        "agreement": ActReader.agreement_rule,
        "enacted": ActReader.enacted_rule,
        "supported": SupportReader.supported_rule,
        "met_with": VisitReader.met_with_rule,
        "designated": DesignationReader.designation_rule,
        "established": ActReader.established_rule,
        "participated": VisitReader.participation_rule,
        "hosted": EventReader.hosted_rule,
    }

    def run(self) -> None:
        """Read every item of the program's blocks (budgets apart), then their city tables."""
        for block in self.prog.blocks:
            if block.kind == "budget":
                continue
            for item in block.items:
                self.visit(block, item, None)
            self.city_table(block)

    # -- traversal ----------------------------------------------------------------
    def visit(self, block: Block, item: Item, tie: Mention | None, parent_dates: tuple[When, ...] = ()) -> None:
        """Read ``item``, then its children (with the tie it names, the event it hosted and its dates,
        which a child that states none takes), unless it was a list or a child is a key-value line
        already used."""
        handled = self.read(block, item, tie, parent_dates)
        tie_here = tie
        if any(w in item.text for w in triggers()["ties"]["context_words"]):
            city = tie_city(item.text, None)
            if city is not None:
                kind = "friendship_city" if "우호" in item.text else "sister_city"
                tie_here = Mention(city.text, city.type, city.context + (("tie", kind),))
        if handled == "list":
            return
        outer = self.item_event
        self.item_event = self.last_event if handled == "hosted" else outer  # "장 소: …" under "… 개최"
        for child in item.children:
            if handled and child.line in self.ctx.used and child.key_value:
                continue
            self.visit(block, child, tie_here, self._dates_of(item) or parent_dates)
        self.item_event = outer

    def _dates_of(self, item: Item) -> tuple[When, ...]:
        """The dates an item's own line states."""
        return tuple(split_item(self.ctx, item, self.year).dates)

    def read(self, block: Block, item: Item, tie: Mention | None, parent_dates: tuple[When, ...] = ()) -> str | None:
        """Turn one item into claims (dated by its line, else by its parent's); return what handled it."""
        ctx = self.ctx
        parsed = split_item(ctx, item, self.year)
        what = parsed.what
        status, note = status_of(ctx, block, item.text)
        if note:
            ctx.notes[item.line] = note  # "코로나19로 취소": a plan that did not take place
        whens: list[When | None] = list(parsed.dates) or list(parent_dates[:1]) or [None]
        for extra in item.lines[1:]:
            ctx.used.setdefault(extra, "continuation")
        kv = item.key_value
        if kv and self.key_value(block, item, kv, status):
            return "kv"
        if kv and kv[0].startswith(tuple(triggers()["keys"]["descriptive"])):
            return None  # "참여 호텔: A, B", "대 상: …": a description, not an act
        if self.city_list(block, item, kv):
            return "list"
        if self.hospital_list(item, kv, whens[0]):
            return "list"
        if self.subsidy(item, what, status, whens):
            return "supported"
        rel = self.relation(block, item, what, status, whens, tie)
        if rel:
            return rel
        if block.kind in ACTIVITY_BLOCKS and (item.level == 1 or parsed.dates):
            name = what if len(what) >= 2 else item.text
            cls = classify(name, "Activity")
            cls = cls if cls in ("Event", "Activity") else "Activity"
            for when in whens:
                ctx.add(self.program, "activity", Mention(strip_name(name), cls), item.line, status=status, when=when, reason="activity")
            return "activity"
        return None

    # -- key-value items ------------------------------------------------------------
    def key_value(self, block: Block, item: Item, kv: tuple[str, str], status: str) -> bool:
        """A key-value child: a zone's designation day, the program's budget, a detail of the event at
        hand or the operator of what its parent names; whether it said any of these."""
        key, value = kv
        if key in ("사업지정", "지정일", "지정"):
            return self.zone_designation(block, item, value)
        if self._program_budget(item, key, value, status):
            return True
        said = self.event_detail(item, key, value, status)
        if said is not None:
            return said
        if key in triggers()["operators"]["keys"]:  # the operator of what the parent item (or block) names
            return self.operator_of_parent(block, item, key, value, status)
        return False

    def _program_budget(self, item: Item, key: str, value: str, status: str) -> bool:
        """``◦ 축제 예산 : 총 350백만원(국비 50, …)`` straight under the program: the program's money (under
        another item it is that item's, which has no node of its own: the line stays unparsed)."""
        if item.level == 1 and despace(key).endswith(_BUDGET_KEYS) and "원" in value:
            if _SEVERAL_YEARS.search(value):
                return False  # "총사업비: 2,460,000천원 (연 820,000천원, 3년)": no one year's budget (listed as unparsed)
            fig = money.parse_amount(value, 1000, item.line, "budget")
            if fig is not None:
                emit_figure(self.ctx, self.program, fig, self.year, "planned" if status == "planned" else "done")
                return True
        return False

    # -- trigger words --------------------------------------------------------------
    def relation(self, block: Block, item: Item, what: str, status: str, whens: list[When | None], tie: Mention | None) -> str | None:
        """The relation the item's trigger words name (the first rule, by position, whose handler claims
        the line), else a dated step of the tie its parent names, else an event it names with no
        trigger word; None if none."""
        if _PLAN_MADE.search(what):
            status, whens = "planned", [None]  # a plan was made on that date; the act itself is to come
        line = ItemLine(item, what, status, whens, tie)
        for rule, words in rules_by_position(item.text, what):
            handler = self.RULES.get(rule["relation"])
            done = handler(self, line, rule["relation"], words) if handler is not None else None
            if done is not None:
                return done or None
        return self.tie_step(line) or self.untriggered_event(block, line)


def extract_items(ctx: Context) -> None:
    """Read the items of every program."""
    for prog in ctx.report.programs:
        ItemReader(ctx, prog).run()
        for block in prog.blocks:
            for item in block.all_items():
                tie_in_brackets(ctx, item, prog.part.year)
                operator_in_line(ctx, item, block.status if block.status in ("done", "planned") else prog.part.status)
