"""Support and gifts: what others gave the district (``영암군: 우리구에 … 마스크 제공``, ``㈜X 마스크 5,000매
기부``, ``A협의회, 운영비 30백만원 후원``) and the subsidies the district gave (``… 보조금 지원: 150,000천원``)."""
from __future__ import annotations

import re

from ..model.statements import Mention, When
from ..parse import money
from ..parse.document import Item
from ..read.textnorm import clean
from .mentions import classify, place, strip_name
from .named import DESIGNEE_CLASSES, GROUP_ENDS, organisation_class
from .phrases import kv_children, triggers
from .reader import STOP, ItemLine, ReaderBase

#: How the branch of an organisation written after its name ends ("㈜현대백화점 천호점").
_BRANCH = ("점", "지점", "지사", "지부", "본부", "지역본부")
_NOT_A_FIGURE_COMMA = re.compile(r"(,)(?!\d)")  # a comma between words, not inside 5,000


def _giver(name: str) -> Mention | None:
    """The giver a name before a comma is: a city (after a tie word: ``자매도시 평창군``) or an organisation."""
    for word in triggers()["ties"]["context_words"]:
        name = re.sub(rf"^{re.escape(word)}\S*\s+", "", name)
    name = strip_name(name)
    if len(name) < 2:
        return None
    city = place(name) if classify(name, "") == "District" else None
    if city is not None:
        return city
    cls = classify(name, "")
    return Mention(name, cls) if cls in DESIGNEE_CLASSES or name.endswith(GROUP_ENDS) else None


class SupportReader(ReaderBase):
    """Who supported whom, with what and how much."""

    def supported_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """The handler of a support trigger word: see :meth:`support` (STOP if it finds no giver)."""
        return self.support(line.item, line.what, line.status, line.whens, words) or STOP

    def support(self, item: Item, what: str, status: str, whens: list[When | None], words: list[str]) -> str | None:
        """``영암군: 우리구에 코로나19 극복 마스크 제공`` with 지원일자/지원내용 children."""
        ctx = self.ctx
        m = re.match(r"^([^:：]+)[:：]\s*(.*)$", item.text)
        if not m or not any(w in m.group(2) for w in ("우리구", "우리 구", "구에")):
            return self._support_by_named_giver(item, what, status, whens)
        givers = [g for g in re.split(r"[·ㆍ,]", m.group(1)) if strip_name(g)]
        kids = kv_children(item)
        when: When | None = None
        amount = None
        lines = [item.line]
        for key, (value, line) in kids.items():
            if "일자" in key or key == "일시":
                dates = ctx.dates(value, self.year)
                if dates:
                    when = dates[0]
                    lines.append(line)
            if "내용" in key or "금" in key:
                found = money.amounts_in(value, 1000)
                if found:
                    amount = found[-1][0]
                    lines.append(line)
        what_given = clean(re.sub(r"^(우리\s?구에)\s*", "", m.group(2)))
        for g in givers:
            name = strip_name(g)
            giver = place(name) if classify(name, "") == "District" else None
            giver = giver or Mention(name, classify(name, "CivicGroup"))
            ctx.add(giver, "supported", ctx.district, item.line, status=status, when=when or whens[0],
                    amount_krw=amount if len(givers) == 1 else None, role=what_given, reason="support")
        for line in lines[1:]:
            ctx.used.setdefault(line, "support detail")
        return "supported"

    def subsidy(self, item: Item, what: str, status: str, whens: list[When | None]) -> bool:
        """``신매시장 상인회 시설현대화 보조금 지원: 150,000천원('22. 4월)``: the district supports the
        organisation named first (``triggers.toml`` [subsidy]), with the amount the line gives."""
        rules = triggers()["subsidy"]
        word = next((w for w in rules["words"] if what.endswith(w)), None)
        if word is None:
            return False
        words = what[: -len(word)].split()
        ends = tuple(rules["recipient_ends"])
        last = max((i for i, w in enumerate(words) if w.endswith(ends)), default=None)
        if last is None:
            return False
        name = strip_name(" ".join(words[: last + 1]))
        if len(name) < 2 or self.ctx.is_self(name):
            return False
        found = money.amounts_in(item.text, 1000)
        recipient = Mention(name, organisation_class(name) or "CivicGroup")
        for when in whens:
            self.ctx.add(self.ctx.district, "supported", recipient, item.line, status=status, when=when,
                         amount_krw=found[0][0] if found else None, role=word, reason="subsidy")
        return True

    def _support_by_giver_before_comma(self, item: Item, what: str, status: str, whens: list[When | None]) -> bool:
        """``해운대관광호텔협의회, 모래축제 운영비 30백만원 후원``: the giver before the comma; the amount
        anywhere on the line (``… 기부: 2021. 7. 22. / 20,000천원 상당``)."""
        head, sep, given = _NOT_A_FIGURE_COMMA.split(what, 1) if _NOT_A_FIGURE_COMMA.search(what) else (what, "", "")
        giver = _giver(head) if sep == "," else None
        if giver is None or self.ctx.is_self(giver.text):
            return False
        found = money.amounts_in(item.text, 1)
        for when in whens:
            self.ctx.add(giver, "supported", self.ctx.district, item.line, status=status, when=when,
                         amount_krw=found[-1][0] if found else None, role=clean(given), reason="support")
        tie = next((w for w in ("우호", "자매") if head.strip().startswith(w)), None)
        if tie and giver.type == "District":  # "자매도시 함평군, 쌀 500포 기부": the tie is named too
            self.ctx.add(self.ctx.district, "friendship_city" if tie == "우호" else "sister_city", giver, item.line,
                         status=status, when=None, role=head.split()[0], reason="tie named")
        return True

    def _support_by_named_giver(self, item: Item, what: str, status: str, whens: list[When | None]) -> str | None:
        """``㈜현대백화점 천호점 마스크 5,000매 기부``: an organisation named first gave the rest (the
        fewest first words that name one, with a branch after them; never the district itself)."""
        ctx = self.ctx
        if self._support_by_giver_before_comma(item, what, status, whens):
            return "supported"
        words = what.split()
        for k in range(1, min(3, len(words) - 1) + 1):
            name = " ".join(words[:k])
            cls = classify(name, "")
            if cls not in DESIGNEE_CLASSES and k == 1 and name.endswith(GROUP_ENDS) and len(name) >= 3:
                cls = "CivicGroup"  # "성북구약사회 장학금 5,000천원 기부"
            if cls in DESIGNEE_CLASSES and not ctx.is_self(name):
                if k < len(words) - 1 and words[k].endswith(_BRANCH):
                    k += 1
                    name = " ".join(words[:k])
                given = " ".join(words[k:])
                found = money.amounts_in(given, 1) if "원" in given else []
                for when in whens:
                    ctx.add(Mention(strip_name(name), cls), "supported", ctx.district, item.line, status=status,
                            when=when, amount_krw=found[-1][0] if found else None, role=given, reason="support")
                return "supported"
        return None
