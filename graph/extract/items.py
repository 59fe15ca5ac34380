"""Bulleted items: trigger words → relations, and the activities of each program.

A result line reads ``WHAT: WHEN`` (``몽골 보건부와 MOU 체결: `19. 5. 24.``).
The trigger words in ``data/rules/triggers.toml`` decide the relation; the
rule's ``party`` says where the other party is written. Key-value children
(``장 소:``, ``주 관:``, ``지원일자:``, ``지원내용:``) qualify their parent.
Every item of a results or plan block that names no relation still becomes
an ``activity`` of its program, so nothing the report did is dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..parse import money
from ..model.statements import Mention, When
from ..parse.document import Block, Item, Program
from ..read.textnorm import clean, despace
from .budget import emit_figure
from .context import Context
from .mentions import classify, first_district_end, office_of, person, place, places_in_list, strip_name
from .phrases import (
    bracket_groups,
    kv_children,
    not_held,
    parties_in_brackets,
    party_before_particle,
    rules_by_position,
    split_item,
    status_of,
    thing_named,
    top_level_split,
    triggers,
)

_ACTIVITY_BLOCKS = {"results", "plan", "detail_plan", "schedule"}
_CITY_TABLE_HEAD = re.compile(r"(결연|자매|우호)도시\s*현황")
_PLAN_MADE = re.compile(r"(제정|체결|구성|설치|신설)\s*계획\s*수립")
_STEP_BRACKET = re.compile(r"\(([^()]*\d[^()]*|[^()]*체결[^()]*)\)")
_CHUNKS = re.compile(r"[(),]|와의|과의|와 |과 ")  # where a line's place names break
#: The authority of a notice in brackets: "(서울특별시 고시 제2015-210호)", "(○○부 공고 제12호)".
_NOTICE = re.compile(r"\(([^()\d]+?)\s*(?:고시|공고)\s*제\s*[\d-]+\s*호\)")
#: How the key of an item holding a program's money ends ("축제 예산: 총 350백만원 (…)").
_BUDGET_KEYS = ("예산", "예산액", "사업비", "소요예산", "소요예산액")
#: How the branch of an organisation written after its name ends ("㈜현대백화점 천호점").
_BRANCH = ("점", "지점", "지사", "지부", "본부", "지역본부")
#: Classes a designation list may name (see :func:`_designees_listed`).
_DESIGNEE_CLASSES = frozenset({"CivicGroup", "Hospital", "Company", "Agency"})


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


def _designees_listed(text: str) -> list[Mention]:
    """The organisations a designation line lists after its colon (``… 지정: A, B``), when every
    part is a name of a designee class; none otherwise."""
    _, sep, rest = text.partition(":")  # full-width colons and commas are ASCII by now (parse)
    parts = [strip_name(p) for p in top_level_split(rest, ",ㆍ")] if sep else []
    out = [Mention(n, classify(n, "")) for n in parts if len(n) >= 2]
    return out if out and all(m.type in _DESIGNEE_CLASSES for m in out) else []


def _tie_city(text: str, inherited: Mention | None) -> Mention | None:
    """The first city a line names (with its country or province), else the inherited one."""
    return _first_city(text) or inherited


@lru_cache(maxsize=1 << 14)
def _first_city(text: str) -> Mention | None:
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


class ItemReader:
    """Reads the items of one program's blocks."""

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

    def run(self) -> None:
        for block in self.prog.blocks:
            if block.kind == "budget":
                continue
            for item in block.items:
                self.visit(block, item, None)
            self.city_table(block)

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

    # -- traversal ----------------------------------------------------------------
    def visit(self, block: Block, item: Item, tie: Mention | None) -> None:
        handled = self.read(block, item, tie)
        tie_here = tie
        if any(w in item.text for w in triggers()["ties"]["context_words"]):
            city = _tie_city(item.text, None)
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
            self.visit(block, child, tie_here)
        self.item_event = outer

    def read(self, block: Block, item: Item, tie: Mention | None) -> str | None:
        """Turn one item into claims; return what handled it (or None)."""
        ctx = self.ctx
        parsed = split_item(ctx, item, self.year)
        what = parsed.what
        status, note = status_of(ctx, block, item.text)
        if note:
            ctx.notes[item.line] = note  # "코로나19로 취소": a plan that did not take place
        whens: list[When | None] = list(parsed.dates) or [None]
        for extra in item.lines[1:]:
            ctx.used.setdefault(extra, "continuation")
        kv = item.key_value
        if kv and self.key_value(block, item, kv, status):
            return "kv"
        if kv and kv[0] in triggers()["keys"]["descriptive"]:
            return None
        if self.city_list(block, item, kv):
            return "list"
        if self.hospital_list(item, kv, whens[0]):
            return "list"
        if self.subsidy(item, what, status, whens):
            return "supported"
        rel = self.relation(block, item, what, status, whens, tie)
        if rel:
            return rel
        if block.kind in _ACTIVITY_BLOCKS and (item.level == 1 or parsed.dates):
            name = what if len(what) >= 2 else item.text
            cls = classify(name, "Activity")
            cls = cls if cls in ("Event", "Activity") else "Activity"
            for when in whens:
                ctx.add(self.program, "activity", Mention(strip_name(name), cls), item.line, status=status, when=when, reason="activity")
            return "activity"
        return None

    # -- lists ----------------------------------------------------------------------
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

    def hospital_list(self, item: Item, kv: tuple[str, str] | None, when: When | None) -> bool:
        """``특화사업자: 관내 10개 병원`` with the names on the next line (``kv``: the item's key and value)."""
        names: list[str] = []
        if kv and "특화사업자" in kv[0]:
            zone_name = strip_name(kv[0].replace("특화사업자", ""))
            if zone_name and classify(zone_name, "") == "Zone":
                self.set_zone(Mention(zone_name, "Zone"))
            for child in item.children:
                names = [n for n in re.split(r"[,，]", child.text) if classify(n.strip(), "") == "Hospital"]
                if names:
                    zone = self.zone or Mention(self.prog.name, "Program")
                    for n in names:
                        self.ctx.add(Mention(strip_name(n), "Hospital"), "designated", zone, child.line,
                                     when=None, role="특화사업자", reason="hospital list")
                    self.ctx.used.setdefault(item.line, "hospital list")
                    return True
        return False

    def _located(self, city: Mention, line: int) -> None:
        country = city.hint("country")
        if country:
            self.ctx.add(city, "located_in", Mention(country, "Country"), line, when=None, reason="place")

    # -- key-value items ------------------------------------------------------------
    def key_value(self, block: Block, item: Item, kv: tuple[str, str], status: str) -> bool:
        key, value = kv
        ctx = self.ctx
        if key in ("사업지정", "지정일", "지정"):
            return self.zone_designation(block, item, value)
        # "◦ 축제 예산 : 총 350백만원(국비 50, …)" straight under the program: the program's money (under
        # another item it is that item's, which has no node of its own: the line stays unparsed)
        if item.level == 1 and despace(key).endswith(_BUDGET_KEYS) and "원" in value:
            fig = money.parse_amount(value, 1000, item.line, "budget")
            if fig is not None:
                emit_figure(ctx, self.program, fig, self.year, "planned" if status == "planned" else "done")
                return True
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
        if key in triggers()["operators"]["keys"]:  # the operator of what the parent item (or block) names
            parent = strip_name(self._parent_text(block, item))
            if not parent and block.kind == "other":  # "□ 관광안내소 운영": the facility the block is about
                parent = strip_name(re.sub(r"\s*(?:운영|관리)$", "", block.title))
            operator = _operator_name(value)
            if len(operator) < 2:
                return False
            ctx.add(Mention(operator, classify(operator, "Agency")), "runs",
                    Mention(parent, "Activity") if parent else self.program, item.line, status=status, role=key,
                    reason="operator")
            return True
        return False

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

    def zone_designation(self, block: Block, item: Item, value: str) -> bool:
        """``지정일: 2017. 12. 14.(중소벤처기업부 제2017-22호)``: the zone, designated by the authority the
        line names in brackets, or a ``지정권자:`` item of the same block names, else the district."""
        ctx = self.ctx
        dates = ctx.dates(value, self.year)
        zone = self.zone
        if zone is None or not dates:
            return False
        m = (re.search(r"지정권자\s*[:：]\s*([^)]+)\)", value)
             or re.search(r"\(([^()]*?(?:부|청|처))\s*(?:장관)?\s*제?[\d-]*호?\)", value)
             or _NOTICE.search(value))
        name = m.group(1) if m else None
        if name is None:
            listed = next((it for it in block.all_items() if it.key_value and it.key_value[0] == "지정권자"), None)
            if listed is not None:
                name = listed.key_value[1]
                ctx.used.setdefault(listed.line, "designation authority")
        authority = office_of(name) if name else ctx.district
        ctx.add(zone, "designated", authority, item.line, when=dates[0], role="특구 지정", reason="zone designation")
        return True

    # -- trigger words --------------------------------------------------------------
    def relation(self, block: Block, item: Item, what: str, status: str, whens: list[When | None], tie: Mention | None) -> str | None:
        ctx = self.ctx
        district = ctx.district
        if _PLAN_MADE.search(what):
            status, whens = "planned", [None]  # a plan was made on that date; the act itself is to come
        for rule, words in rules_by_position(item.text, what):
            rel = rule["relation"]
            if rel in ("sister_city", "friendship_city"):
                city = _tie_city(what, tie)
                if city is None or what.endswith("현황") or (whens[0] is None and not re.search(r"체결|협정식|의향서", what)):
                    continue
                role = thing_named(what, []) if city.text not in what else clean(what.replace(city.text, "").strip(" -·"))
                if not _TIE_MADE.search(what):
                    # "자매도시 인제군 청소년 교류캠프: 8. 12.": the tie is named, not made, that day; the
                    # line's own act is read by the other rules
                    ctx.add(district, rel, city, item.line, status=status, when=None, role=words[0], reason="tie named")
                    continue
                for when in whens:
                    ctx.add(district, rel, city, item.line, status=status, when=when, role=role or words[0], reason="tie step")
                if "방문" in what:
                    continue
                if re.search(r"참가|참석", what):  # took part in another's signing: an event too
                    event = Mention(strip_name(re.sub(r"\s*(참가|참석).*$", "", what)), "Event")
                    for when in whens:
                        ctx.add(district, "participated", event, item.line, status=status, when=when, reason="participation")
                return rel
            if rel == "agreement":
                parties = [p for p in [party_before_particle(what, ctx.is_self)] if p] or parties_in_brackets(what, ctx.is_self)
                if parties and _COUNT.search(parties[0].text):  # "관내 호텔 6개소와 …": the parties are listed below
                    parties = _listed_parties(item) or parties
                if not parties:  # "업무협약 체결: (주)A, (주)B('22. 4. 19.)": the parties follow the colon
                    parties = [m for m, _ in _named_after_colon(ctx, item.text, self.year) if m.type in _DESIGNEE_CLASSES]
                if not parties:
                    parties = [Mention(strip_name(re.sub(r"\s*체결.*$", "", what)), "Event")]
                for p in parties:
                    for when in whens:
                        ctx.add(district, "agreement", p, item.line, status=status, when=when, role=words[0], reason="agreement")
                return rel
            if rel == "enacted":
                name = thing_named(what, words)
                if classify(name, "") != "Ordinance" or not re.search(r"[「『‘']|에 관한", what):
                    continue
                for when in whens:
                    ctx.add(district, "enacted", Mention(name, "Ordinance"), item.line, status=status, when=when, reason="ordinance")
                return rel
            if rel == "supported":
                return self.support(item, what, status, whens, words)
            if rel == "met_with":
                pr = person(thing_named(what, words))
                target = Mention(pr[0], "Person") if pr else Mention(thing_named(what, words), "Person")
                for when in whens:
                    ctx.add(district, "met_with", target, item.line, status=status, when=when, role=pr[1] if pr else None, reason="meeting")
                return rel
            if rel == "designated":
                done = self.designation(item, what, status, whens, words)
                if done:
                    return done
                continue
            if rel == "established":
                name = thing_named(what, words)
                cls = classify(name, "")
                if cls not in ("Team", "Agency", "CivicGroup", "Division", "Zone", "Company") or len(name) < 2:
                    continue
                for when in whens:
                    ctx.add(district, "established", Mention(name, cls), item.line, status=status, when=when, role=words[0], reason="established")
                ctx.add(self.program, "activity", Mention(name, cls), item.line, status=status, when=whens[0], reason="established")
                return rel
            if rel == "participated" and self._visits_listed(item, what, status, whens, words):
                return rel
            if rel == "participated":
                target = None
                visits = triggers()["visits"]
                if set(words) & {*visits["words"], *visits["inbound"]}:
                    target = _tie_city(what, None)
                    visitor = self._visitor(what, target)
                    if visitor is not None:  # "여수시장 일행 우리구 방문", "… 대표단 방문", "… 내방": they visited us
                        if visitor.type == "District":
                            self._located(visitor, item.line)
                        for when in whens:
                            ctx.add(visitor, "participated", district,
                                    item.line, status=status, when=when, role=words[0], reason="visit to the district")
                        return rel
                name = thing_named(what, words)
                if target is None and (_COUNT.search(name) or _PEOPLE.search(name)):
                    return None  # "에이전시 56개사 참여", "중학생 30명 참여": who took part in the parent's event
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
            if rel == "hosted":
                name = thing_named(what, words)
                if classify(name, "") != "Event":
                    continue
                return self.hosted(item, Mention(name, "Event"), what, status, whens, words[0])
        # a dated step of a tie named by the parent item ("체결동의안 … 가결: 9월")
        if tie is not None and whens[0] is not None and re.search(r"체결|동의안|가결|협정|의향서|결연", what):
            rel = "friendship_city" if tie.hint("tie") == "friendship_city" else "sister_city"
            for when in whens:
                ctx.add(district, rel, tie, item.line, status=status, when=when, role=what, reason="tie step")
            return rel
        # an event named with no trigger word ("영등포 국제 의료관광 포럼: `20. 11. 18.")
        name = strip_name(what)
        if classify(name, "") == "Event" and block.kind in _ACTIVITY_BLOCKS:
            return self.hosted(item, Mention(name, "Event"), what, status, whens, "개최")
        return None

    def _visits_listed(self, item: Item, what: str, status: str, whens: list[When | None], words: list[str]) -> bool:
        """``벤치마킹 방문: 전주 남부시장, 광주 1913송정역시장('22. 7. 14.)``, ``축제 방문: 청송사과축제
        (2018-10-26), 보령머드축제(…)``: the district visited each place or event after the colon, on the
        date its bracket gives, else the line's."""
        if not any(w in triggers()["visits"]["words"] or w == "벤치마킹" for w in words) or ":" not in item.text:
            return False
        if not any(w in item.text.split(":", 1)[0] for w in words):
            return False
        found = _named_after_colon(self.ctx, item.text, self.year, places=True)
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
        found = _tie_city(who, None)
        return found if found is not None else (office_of(who) if len(who) >= 2 else None)

    def designation(self, item: Item, what: str, status: str, whens: list[When | None], words: list[str]) -> str | None:
        """``X 지정: date(지정권자: Y)``, ``X 등 N개 기관 협력기관 지정``, ``자문단 위촉(사람 직위 외 N명)``."""
        ctx = self.ctx
        if self._designation_forms(item, what, status, whens, words):
            return "designated"
        authority = None
        m = re.search(r"지정권자\s*[:：]\s*([^)]+)\)", item.text)
        if m:
            authority = office_of(m.group(1))
        brackets = [g for g in bracket_groups(what) if len(g) > 1]  # (주), (재): part of the name
        base = what
        for g in brackets:
            base = base.replace(f"({g})", " ")
        name = thing_named(clean(base), words)
        if len(name) < 2:
            return None
        listed = _designees_listed(item.text) if whens[0] is None else []
        for designee in listed:  # "협력기관 지정: A, B" (no date): A and B, in the role the line names
            ctx.add(designee, "designated", authority or ctx.district, item.line, status=status, role=name,
                    reason="designation list")
        if listed:
            return "designated"
        role = words[0]
        m = re.match(r"^(.+?)\s*등\s*\d+\s*개\s*(?:기관|병원|병·의원|업체|단체)?\s*(.*)$", name)
        if m:
            name, role = strip_name(m.group(1)), clean(m.group(2)) or role
            parts = [strip_name(p) for p in top_level_split(name, ",ㆍ")]
            if len(parts) > 1 and all(classify(p, "") in _DESIGNEE_CLASSES for p in parts):
                # "(주)메디컬코리아, 영등포병원 등 5개 기관 협력기관 지정": each one named
                for p in parts:
                    for when in whens:
                        ctx.add(Mention(p, classify(p, "")), "designated", authority or ctx.district, item.line,
                                status=status, when=when, role=role, reason="designation list")
                return "designated"
        cls = classify(name, "")
        if cls not in ("CivicGroup", "Hospital", "Company", "Agency", "Zone", "Person"):
            head, _, rest = name.partition(" ")  # "고용노동부 지역 일자리 공시제 우수기관 선정": chosen by the ministry
            lead = clean(base).split(" ", 1)[0]
            if classify(head, "") not in ("Agency", "District") and lead != head:
                head, rest = lead, name  # "중소벤처기업부 주관 「전통시장 특성화사업」 공모 선정"
            chooser = classify(head, "")  # or by the city: "서울시 우수 의료관광 도시 선정"
            if not rest or chooser not in ("Agency", "District") or ctx.is_self(head) or whens[0] is None:
                return None
            for when in whens:
                ctx.add(ctx.district, "designated", Mention(head, chooser), item.line, status=status, when=when,
                        role=rest, reason="selection")
            return "designated"
        if whens[0] is None and cls != "Hospital":
            return None
        designee = Mention(name, cls)
        if authority is not None:
            target = authority
        elif cls == "Hospital" and "특화사업자" in what and self.zone is not None:
            target = self.zone
        else:
            target = ctx.district
        for when in whens:
            ctx.add(designee, "designated", target, item.line, status=status, when=when, role=role, reason="designation")
        for g in brackets:  # the people named with an advisory group: "(황동현 서울연구원 연구위원 외 3명)"
            pr = person(re.sub(r"\s*외\s*\d+\s*명\s*$", "", g))
            if pr:
                for when in whens:
                    ctx.add(Mention(pr[0], "Person"), "designated", ctx.district, item.line, status=status, when=when,
                            role=f"{name} ({pr[1]})", reason="designation")
        if cls == "Zone":
            self.set_zone(designee)
        return "designated"

    def _designation_forms(self, item: Item, what: str, status: str, whens: list[When | None],
                           words: list[str]) -> bool:
        """Designations that name who designated: ``송정해수욕장, 해양수산부 '서핑 특화 해수욕장' 지정``
        (the designee, then the authority and the quoted title), ``문화체육관광부 「…」 지정`` (the
        program so titled), ``… 지정: date(서울특별시교육청·서울특별시 공동 지정)``, and a selection whose
        designee follows the colon (``종암청소년센터 수탁기관 재선정: (재)한빛청소년재단, date``)."""
        ctx = self.ctx
        quoted = _QUOTED.search(what)
        lead = _LEAD_AUTHORITY.match(what)
        if quoted and lead and _authority(lead.group("a"), ctx):
            designee = strip_name(lead.group("d"))
            self._designated(Mention(designee, classify(designee, "Place")), office_of(lead.group("a")), item,
                             status, whens, quoted.group(1))
            return True
        written = what[:quoted.start()].split() if quoted else []
        before = [w for w in written if w not in _UNDER]
        listed = _child_designees(item)
        if quoted and before and _authority(before[-1], ctx):
            authority = office_of(before[-1])
            if len(before) < len(written):  # "중기부 주관 「…」 공모 선정": the district's bid was chosen
                self._designated(ctx.district, authority, item, status, whens, clean(quoted.group(1)))
            else:  # "문화체육관광부 「의료관광 클러스터 조성사업」 지정": the program so titled
                self._designated(Mention(clean(quoted.group(1)), "Program"), authority, item, status, whens, words[0])
            for designee in listed:  # "… 「특성화시장 육성사업」 선정" with the markets on the lines below
                self._designated(designee, authority, item, status, whens, clean(quoted.group(1)))
            return True
        head = what.split()[0] if what.split() else ""
        counted = _COUNT.search(item.text.partition(":")[2]) or _COUNT.search(what)
        if listed and counted and _authority(head, ctx):  # "고용노동부 (예비)사회적기업 지정: 6개 기업" with the list below
            for designee in listed:
                self._designated(designee, office_of(head), item, status, whens, thing_named(what[len(head):].strip(), words))
            return True
        jointly = _BY_IN_BRACKETS.search(item.text)
        if jointly:
            authorities = [a for a in re.split(r"[·ㆍ,]", jointly.group("a")) if _authority(a.strip(), ctx)]
            name = thing_named(clean(_BY_IN_BRACKETS.sub("", what)), words)
            if authorities and len(name) >= 2:
                for a in authorities:
                    self._designated(Mention(name, classify(name, "Program")), office_of(a.strip()), item, status,
                                     whens, words[0])
                return True
        head, sep, value = item.text.partition(":")
        if not sep or not any(w in head for w in words):
            return False
        chosen = [n for n in (_operator_name(v) for v in value.split(",")) if classify(n, "") in _DESIGNEE_CLASSES]
        for name in chosen:  # "협력기관 지정: A, B", "수탁기관 재선정: (재)X, 2020. 10. 22."
            self._designated(Mention(name, classify(name, "")), ctx.district, item, status, whens,
                             thing_named(clean(head), words))
        return bool(chosen)

    def _designated(self, designee: Mention, by: Mention, item: Item, status: str, whens: list[When | None],
                    role: str) -> None:
        for when in whens:
            self.ctx.add(designee, "designated", by, item.line, status=status, when=when, role=role,
                         reason="designation")

    def set_zone(self, zone: Mention) -> None:
        """Remember the zone this program is about (tables after it use it too)."""
        self.zone = zone
        self.ctx.program_zones[id(self.prog)] = zone

    def hosted(self, item: Item, event: Mention, what: str, status: str, whens: list[When | None], word: str) -> str:
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
        city = _tie_city(event.text, None)
        if city is not None and city.context and city.text != event.text:
            self.ctx.add(event, "located_in", city, line, status=status, reason="event place")
            self._located(city, line)

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
        recipient = Mention(name, _organisation_class(name) or "CivicGroup")
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
            if cls not in _DESIGNEE_CLASSES and k == 1 and name.endswith(_GROUP_ENDS) and len(name) >= 3:
                cls = "CivicGroup"  # "성북구약사회 장학금 5,000천원 기부"
            if cls in _DESIGNEE_CLASSES and not ctx.is_self(name):
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
    return Mention(name, cls) if cls in _DESIGNEE_CLASSES or name.endswith(_GROUP_ENDS) else None


