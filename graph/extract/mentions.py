"""Recognising names in text: their class, place prefixes, people and roles.

The class of a name comes from its form (suffixes and prefixes in
``data/rules/mentions.toml``); the gazetteer overrides it at resolution.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model.statements import Mention
from ..rules import load
from ..read.textnorm import clean

_QUOTES = "「」『』‘’'\"“”<>《》"
_PARTICLES = ("와의", "과의", "와도", "과도", "에서", "에게", "으로", "와", "과", "에", "의", "을", "를", "은", "는", "로")
_PAIR_PARTICLES = frozenset({"와", "과", "와의", "과의"})  # always cut, whatever is left
_MARK_AT_END = re.compile(r"\((?:우호|민간단체|예정|안)\)$")
_BRACKET_AT_END = re.compile(r"\s*\([^()]*\)\s*$")
_NUMBERED_DISTRICT = re.compile(r"\d{1,2}구")
_BRACKETED = re.compile(r"\([^()]*\)")
_NOT_A_PLACE = re.compile(r"[·․ㆍ]|도시$|^(시|군|구|도)$")
_PLACE_END = ("시", "군", "구", "현", "주", "카운티")

#: Bound of each memo below: names recur across the items of a report and across reports.
_MEMO = 1 << 16


@lru_cache(maxsize=1)
def rules() -> dict:
    """The mention rules table."""
    return load("mentions")


@lru_cache(maxsize=1)
def _class_rules() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The ``[[class]]`` rules as (name, prefixes, suffixes), in order."""
    return tuple((r["name"], tuple(r.get("prefix", ())), tuple(r.get("suffix", ()))) for r in rules()["class"])


@lru_cache(maxsize=_MEMO)
def strip_name(text: str) -> str:
    """Trim quotes, bullets and a trailing particle from a name as written."""
    t = clean(text)
    if ("「" in t) != ("」" in t) or not (t.startswith("「") and t.endswith("」")):
        t = t.replace("「", " ").replace("」", " ")
        t = clean(t)
    t = t.strip(_QUOTES + " ·-:,.")
    if t.endswith(")"):
        t = _MARK_AT_END.sub("", t).strip()
    for p in _PARTICLES:
        if t.endswith(p) and len(t) > len(p) + 2 and not t.endswith(("협의회" + p, "센터")):
            cand = t[: -len(p)].rstrip()
            if p in _PAIR_PARTICLES or classify(cand) != "Activity":
                t = cand
                break
    return t.strip(_QUOTES + " ")


def classify(name: str, default: str = "Activity") -> str:
    """The ontology class a name's form suggests (suffix/prefix rules), else ``default``."""
    return _class_of(name) or default


@lru_cache(maxsize=_MEMO)
def _class_of(name: str) -> str | None:
    """The class of the first ``[[class]]`` rule a name's form matches, or None."""
    n = clean(name).strip(_QUOTES)
    if ")" in n:
        n = _BRACKET_AT_END.sub("", n)
    for cls, prefixes, suffixes in _class_rules():
        if n.startswith(prefixes):
            return cls
        if n.endswith(suffixes):
            if cls == "District" and not _district_like(n):
                continue
            return cls
    return None


@lru_cache(maxsize=1)
def _district_end() -> re.Pattern[str]:
    """A character class of the characters a ``District`` suffix ends with (시, 군, 구 …)."""
    ends = {suffix[-1] for name, _, suffixes in _class_rules() if name == "District" for suffix in suffixes}
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(ends)) + "]")


def first_district_end(text: str) -> int:
    """The index of the first character of ``text`` a ``District`` name can end with, else -1.

    A name :func:`classify` calls ``District`` ends with such a character, and
    :func:`place` and :func:`strip_name` only drop characters (or turn them to
    spaces), so no text before this index, nor a text without one, names a
    district.
    """
    m = _district_end().search(text)
    return m.start() if m else -1


def _district_like(n: str) -> bool:
    """A 시/군/구 name is short and has no spaces beyond a place prefix."""
    words = n.split()
    return 2 <= len(words[-1]) <= 8 and len(words) <= 4 and not words[-1].endswith("도시")


