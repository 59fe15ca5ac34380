"""Events: what the district hosted (``… 포럼 개최``, or an event named with no trigger word) and the
key-value children that qualify an event (``주 최:``, ``주 관:``, ``후 원:``, ``장 소:``, ``일 시:``)."""
from __future__ import annotations

import re

from ..model.statements import Mention, When
from ..parse.document import Block, Item
from ..read.textnorm import clean, despace
from .mentions import classify, strip_name
from .phrases import thing_named, triggers
from .reader import ACTIVITY_BLOCKS, ItemLine, ReaderBase
from .ties import tie_city


class EventReader(ReaderBase):
    """The events the district hosted, with their organisers, sponsors, venues and dates."""

    def event_detail(self, item: Item, key: str, value: str, status: str) -> bool | None:
        """A key-value child of the event at hand (see :meth:`_event`): its hosts and sponsors, venue or
        date; whether the child said something of it (None if the key says none of these or no event
        is at hand)."""
        ctx = self.ctx
        roles = triggers()["event_roles"]
        if despace(key) in {**roles["hosted"], **roles["supported"]} and self._event() is not None:
            event = self._event()
            # "주최 : 노원구 / 주관 : 노원문화재단": each pair's value, with its own key
            for seg in re.split(r"\s/\s", value):
                k, sep, v = seg.partition(":")
                role = despace(k) if sep and despace(k) in {**roles["hosted"], **roles["supported"]} else despace(key)
                self._event_parties(event, v if sep else seg, role, item.line, status)
            return True
        if key in ("장소", "위치") and self._event() is not None:
            name = strip_name(value)
            ctx.add(self._event(), "located_in", Mention(name, "Place"), item.line, status=status, reason="venue")
            return True
        if key in ("일시", "시기/장소", "개최시기") and self._event() is not None:
            dates = ctx.dates(value, self.year)
            if dates:
                ctx.add(ctx.district, "hosted", self._event(), item.line, status=status, when=dates[0], reason="event date")
            if "/" in value and key == "시기/장소":
                venue = strip_name(value.split("/", 1)[1])
                if venue:
                    ctx.add(self._event(), "located_in", Mention(venue, "Place"), item.line, status=status, reason="venue")
            return bool(dates)
        return None

    def _event_parties(self, event: Mention, value: str, role: str, line: int, status: str) -> None:
        """The parties a ``주최:``/``주관:``/``후원:`` value names: hosts host the event, sponsors support it."""
        ctx = self.ctx
        roles = triggers()["event_roles"]
        relation = "supported" if role in roles["supported"] else "hosted"
        for part in re.split(r"[-,·ㆍ]|등과|및", value):
            # trailing words that say how, not who ("서울시-금융감독원 공동주관 추진"); 추진위원회 stays
            name = strip_name(re.sub(r"(?:\s*(?:공동주관|공동개최|추진|\(안\)|등))+\s*$", "", part))
            if len(name) < 2 or ctx.is_self(name):
                continue  # the district's own part is its event line's
            party = Mention(name, classify(name, "Agency"))
            ctx.add(party, relation, event, line, status=status, role=roles[relation if relation == "hosted" else "supported"].get(role, role),
                    reason="organiser" if relation == "hosted" else "sponsor")

    def _event(self) -> Mention | None:
        """The event a program is about, when its name is an event (``… 컨퍼런스 개최``; its items restate
        it, often shorter), else the event the current item is under."""
        name = re.sub(r"\s*(개최|추진)$", "", clean(self.prog.name))
        return Mention(name, "Event") if classify(name, "") == "Event" else self.item_event

    def hosted_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """The handler of a hosting trigger word (``… 개최``): the event it names (None if it names none)."""
        name = thing_named(line.what, words)
        if classify(name, "") != "Event":
            return None
        return self.hosted(line.item, Mention(name, "Event"), line.what, line.status, line.whens, words[0])

    def untriggered_event(self, block: Block, line: ItemLine) -> str | None:
        """An event named with no trigger word (``영등포 국제 의료관광 포럼: `20. 11. 18.``), in a block of
        activities: the district hosted it; else None."""
        name = strip_name(line.what)
        if classify(name, "") == "Event" and block.kind in ACTIVITY_BLOCKS:
            return self.hosted(line.item, Mention(name, "Event"), line.what, line.status, line.whens, "개최")
        return None

    def hosted(self, item: Item, event: Mention, what: str, status: str, whens: list[When | None], word: str) -> str:
        """The district hosted ``event`` (an activity of the program too; the items under it qualify it),
        met whom a 간담회 names before 와/과, and the event is in the city its name gives."""
        ctx = self.ctx
        self.last_event = event
        for when in whens:
            ctx.add(ctx.district, "hosted", event, item.line, status=status, when=when, role=word, reason="event")
        ctx.add(self.program, "activity", event, item.line, status=status, when=whens[0], reason="event")
        m = re.match(r"^(.+?)(?:와|과)\s", what)
        if m and "간담회" in what:
            other = strip_name(m.group(1))
            if len(other) >= 2 and not ctx.is_self(other):
                for when in whens:
                    ctx.add(ctx.district, "met_with", Mention(other, classify(other, "Company")), item.line,
                            status=status, when=when, role=event.text, reason="meeting")
        self._event_place(event, what, item.line, status)
        return "hosted"

    def _event_place(self, event: Mention, what: str, line: int, status: str) -> None:
        """The city an event's name places it in (``몽골 울란바토르 … 설명회``), with that city's country."""
        city = tie_city(event.text, None)
        if city is not None and city.context and city.text != event.text:
            self.ctx.add(event, "located_in", city, line, status=status, reason="event place")
            self._located(city, line)