#: How the name of a group of people ends (약사회, 협의회, 상인회 …): a civic group that may give.
_GROUP_ENDS = ("회", "협회", "협의회", "연합회", "재단", "단체")


def extract_items(ctx: Context) -> None:
    """Read the items of every program."""
    for prog in ctx.report.programs:
        ItemReader(ctx, prog).run()
        for block in prog.blocks:
            for item in block.all_items():
                tie_in_brackets(ctx, item, prog.part.year)
                operator_in_line(ctx, item, block.status if block.status in ("done", "planned") else prog.part.status)


_QUOTED = re.compile(r"[「『'‘\"]([^」』'’\"]{2,})[」』'’\"]")
_LEAD_AUTHORITY = re.compile(r"^(?P<d>[^,]{2,30}),\s*(?P<a>\S+)\s")
_BY_IN_BRACKETS = re.compile(r"\((?P<a>[^()]+?)\s*(?:공동\s*)?(?:지정|선정)\)")


def _authority(name: str, ctx: Context) -> bool:
    """True if ``name`` is a government body that designates (a ministry, a city), not the district."""
    return len(name) >= 2 and classify(name, "") in ("Agency", "District") and not ctx.is_self(name)


_PEOPLE = re.compile(r"\d[\d,]*\s*(?:명|개국|개사|곳|팀)")
_REASON = re.compile(r"[가-힣0-9]+(?:으로|로)\s")
_DATED = re.compile(r"\d{4}|\d{1,2}\.\s*\d{1,2}\.")
_UNDER = frozenset({"공모", "주관", "주최", "공모사업", "시행"})  # between an authority and what it chose