@lru_cache(maxsize=_MEMO)
def place(text: str) -> Mention | None:
    """A city or district written with its country or province: ``중국 상해시 황포구``."""
    t = strip_name(_BRACKETED.sub(" ", text) if "(" in text else text)
    words = t.split()
    if not words:
        return None
    ctx: list[tuple[str, str]] = []
    provinces = rules()["provinces"]
    countries = rules()["words"]["countries"]
    if words[0] in countries:
        ctx.append(("country", words[0]))
        words = words[1:]
    elif words[0] in provinces and len(words) > 1:
        ctx.append(("province", provinces[words[0]]))
    if not words:
        return Mention(t, "Country")
    last = words[-1]
    if not ctx:
        words = [last]  # without a country or province only the last word is the place
    name = " ".join(words)
    if _NOT_A_PLACE.search(last) or last[:1].isdecimal() and not _NUMBERED_DISTRICT.fullmatch(last):
        return None  # "10주년" ends like 캘리포니아주; of names led by a figure only 파리 15구 is a place
    if not last.endswith(_PLACE_END) and not (ctx and len(words) == 1):
        return None
    if len(words) > 1 and ctx and ctx[0][0] == "country":
        ctx.append(("parent", " ".join(words[:-1])))
    return Mention(name if not ctx or ctx[0][0] == "country" else t, "District", tuple(ctx))


def places_in_list(text: str) -> list[Mention]:
    """Cities in a comma list: ``경남 고성군, 전남 영암군, 중국 황포구(우호)``."""
    out = []
    for chunk in re.split(r"[,，]", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        m = place(chunk)
        if m is not None:
            marks = (("marker", "우호"),) if "(우호)" in chunk else ()
            out.append(Mention(m.text, m.type, m.context + marks))
    return out


def person(text: str) -> tuple[str, str] | None:
    """(name, role) from ``스리프리야 란가나탄 주한 인도 대사`` or ``비전협력과장 노상욱``."""
    words = clean(text).split()
    roles = rules()["words"]["roles"]
    prefixes = rules()["words"]["role_prefixes"]
    if words and words[0] in prefixes:  # "주한 카자흐스탄 대사": a role, no name
        return None
    for i, w in enumerate(words):
        if i and (w in prefixes or w in roles or any(w.endswith(r) for r in roles if len(r) > 1)
                  or classify(w, "") in ("District", "Agency", "Company", "Hospital", "Country", "CivicGroup")
                  or w in rules()["words"]["countries"]):
            return " ".join(words[:i]), " ".join(words[i:])
    return None


def office_of(title: str) -> Mention:
    """The office a head's title names, typed by its form (an Agency if none): ``서울특별시장`` →
    ``서울특별시``, ``중소벤처기업부 장관`` → ``중소벤처기업부`` (``[words] heads``); other names as they are."""
    name = strip_name(title)
    for head, end in sorted(rules()["words"]["heads"].items(), key=lambda kv: -len(kv[0])):
        if name.endswith(head) and len(name) > len(head) + 1:
            name = name[: -len(head)].rstrip() + end
            break
    return Mention(name, classify(name, "Agency"))


def hospital_name(text: str) -> str | None:
    """The leading words of ``text`` up to the first that ends a hospital's name
    (``의료법인 우리들병원 김우리 공항대로 100`` → ``의료법인 우리들병원``); None if there is none."""
    suffixes = next(sfx for cls, _, sfx in _class_rules() if cls == "Hospital")
    words = strip_name(text).split()
    for k, w in enumerate(words, 1):
        if w.endswith(suffixes):
            return " ".join(words[:k])
    return None


@lru_cache(maxsize=1)
def _self_words() -> frozenset[str]:
    """The ``self_words`` without their spaces."""
    return frozenset(w.replace(" ", "") for w in rules()["words"]["self_words"])


def is_self(name: str) -> bool:
    """True if ``name`` refers to the reporting district itself (우리구, 구청 …)."""
    return clean(name).replace(" ", "") in _self_words()
