"""Designations: who designated or chose whom (``… 지정``, ``… 선정``, ``… 위촉``), a zone's
designation day (``지정일:``), the hospitals a 특화사업자 list names and the designees listed below a line."""
from __future__ import annotations

import re

from ..model.statements import Mention, When
from ..parse.document import Block, Item
from ..read.textnorm import clean
from .context import Context
from .mentions import classify, office_of, person, strip_name
from .named import ASIDE, COUNT, DESIGNEE_CLASSES, MORE, organisation_class
from .operators import operator_name
from .phrases import bracket_groups, thing_named, top_level_split
from .reader import ItemLine, ReaderBase

#: The authority of a notice in brackets: "(서울특별시 고시 제2015-210호)", "(○○부 공고 제12호)".
_NOTICE = re.compile(r"\(([^()\d]+?)\s*(?:고시|공고)\s*제\s*[\d-]+\s*호\)")
_QUOTED = re.compile(r"[「『'‘\"]([^」』'’\"]{2,})[」』'’\"]")
_LEAD_AUTHORITY = re.compile(r"^(?P<d>[^,]{2,30}),\s*(?P<a>\S+)\s")
_BY_IN_BRACKETS = re.compile(r"\((?P<a>[^()]+?)\s*(?:공동\s*)?(?:지정|선정)\)")
_DATED = re.compile(r"\d{4}|\d{1,2}\.\s*\d{1,2}\.")
_UNDER = frozenset({"공모", "주관", "주최", "공모사업", "시행"})  # between an authority and what it chose


def _authority(name: str, ctx: Context) -> bool:
    """True if ``name`` is a government body that designates (a ministry, a city), not the district."""
    return len(name) >= 2 and classify(name, "") in ("Agency", "District") and not ctx.is_self(name)


def designees_listed(text: str) -> list[Mention]:
    """The organisations a designation line lists after its colon (``… 지정: A, B``), when every
    part is a name of a designee class; none otherwise."""
    _, sep, rest = text.partition(":")  # full-width colons and commas are ASCII by now (parse)
    parts = [strip_name(p) for p in top_level_split(rest, ",ㆍ")] if sep else []
    out = [Mention(n, classify(n, "")) for n in parts if len(n) >= 2]
    return out if out and all(m.type in DESIGNEE_CLASSES for m in out) else []


def _child_designees(item: Item) -> list[Mention]:
    """The names an item's unkeyed children list (``- 신매시장(디지털전통시장), 범어골목시장``, ``- (주)A,
    (주)B 외 3개``): the designees of a designation line that gives only their count."""
    out = []
    for child in item.children:
        if child.key_value or child.children or _DATED.search(child.text):
            continue
        for part in top_level_split(child.text):
            name = strip_name(MORE.sub("", ASIDE.sub("", re.sub(r"\([^()]*\)\s*$", "", part.strip()))))
            if 2 <= len(name) <= 25 and not COUNT.search(name) and not name[0].isdecimal():
                out.append(Mention(name, organisation_class(name) or classify(name, "Place")))
    return out


class DesignationReader(ReaderBase):
    """Designations and selections, of the district, its zone, hospitals, organisations and people."""

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

    def designation_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """The handler of a designation trigger word: see :meth:`designation`."""
        return self.designation(line.item, line.what, line.status, line.whens, words)

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
        listed = designees_listed(item.text) if whens[0] is None else []
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
            if len(parts) > 1 and all(classify(p, "") in DESIGNEE_CLASSES for p in parts):
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
        counted = COUNT.search(item.text.partition(":")[2]) or COUNT.search(what)
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
        chosen = [n for n in (operator_name(v) for v in value.split(",")) if classify(n, "") in DESIGNEE_CLASSES]
        for name in chosen:  # "협력기관 지정: A, B", "수탁기관 재선정: (재)X, 2020. 10. 22."
            self._designated(Mention(name, classify(name, "")), ctx.district, item, status, whens,
                             thing_named(clean(head), words))
        return bool(chosen)

    def _designated(self, designee: Mention, by: Mention, item: Item, status: str, whens: list[When | None],
                    role: str) -> None:
        for when in whens:
            self.ctx.add(designee, "designated", by, item.line, status=status, when=when, role=role,
                         reason="designation")