def _child_designees(item: Item) -> list[Mention]:
    """The names an item's unkeyed children list (``- 신매시장(디지털전통시장), 범어골목시장``, ``- (주)A,
    (주)B 외 3개``): the designees of a designation line that gives only their count."""
    out = []
    for child in item.children:
        if child.key_value or child.children or _DATED.search(child.text):
            continue
        for part in top_level_split(child.text):
            name = strip_name(_MORE.sub("", _ASIDE.sub("", re.sub(r"\([^()]*\)\s*$", "", part.strip()))))
            if 2 <= len(name) <= 25 and not _COUNT.search(name) and not name[0].isdecimal():
                out.append(Mention(name, _organisation_class(name) or classify(name, "Place")))
    return out


_OWN_GROUP = re.compile(r"(?:^|\s)(?:구|우리\s?구|본\s?구|구청)\s*$")
_BRACKET_AT_END = re.compile(r"\(([^()]*)\)\s*$")
_MORE = re.compile(r"\s*(?:등|외)\s*\d*\s*(?:개\s*(?:사|소|곳|기관|업체)?|곳|명)?\s*$")


def _named_after_colon(ctx: Context, text: str, year: int, places: bool = False) -> list[tuple[Mention, list[When]]]:
    """The names a line lists after its colon (``: (주)A, (주)B('22. 4. 19.)``), each with the dates of
    its own bracket; places (``경기 부천시``) as places when ``places``. Dates and counts are no names."""
    _, sep, rest = text.partition(":")
    if not sep:
        return []
    out = []
    for part in top_level_split(rest):
        part = part.strip()
        own: list[When] = []
        m = _BRACKET_AT_END.search(part)
        if m and ctx.dates(m.group(1), year):
            own = ctx.dates(m.group(1), year)
            part = part[:m.start()]
        name = strip_name(_MORE.sub("", part))
        if len(name) < 2 or ctx.dates(name, year) or _COUNT.search(name) or name[0].isdecimal():
            continue
        if not_held(name) or _REASON.search(name):  # ": 코로나19로 연기" says why, not who
            continue
        city = place(name) if places and classify(name, "") in ("District", "") else None
        if city is not None and classify(city.text, "x") == "District":
            out.append((city, own))
        else:
            out.append((Mention(name, classify(name, "Place" if places else "Company")), own))
    return out


