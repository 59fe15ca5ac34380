"""The district's acts a trigger word names: agreements signed (업무협약 체결), ordinances enacted
(「…에 관한 조례」 제정) and bodies established (… 추진단 구성)."""
from __future__ import annotations

import re

from ..model.statements import Mention
from ..parse.document import Item
from .mentions import classify, strip_name
from .named import COUNT, DESIGNEE_CLASSES, named_after_colon
from .phrases import parties_in_brackets, party_before_particle, thing_named, top_level_split
from .reader import ItemLine, ReaderBase

_LIST_KEYS = ("참여", "협약기관", "참여기관", "대상기관", "협약대상", "참여업체")


def _listed_parties(item: Item) -> list[Mention]:
    """The parties a child lists (``참여 호텔: A, B, C``) of an agreement whose party is a count."""
    for child in item.children:
        kv = child.key_value
        if kv and any(k in kv[0] for k in _LIST_KEYS):
            names = [strip_name(x) for x in top_level_split(kv[1])]
            return [Mention(n, classify(n, "Company")) for n in names if len(n) >= 2 and not COUNT.search(n)]
    return []


_LIST_HEAD = re.compile(r"현황\s*$")


class ActReader(ReaderBase):
    """Agreements, ordinances and bodies established: the rule handlers of those relations."""

    def agreement_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``몽골 보건부와 MOU 체결``: the district's agreement with the party before the particle, in
        brackets, listed below (a count of them) or after the colon; else the agreement itself."""
        ctx, item, what = self.ctx, line.item, line.what
        parties = [p for p in [party_before_particle(what, ctx.is_self)] if p] or parties_in_brackets(what, ctx.is_self)
        if parties and COUNT.search(parties[0].text):  # "관내 호텔 6개소와 …": the parties are listed below
            parties = _listed_parties(item) or parties
        if not parties:  # "업무협약 체결: (주)A, (주)B('22. 4. 19.)": the parties follow the colon
            parties = [m for m, _ in named_after_colon(ctx, item.text, self.year) if m.type in DESIGNEE_CLASSES]
        if not parties and _LIST_HEAD.search(what):
            return None  # "업무협약 체결 현황: 3건": the heading of a list, whose rows say who
        if not parties:
            parties = [Mention(strip_name(re.sub(r"\s*체결.*$", "", what)), "Event")]
        for p in parties:
            for when in line.whens:
                ctx.add(ctx.district, "agreement", p, item.line, status=line.status, when=when, role=words[0],
                        reason="agreement")
        return rel

    def enacted_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``「…에 관한 조례」 제정``: the ordinance the district enacted (None if the line names none)."""
        what = line.what
        name = thing_named(what, words)
        if classify(name, "") != "Ordinance" or not re.search(r"[「『‘']|에 관한", what):
            return None
        for when in line.whens:
            self.ctx.add(self.ctx.district, "enacted", Mention(name, "Ordinance"), line.item.line, status=line.status,
                         when=when, reason="ordinance")
        return rel

    def established_rule(self, line: ItemLine, rel: str, words: list[str]) -> str | None:
        """``… 추진단 구성``: the team, agency, group or zone the district set up, an activity of its
        program too (None if the line names no such body)."""
        ctx, item, status, whens = self.ctx, line.item, line.status, line.whens
        name = thing_named(line.what, words)
        cls = classify(name, "")
        if cls not in ("Team", "Agency", "CivicGroup", "Division", "Zone", "Company") or len(name) < 2:
            return None
        for when in whens:
            ctx.add(ctx.district, "established", Mention(name, cls), item.line, status=status, when=when,
                    role=words[0], reason="established")
        ctx.add(self.program, "activity", Mention(name, cls), item.line, status=status, when=whens[0],
                reason="established")
        return rel
