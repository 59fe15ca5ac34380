"""Visits, meetings and participation: where the district went and what it took part in (``… 방문``,
``… 참석``), who came to it (``여수시장 일행 우리구 방문``, ``… 대표단 내방``) and whom it met (``… 면담``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model.statements import Mention, When
from ..parse.document import Item
from .events import EventReader
from .mentions import classify, office_of, person, strip_name
from .named import COUNT, named_after_colon
from .phrases import thing_named, top_level_split, triggers
from .reader import STOP, ItemLine
from .ties import tie_city

_PEOPLE = re.compile(r"\d[\d,]*\s*(?:명|개국|개사|곳|팀)")
_OWN_GROUP = re.compile(r"(?:^|\s)(?:구|우리\s?구|본\s?구|구청)\s*$")


@lru_cache(maxsize=1)
def _visit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(who came before the district's self word, "여수시장 일행 우리구 방문"; the party before a
    visiting group or an inbound word, "울란바토르시 대표단 방문", "황포구 청소년 교류단 내방")."""
    v = triggers()["visits"]
    groups = "|".join(map(re.escape, sorted(v["groups"], key=len, reverse=True)))
    inbound = "|".join(map(re.escape, sorted(v["inbound"], key=len, reverse=True)))
    us = r"(?:우리\s?구|본구|구청)(?:를|을|에)?"
    to_self = re.compile(rf"^(.+?)\s*(?:{groups})?\s*{us}\s")
    party = re.compile(rf"^(.+?)\s*(?:(?:{groups})\s*(?:\([^()]*\))?\s*(?:{us}\s*)?(?:방문|{inbound})|(?:{inbound}))")
    return to_self, party


# a trailing bracket of several words, or one the trigger word cut open ("해외연수(핀란드 헬싱키 … 방문)")
_DESCRIBED = re.compile(r"\s*\((?:[^()]*\s[^()]*\)|[^()]*)\s*$")
_OFFICE = re.compile(r"(?:청|처|부|원|회|센터|교육청|대사관|공사|공단|재단)$")


class VisitReader(EventReader):
    """Visits both ways, meetings and participation (an event taken part in is placed as a hosted one is)."""

    def met_with_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``… 구청장 면담``: the person the district met, with the office the line gives."""
        what = line.what
        name = thing_named(what, words)
        # an office met ("헬싱키시 교육청 면담"), typed by its name, else a person with their role
        pr = None if _OFFICE.search(name) else person(name)
        target = Mention(pr[0], "Person") if pr else office_of(name) if _OFFICE.search(name) else Mention(name, "Person")
        for when in line.whens:
            self.ctx.add(self.ctx.district, "met_with", target, line.item.line, status=line.status, when=when,
                         role=pr[1] if pr else None, reason="meeting")
        return rel

    def participation_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``… 방문``, ``… 참석``: the places and events listed after a colon, a visit to the district, the
        events a line lists, else the one thing it names; STOP for a count of who took part."""
        ctx, item, what, status, whens = self.ctx, line.item, line.what, line.status, line.whens
        district = ctx.district
        if self._visits_listed(item, what, status, whens, words):
            return rel
        target = None
        visits = triggers()["visits"]
        if set(words) & {*visits["words"], *visits["inbound"]}:
            target = tie_city(what, None)
            visitor = self._visitor(what, target)
            if visitor is not None:  # "여수시장 일행 우리구 방문", "… 대표단 방문", "… 내방": they visited us
                if visitor.type == "District":
                    self._located(visitor, item.line)
                for when in whens:
                    ctx.add(visitor, "participated", district,
                            item.line, status=status, when=when, role=words[0], reason="visit to the district")
                return rel
        name = _DESCRIBED.sub("", thing_named(what, words))  # "해외연수(핀란드 … 방문)": the bracket describes
        if target is None and (COUNT.search(name) or _PEOPLE.search(name)):
            return STOP  # "에이전시 56개사 참여", "중학생 30명 참여": who took part in the parent's event
        parts = [strip_name(x) for x in top_level_split(name)] if target is None else []
        if len(parts) > 1 and all(2 <= len(x) <= 25 for x in parts):  # "기념식, 기념식수, 음악회 참석"
            for part in parts:
                event = Mention(part, classify(part, "Event"))
                for when in whens:
                    ctx.add(district, "participated", event, item.line, status=status, when=when,
                            role=words[0], reason="participation")
                if event.type == "Event":
                    ctx.add(self.program, "activity", event, item.line, status=status, when=whens[0],
                            reason="participation")
            return rel
        target = target or Mention(name, classify(name, "Event") if classify(name, "Event") in ("Event", "District", "Agency", "Hospital") else "Event")
        for when in whens:
            ctx.add(district, "participated", target, item.line, status=status, when=when, role=words[0], reason="participation")
        if target.type == "Event":
            self._event_place(target, what, item.line, status)
            ctx.add(self.program, "activity", target, item.line, status=status, when=whens[0], reason="participation")
        return rel

    def _visits_listed(self, item: Item, what: str, status: str, whens: list[When | None], words: list[str]) -> bool:
        """``벤치마킹 방문: 전주 남부시장, 광주 1913송정역시장('22. 7. 14.)``, ``축제 방문: 청송사과축제
        (2018-10-26), 보령머드축제(…)``: the district visited each place or event after the colon, on the
        date its bracket gives, else the line's."""
        if not any(w in triggers()["visits"]["words"] or w == "벤치마킹" for w in words) or ":" not in item.text:
            return False
        if not any(w in item.text.split(":", 1)[0] for w in words):
            return False
        found = named_after_colon(self.ctx, item.text, self.year, places=True)
        for target, own in found:
            for when in (own or whens):
                self.ctx.add(self.ctx.district, "participated", target, item.line, status=status, when=when,
                             role=words[0], reason="visit")
            if target.type == "District":
                self._located(target, item.line)
        return bool(found)

    def _visitor(self, what: str, city: Mention | None) -> Mention | None:
        """Who visited the district, if ``what`` says the visit came to it: the party before its
        self word, or before a visiting group (대표단 …) or an inbound word (내방); else None."""
        to_self, party = _visit_patterns()
        m = to_self.match(what) if city is not None and self.ctx.is_self(city.text) else None
        if m:
            return office_of(m.group(1))
        m = party.match(what)
        if m is None:
            return None
        who = m.group(1).strip()
        if _OWN_GROUP.search(who):  # "… 기념 구 대표단 방문": the district's own delegation went
            return None
        if classify(who, "") == "Event":
            return None  # "가마쿠라시 축제 대표단 방문": a delegation to an event, whose is not said
        found = tie_city(who, None)
        return found if found is not None else (office_of(who) if len(who) >= 2 else None)
