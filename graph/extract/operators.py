"""Operators: who runs a facility or an activity, from a line (``종암청소년센터 - 수탁기관 (재)한빛청소년재단``,
``… 위탁운영((재)X): …``) or a key-value child under it (``운영기관: (재)X``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model.statements import Mention
from ..parse.document import Block, Item
from .context import Context
from .mentions import classify, strip_name
from .named import ASIDE, organisation_class
from .phrases import triggers
from .reader import ReaderBase


def operator_name(value: str) -> str:
    """The operator a value names: bracketed asides with figures or colons dropped, (사)/(재) kept."""
    return strip_name(ASIDE.sub("", value).split(",")[0])


@lru_cache(maxsize=1)
def _operator_forms() -> tuple[re.Pattern[str], ...]:
    words = "|".join(map(re.escape, triggers()["operators"]["words"]))
    return (re.compile(rf"^(?P<x>[^:]+?)\s*[-–:]?\s*(?:{words})\s*[:]?\s+(?P<y>[^,]+)$"),
            re.compile(rf"^(?P<x>[^:(]+?)\s*(?:{words})\s*\((?P<y>.+?)\)\s*(?::.*)?$"),
            re.compile(r"^(?P<x>[^:]+?)\s*:\s*(?P<y>[^:]+?)에\s*(?:민간\s*)?위탁"))  # "X 운영: (사)Y에 위탁"


def operator_in_line(ctx: Context, item: Item, status: str) -> None:
    """``종암청소년센터 - 수탁기관 (재)한빛청소년재단``, ``종암청소년센터 위탁운영((재)한빛청소년재단): …``:
    the organisation named after the operator word runs the facility named before it."""
    if not any(w in item.text for w in triggers()["operators"]["words"]) and "위탁" not in item.text:
        return
    for form in _operator_forms():
        m = form.match(item.text)
        if m is None:
            continue
        facility = strip_name(re.sub(r"\s*(?:운영|관리)$", "", m.group("x").strip()))
        operator = operator_name(m.group("y"))
        cls = organisation_class(operator)
        if len(facility) >= 2 and len(operator) >= 2 and cls:
            ctx.add(Mention(operator, cls), "runs", Mention(facility, classify(facility, "Place")),
                    item.line, status=status, role="위탁", reason="operator")
            return


class OperatorReader(ReaderBase):
    """The operator a key-value child names (``운영기관:``, ``수탁기관:``; ``triggers.toml`` [operators] keys)."""

    def operator_of_parent(self, block: Block, item: Item, key: str, value: str, status: str) -> bool:
        """The operator of what the parent item (or block) names, else of the program; False if the value
        names none."""
        # "관악 일자리센터 운영: 연중" above "운영기관: X": the facility, without its verb and its time
        parent = strip_name(re.sub(r"\s*(?:운영|관리)$", "", self._parent_text(block, item).split(":")[0].strip()))
        if not parent and block.kind == "other":  # "□ 관광안내소 운영": the facility the block is about
            parent = strip_name(re.sub(r"\s*(?:운영|관리)$", "", block.title))
        operator = operator_name(value)
        if len(operator) < 2:
            return False
        self.ctx.add(Mention(operator, classify(operator, "Agency")), "runs",
                     Mention(parent, "Activity") if parent else self.program, item.line, status=status, role=key,
                     reason="operator")
        return True