_TIE_MADE = re.compile(r"체결|협정|의향서|결연|협약|격상|동의안|가결")
_COUNT = re.compile(r"\d+\s*개(?:\s*(?:소|사|곳|기관|업체|기업|단체|병원|호텔|시장|동))?(?![가-힣])|\d+\s*개\s*(?:소|사|곳|기관|업체|기업|단체|병원|호텔|시장|동)")
_LIST_KEYS = ("참여", "협약기관", "참여기관", "대상기관", "협약대상", "참여업체")


def _listed_parties(item: Item) -> list[Mention]:
    """The parties a child lists (``참여 호텔: A, B, C``) of an agreement whose party is a count."""
    for child in item.children:
        kv = child.key_value
        if kv and any(k in kv[0] for k in _LIST_KEYS):
            names = [strip_name(x) for x in top_level_split(kv[1])]
            return [Mention(n, classify(n, "Company")) for n in names if len(n) >= 2 and not _COUNT.search(n)]
    return []


_NOT_A_FIGURE_COMMA = re.compile(r"(,)(?!\d)")  # a comma between words, not inside 5,000
_ASIDE = re.compile(r"\s*\([^()]*[\d:][^()]*\)")  # "(위탁기간: 2019-01-01 ~ …)": not part of a name


def _operator_name(value: str) -> str:
    """The operator a value names: bracketed asides with figures or colons dropped, (사)/(재) kept."""
    return strip_name(_ASIDE.sub("", value).split(",")[0])


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
        operator = _operator_name(m.group("y"))
        cls = _organisation_class(operator)
        if len(facility) >= 2 and len(operator) >= 2 and cls:
            ctx.add(Mention(operator, cls), "runs", Mention(facility, classify(facility, "Place")),
                    item.line, status=status, role="위탁", reason="operator")
            return


def _organisation_class(name: str) -> str | None:
    """The class of an organisation's name: as the rules type it, or by its legal form ((사), (재), (주))."""
    cls = classify(name, "")
    if cls in _DESIGNEE_CLASSES:
        return cls
    if name.startswith(("(주)", "㈜")):
        return "Company"
    if name.startswith(("(사)", "(재)", "(복)", "(의)", "(특)")) or name.endswith(_GROUP_ENDS):
        return "CivicGroup"
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
