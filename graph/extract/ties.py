"""City ties: the tie tables and city lists of a program (상호결연도시 현황), the steps of a tie
(``… 자매결연 협정 체결: date``, ``체결동의안 가결: 9월``) and ties in brackets (``인제군(자매결연 2007. 5. 3.)``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model.statements import Mention
from ..parse.document import Block, Item
from ..read.textnorm import clean
from .context import Context
from .mentions import classify, first_district_end, place, places_in_list, strip_name
from .phrases import bracket_groups, thing_named, top_level_split, triggers
from .reader import ItemLine, ReaderBase

_CITY_TABLE_HEAD = re.compile(r"(결연|자매|우호)도시\s*현황")
_STEP_BRACKET = re.compile(r"\(([^()]*\d[^()]*|[^()]*체결[^()]*)\)")
_CHUNKS = re.compile(r"[(),]|와의|과의|와 |과 ")  # where a line's place names break
_ANNIVERSARY = re.compile(r"\d+\s*주년")
_TIE_MADE = re.compile(r"체결|협정|의향서|결연|협약|격상|동의안|가결")


def tie_city(text: str, inherited: Mention | None) -> Mention | None:
    """The first city a line names (with its country or province), else the inherited one."""
    return first_city(text) or inherited


@lru_cache(maxsize=1 << 14)
def first_city(text: str) -> Mention | None:
    """The first city ``text`` names: the longest place from the first word on, chunk by chunk.

    Prefixes that hold no character a district name can end with are skipped:
    no place in them is a district.
    """
    for chunk in _CHUNKS.split(text):
        words = chunk.split()
        for i in range(len(words)):
            cand = " ".join(words[i:])
            first = first_district_end(cand)
            if first < 0:
                break  # the later candidates are suffixes of this one
            for end in range(len(cand), max(first, 1), -1):
                m = place(cand[:end])
                if m is not None and m.type == "District" and classify(m.text, "x") == "District":
                    return m
    return None


@lru_cache(maxsize=1)
def _tie_bracket() -> re.Pattern[str]:
    ties = triggers()["ties"]
    words = "|".join(map(re.escape, ties["sister"] + ties["friendship"]))
    return re.compile(rf"(?P<city>[^\s,()]+)\s*\((?P<kind>{words})[가-힣]*\s*(?P<when>[^()]*\d[^()]*)\)")


def tie_in_brackets(ctx: Context, item: Item, year: int) -> None:
    """A city with the day of its tie in brackets, ``인제군(자매결연 2007. 5. 3.)``: the district's tie."""
    if "(" not in item.text:
        return
    friendship = triggers()["ties"]["friendship"]
    for m in _tie_bracket().finditer(item.text):
        city = place(m.group("city"))
        dates = ctx.dates(m.group("when"), year)
        if city is None or not dates or classify(city.text, "x") != "District":
            continue
        rel = "friendship_city" if m.group("kind") in friendship else "sister_city"
        ctx.add(ctx.district, rel, city, item.line, when=dates[0], role=m.group("kind"), reason="tie in brackets")


class TieReader(ReaderBase):
    """The district's sister and friendship cities: tables, lists and the steps of a tie."""

    def city_table(self, block: Block) -> None:
        """A 상호결연도시 현황 table: ``국내 (6개)`` then city lists; ``(우호)`` marks friendship."""
        heads = " ".join(it.text for it in block.all_items())
        if not _CITY_TABLE_HEAD.search(heads):
            return
        rows = list(block.rows)
        for it in block.all_items():  # "○ 상호결연도시 현황" with the lists as its unbulleted lines
            if _CITY_TABLE_HEAD.search(it.text) and len(it.lines) > 1:
                rows += [(n, self.ctx.report.source.line(n)) for n in it.lines[1:]]
                self.ctx.used.setdefault(it.line, "city table heading")
        for n, text in rows:
            body = re.sub(r"^\s*(국내|국외)\s*(\(\d+개\))?", "", text)
            if body != text:
                self.ctx.used.setdefault(n, "city table label")
            for city in places_in_list(body):
                rel = "friendship_city" if city.hint("marker") == "우호" else "sister_city"
                self.ctx.add(self.ctx.district, rel, city, n, when=None, role="현황", reason="city table")
                self._located(city, n)

    def city_list(self, block: Block, item: Item, kv: tuple[str, str] | None) -> bool:
        """``- 국내: 경남 고성군, …`` under 자매도시/우호도시 현황; each city with its own bracket."""
        if kv is None or kv[0] not in ("국내", "국외"):
            return False
        parent = self._parent_text(block, item)
        relation = "friendship_city" if "우호" in parent else "sister_city" if ("자매" in parent or "결연" in parent) else None
        if relation is None:
            return False
        for chunk in top_level_split(kv[1]):
            when, step = None, None
            for group in bracket_groups(chunk):
                dates = self.ctx.dates(group, self.year)
                if dates:
                    when = dates[0]
                    step = clean(re.sub(r"^[^가-힣]*", "", group.replace(dates[0].text, ""))) or None
            name = _STEP_BRACKET.sub("", chunk)
            for city in places_in_list(name):
                rel = "friendship_city" if city.hint("marker") == "우호" else relation
                line = self.line_of(item, city.text)
                self.ctx.add(self.ctx.district, rel, city, line, when=when,
                             role=step or "현황", reason="city list")
                self._located(city, line)
        return True

    def tie_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``… 자매결연 협정 체결: date``: the district's tie (``rel``) with the city the line, or its
        parent, names, on each date; one only named that day (``자매도시 … 교류캠프``) is undated and
        the line's own act is left to the other rules (None)."""
        ctx, item, what, status, whens = self.ctx, line.item, line.what, line.status, line.whens
        district = ctx.district
        city = tie_city(what, line.tie)
        if city is None or what.endswith("현황") or (whens[0] is None and not re.search(r"체결|협정식|의향서", what)):
            return None
        role = thing_named(what, []) if city.text not in what else clean(what.replace(city.text, "").strip(" -·"))
        if not _TIE_MADE.search(what) or _ANNIVERSARY.search(what):  # "자매결연 20주년 기념 교류행사": not the tie's day
            # "자매도시 인제군 청소년 교류캠프: 8. 12.": the tie is named, not made, that day; the
            # line's own act is read by the other rules
            ctx.add(district, rel, city, item.line, status=status, when=None, role=words[0], reason="tie named")
            return None
        for when in whens:
            ctx.add(district, rel, city, item.line, status=status, when=when, role=role or words[0], reason="tie step")
        if "방문" in what:
            return None
        if re.search(r"참가|참석", what):  # took part in another's signing: an event too
            event = Mention(strip_name(re.sub(r"\s*(참가|참석).*$", "", what)), "Event")
            for when in whens:
                ctx.add(district, "participated", event, item.line, status=status, when=when, reason="participation")
        return rel

    def tie_step(self, line: ItemLine) -> str | None:
        """A dated step of a tie the parent item names (``체결동의안 … 가결: 9월``), else None."""
        tie, whens, what = line.tie, line.whens, line.what
        if tie is not None and whens[0] is not None and re.search(r"체결|동의안|가결|협정|의향서|결연", what):
            rel = "friendship_city" if tie.hint("tie") == "friendship_city" else "sister_city"
            for when in whens:
                self.ctx.add(self.ctx.district, rel, tie, line.item.line, status=line.status, when=when, role=what,
                             reason="tie step")
            return rel
        return None
