"""What an item names that the item readers share: organisations by class or legal form, the names a
line lists after its colon, and the counts and asides that are no names.

Small text functions; no state.
"""
from __future__ import annotations

import re

from ..model.statements import Mention, When
from .context import Context
from .mentions import classify, place, strip_name
from .phrases import not_held, top_level_split

#: Classes a designation list may name (see :func:`graph.extract.designations.designees_listed`).
DESIGNEE_CLASSES = frozenset({"CivicGroup", "Hospital", "Company", "Agency"})
#: How the name of a group of people ends (약사회, 협의회, 상인회 …): a civic group that may give.
GROUP_ENDS = ("회", "협회", "협의회", "연합회", "재단", "단체")
#: A count of organisations ("6개소", "3개 기관"): no name.
COUNT = re.compile(r"\d+\s*개(?:\s*(?:소|사|곳|기관|업체|기업|단체|병원|호텔|시장|동))?(?![가-힣])|\d+\s*개\s*(?:소|사|곳|기관|업체|기업|단체|병원|호텔|시장|동)")
#: "… 등 3개사", "… 외 2곳" after the names of a list.
MORE = re.compile(r"\s*(?:등|외)\s*\d*\s*(?:개\s*(?:사|소|곳|기관|업체)?|곳|명)?\s*$")
ASIDE = re.compile(r"\s*\([^()]*[\d:][^()]*\)")  # "(위탁기간: 2019-01-01 ~ …)": not part of a name
_REASON = re.compile(r"[가-힣0-9]+(?:으로|로)\s")
_BRACKET_AT_END = re.compile(r"\(([^()]*)\)\s*$")


def organisation_class(name: str) -> str | None:
    """The class of an organisation's name: as the rules type it, or by its legal form ((사), (재), (주))."""
    cls = classify(name, "")
    if cls in DESIGNEE_CLASSES:
        return cls
    if name.startswith(("(주)", "㈜")):
        return "Company"
    if name.startswith(("(사)", "(재)", "(복)", "(의)", "(특)")) or name.endswith(GROUP_ENDS):
        return "CivicGroup"
    return None


def named_after_colon(ctx: Context, text: str, year: int, places: bool = False) -> list[tuple[Mention, list[When]]]:
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
        name = strip_name(MORE.sub("", part))
        if len(name) < 2 or ctx.dates(name, year) or COUNT.search(name) or name[0].isdecimal():
            continue
        if not_held(name) or _REASON.search(name):  # ": 코로나19로 연기" says why, not who
            continue
        city = place(name) if places and classify(name, "") in ("District", "") else None
        if city is not None and classify(city.text, "x") == "District":
            out.append((city, own))
        else:
            out.append((Mention(name, classify(name, "Place" if places else "Company")), own))
    return out
