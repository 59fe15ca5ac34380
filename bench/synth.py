"""A deterministic synthetic corpus of 구의회 주요업무 보고, with the truth it wrote.

``python -m bench.synth N --out DIR --seed S`` writes N report ``.txt`` files,
``manifest.csv`` (the columns of ``data/sources/manifest.csv``) and
``truth.jsonl``: one JSON object per statement the generator wrote.

Truth rows carry the facts-table columns ``subject, subject_type, relation,
object, object_type, date, end, status, amount_krw, role, basis, source,
line`` and four diagnostic extras:

- ``kind``: the template that wrote the statement (e.g. ``agreement_mou``),
- ``mention``: the name as written on the cited line (the non-implicit party),
- ``date_text``: the date expression as written ("" when the line has none),
- ``line_end``: for statements spread over several lines (support blocks,
  program headings whose team sits on the next line), the last line of the
  span; otherwise ``null``.

Conventions (what the extractor is expected to produce):

- The reporting district is written implicitly (우리구, or not at all); its
  label is the district name (``마포구``), given by the council session in the
  header and the manifest (``제218회 마포구의회 …``).
- ``agreement``/``hosted``/``participated``/``met_with``/``enacted``/
  ``sister_city``/``friendship_city``: subject = reporting district.
- ``supported``: subject = the partner, object = reporting district.
- ``designated``: zone → designating authority (지정권자); hospital → zone
  (role 특화사업자); hospital or person → district (role 협력기관 / 자문단).
- ``has_role``: person → hospital (role 대표), from the 특화사업자 table.
- ``funded_by``: program → 중앙정부 (국/국비) | 서울특별시 (시/시비) |
  reporting district (구/구비); amount in won; basis budget|executed; date
  is the fiscal year.
- ``budget``: program → division, the total (budget or executed) in won; the
  division's own total (the 계 row of 예산 현황) has no object.
- ``part_of``: team → division (date = report year); ``runs``: team →
  program (report year for Ⅱ, plan year for Ⅲ, status planned there) and
  team → each duty listed under it in 조직 (object typed Program).
- Dates: yearless dates take the report year in Ⅱ and the plan year in Ⅲ;
  상반기/하반기 give month ranges (01–06 / 07–12); 연중 gives the year.

Every report is generated from its own ``random.Random(f"{seed}:{i}")`` so the
first N reports of a larger corpus are byte-identical to a corpus of N.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

POOLS_FILE = Path(__file__).with_name("pools.toml")
MANIFEST_COLUMNS = ["file", "kind", "report_year", "plan_year", "division", "council_session", "as_of", "title"]
TRUTH_KEYS = [
    "subject", "subject_type", "relation", "object", "object_type", "date", "end", "status",
    "amount_krw", "role", "basis", "source", "line", "kind", "mention", "date_text", "line_end",
]
YEARS = range(2011, 2025)
WEEKDAYS = "월화수목금토일"
NATION = "중앙정부"
CITY = "서울특별시"
STYLES = ("plain", "markdown", "dash")


# --------------------------------------------------------------------------- pools

@lru_cache(maxsize=2)
def load_pools(path: Path = POOLS_FILE) -> dict[str, Any]:
    """The entity pools, parsed once."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _short(district: str) -> str:
    """마포구 -> 마포; 중구 stays 중구."""
    return district[:-1] if len(district) > 2 else district


def _particle_wa(name: str) -> str:
    """와 or 과 after ``name`` (과 after a final consonant)."""
    ch = name.rstrip()[-1]
    if "가" <= ch <= "힣":
        return "과" if (ord(ch) - 0xAC00) % 28 else "와"
    return "와"


def _spaced(text: str) -> str:
    """Letters spaced out as PDF extraction leaves them: 비 전 협 력 과."""
    return " ".join(text.replace(" ", ""))


def _n(value: int) -> str:
    """A thousands-separated figure."""
    return f"{value:,}"


# --------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class DateExpr:
    """A date as written, with its ISO start/end at the written precision."""

    text: str
    date: str | None
    end: str | None = None


@dataclass
class DateStyle:
    """Per-report habits: apostrophe glyph, spacing, weekday suffixes."""

    apos: str
    spaced: bool
    full_year: bool
    weekday: bool


def _day(d: date, ds: DateStyle, rng: random.Random, default_year: int, allow_yearless: bool = True) -> str:
    """One day in one of the genre's forms."""
    r = rng.random()
    if allow_yearless and d.year == default_year and r < 0.22:
        text = f"{d.month}. {d.day}." if ds.spaced or r < 0.11 else f"{d.month}.{d.day}."
        if ds.weekday or r < 0.05:
            text += f"({WEEKDAYS[d.weekday()]})"
        return text
    apos = ds.apos if rng.random() < 0.85 else rng.choice("’'`")
    if ds.full_year and rng.random() < 0.8:
        return f"{d.year}. {d.month}. {d.day}." if ds.spaced else f"{d.year}.{d.month}.{d.day}."
    if ds.spaced:
        return f"{apos}{d.year % 100:02d}. {d.month}. {d.day}."
    return f"{apos}{d.year % 100:02d}.{d.month}.{d.day}."


def _rand_day(rng: random.Random, year: int, mlo: int, mhi: int) -> date:
    m = rng.randint(mlo, mhi)
    return date(year, m, rng.randint(1, 28))


def _iso_m(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def done_date(rng: random.Random, ds: DateStyle, year: int, last_month: int) -> DateExpr:
    """A date for a result (추진실적): on or before the report's as-of month."""
    r = rng.random()
    if r < 0.08:  # late last year, always with its year
        d = _rand_day(rng, year - 1, 9, 12)
        return DateExpr(_day(d, ds, rng, year, allow_yearless=False), d.isoformat())
    if r < 0.68:
        d = _rand_day(rng, year, 1, last_month)
        return DateExpr(_day(d, ds, rng, year), d.isoformat())
    if r < 0.83:  # day range in one month: `19. 5. 23. ~ 26.
        d = _rand_day(rng, year, 1, last_month)
        d = d.replace(day=min(d.day, 24))
        e = d + timedelta(days=rng.randint(1, 4))
        start = _day(d, ds, rng, year)
        if rng.random() < 0.5:
            text = f"{start} ~ {e.day}."
        else:
            text = f"{start}~{e.month}.{e.day}."
        return DateExpr(text, d.isoformat(), e.isoformat())
    if r < 0.95:  # month
        m = rng.randint(1, last_month)
        form = rng.randrange(4)
        if form == 0:
            text = f"{year}. {m}월"
        elif form == 1:
            text = f"{ds.apos}{year % 100:02d}. {m}월"
        elif form == 2:
            text = f"{m}월"
        else:
            text = f"{m}월 중"
        return DateExpr(text, _iso_m(year, m))
    m1 = rng.randint(1, max(1, last_month - 1))
    m2 = rng.randint(m1 + 1, max(m1 + 1, last_month))
    sep = " ~ " if rng.random() < 0.6 else "~"
    return DateExpr(f"{m1}{sep}{m2}월", _iso_m(year, m1), _iso_m(year, m2))


def plan_date(rng: random.Random, ds: DateStyle, year: int, first_month: int, default_year: int) -> DateExpr:
    """A date for a plan (향후계획, 추진계획, 추진일정): from ``first_month`` of ``year``."""
    yearless = year == default_year
    r = rng.random()
    if r < 0.35 or not yearless:
        m = rng.randint(first_month, 12)
        if not yearless or rng.random() < 0.25:
            text = rng.choice([f"{year}. {m}월", f"{ds.apos}{year % 100:02d}. {m}월"])
        else:
            text = rng.choice([f"{m}월", f"{m}월 중", f"{m}월 초", f"{m}월 경"])
        return DateExpr(text, _iso_m(year, m))
    if r < 0.55 and first_month < 12:
        m1 = rng.randint(first_month, 11)
        m2 = rng.randint(m1 + 1, 12)
        sep = " ~ " if rng.random() < 0.6 else "~"
        return DateExpr(f"{m1}{sep}{m2}월", _iso_m(year, m1), _iso_m(year, m2))
    if r < 0.67 and first_month <= 7:
        if first_month == 1 and rng.random() < 0.5:
            return DateExpr("상반기", _iso_m(year, 1), _iso_m(year, 6))
        return DateExpr("하반기", _iso_m(year, 7), _iso_m(year, 12))
    if r < 0.75 and first_month == 1:
        return DateExpr("연중", f"{year:04d}")
    if r < 0.82 and first_month <= 9:  # ’20.7.~’21.6.
        m = rng.randint(max(first_month, 2), 9)
        a = ds.apos
        return DateExpr(
            f"{a}{year % 100:02d}.{m}.~{a}{(year + 1) % 100:02d}.{m - 1}.",
            _iso_m(year, m), _iso_m(year + 1, m - 1),
        )
    d = _rand_day(rng, year, first_month, 12)
    return DateExpr(_day(d, ds, rng, default_year), d.isoformat())


# --------------------------------------------------------------------------- the document

@dataclass
class _Doc:
    """Lines of one report and the truth rows that cite them."""

    source: str
    style: str
    blank: bool
    lines: list[str] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)

    def add(self, text: str, blank: bool | None = None) -> int:
        """Append a line (and a blank after it in blank-between layouts); return its number."""
        self.lines.append(text)
        n = len(self.lines)
        if self.blank if blank is None else blank:
            self.lines.append("")
        return n

    def gap(self, k: int = 1) -> None:
        self.lines.extend([""] * k)

    def item(self, level: int, text: str) -> int:
        """An item at nesting ``level`` in this report's bullet style."""
        if self.style == "markdown":
            return self.add("  " * level + "- " + text)
        if self.style == "dash":
            return self.add((" " * level) + "- " + text)
        return self.add(("○ ", "- ", "· ")[min(level, 2)] + text)

    def block(self, title: str) -> int:
        """A □ block heading."""
        if self.style == "markdown":
            return self.add(f"{'#' * (2 + len(self.lines) % 3)} □ {title}", blank=True)
        return self.add(f"□ {title}")

    def fact(
        self, kind: str, subject: str, stype: str, relation: str, obj: str | None, otype: str | None,
        when: DateExpr | None, status: str, line: int, *, mention: str,
        amount: int | None = None, role: str | None = None, basis: str | None = None,
        line_end: int | None = None, date_override: str | None = None,
    ) -> None:
        """Record one statement the generator wrote."""
        self.truth.append({
            "subject": subject, "subject_type": stype, "relation": relation,
            "object": obj, "object_type": otype,
            "date": date_override if date_override is not None else (when.date if when else None),
            "end": when.end if when else None, "status": status, "amount_krw": amount,
            "role": role, "basis": basis, "source": self.source, "line": line,
            "kind": kind, "mention": mention, "date_text": when.text if when else "",
            "line_end": line_end,
        })


@dataclass(frozen=True)
class Spec:
    """What one report is: who reports, which year and session."""

    index: int
    file: str
    district: str
    division: str
    year: int
    session: int  # 1: June (results only), 2: November (results + next year's plan)


@dataclass
class _DistrictWorld:
    """Partners a district keeps across years (so the graph connects over time)."""

    sisters: list[tuple[str, str, int]]  # (label, scope 국내/국외, since year)
    friends: list[tuple[str, str, int, date]]  # (label, scope, since year, intent date)
    zones: list[tuple[str, str, date, list[tuple[str, str]]]]  # (zone, authority, designated, [(hospital, 대표)])
    ordinance: str
    enacted: date
    session_base: int


@lru_cache(maxsize=64)
def _world(seed: int, district: str) -> _DistrictWorld:
    pools = load_pools()
    rng = random.Random(f"{seed}:world:{district}")
    dom = [f"{p} {n}" for p, n in pools["domestic_partners"]]
    fgn = [f"{c} {n}" for c, n in pools["foreign_cities"]]
    sisters = [(c, "국내", rng.randint(1995, 2019)) for c in rng.sample(dom, rng.randint(3, 6))]
    sisters += [(c, "국외", rng.randint(1995, 2019)) for c in rng.sample(fgn, rng.randint(1, 3))]
    rest = [c for c in fgn if c not in {s[0] for s in sisters}]
    friends = []
    for c in rng.sample(rest, rng.randint(1, 3)):
        y = rng.randint(2005, 2022)
        friends.append((c, "국외", y, date(y, rng.randint(1, 12), rng.randint(1, 28))))
    zones = []
    short = _short(district)
    for tpl, auth in rng.sample(pools["zones"], rng.randint(1, 2)):
        y = rng.choice(YEARS[:8])
        hosp = rng.sample(pools["hospitals"], rng.randint(4, 9))
        people = [rng.choice(pools["surnames"]) + rng.choice(pools["given_names"]) for _ in hosp]
        zones.append((tpl.format(short=short), auth, date(y, rng.randint(1, 12), rng.randint(1, 28)),
                      list(zip(hosp, people))))
    ordinance = rng.choice(pools["ordinances"]).format(district=district)
    y = rng.randint(2010, 2022)
    enacted = date(y, rng.randint(1, 12), rng.randint(1, 28))
    return _DistrictWorld(sisters, friends, zones, ordinance, enacted, 150 + rng.randrange(90))


# --------------------------------------------------------------------------- one report

class _Report:
    """Writes one report into a :class:`_Doc`."""

    def __init__(self, spec: Spec, seed: int) -> None:
        self.spec = spec
        self.pools = load_pools()
        self.rng = random.Random(f"{seed}:{spec.index}")
        self.world = _world(seed, spec.district)
        rng = self.rng
        self.doc = _Doc(spec.file, rng.choice(STYLES), rng.random() < 0.45)
        self.ds = DateStyle(
            apos=rng.choice("’'`"), spaced=rng.random() < 0.6,
            full_year=rng.random() < 0.2, weekday=rng.random() < 0.3,
        )
        self.district = spec.district
        self.short = _short(spec.district)
        self.year = spec.year
        self.plan_year = spec.year + 1 if spec.session == 2 else None
        self.last_done = rng.choice((9, 10)) if spec.session == 2 else 5
        div = self.pools["divisions"][spec.division]
        k = rng.randint(max(2, len(div["teams"]) - 1), len(div["teams"]))
        self.teams: list[str] = sorted(rng.sample(div["teams"], k), key=div["teams"].index)
        self.programs = [p.format(short=self.short) for p in div["programs"]]
        self.used_list = False
        self.used_zone = False

    # ---- small helpers
    def _person(self) -> str:
        return self.rng.choice(self.pools["surnames"]) + self.rng.choice(self.pools["given_names"])

    def _event_name(self, year: int) -> str:
        rng, p = self.rng, self.pools
        stem, kind = rng.choice(p["event_stems"]), rng.choice(p["event_kinds"])
        r = rng.random()
        if r < 0.45:
            return f"{year} {self.short} {stem}{kind}"
        if r < 0.75:
            return f"제{rng.randint(1, 15)}회 {self.short} {stem}{kind}"
        return f"{self.short} {stem} {kind}"

    def _partner(self, orgs_only: bool = False) -> tuple[str, str]:
        """A partner for an agreement: (label, type); ``orgs_only`` leaves out districts."""
        rng, p = self.rng, self.pools
        r = rng.random() * (0.82 if orgs_only else 1.0)
        if r < 0.3:
            return rng.choice(p["agencies"]), "Agency"
        if r < 0.55:
            return rng.choice(p["companies"]), "Company"
        if r < 0.72:
            return rng.choice(p["hospitals"]), "Hospital"
        if r < 0.82:
            return rng.choice(p["civic_groups"]), "CivicGroup"
        c, n = rng.choice(p["foreign_cities"]) if rng.random() < 0.6 else rng.choice(p["domestic_partners"])
        return f"{c} {n}", "District"

    def _when(self, status: str, default_year: int) -> DateExpr:
        if status == "done":
            return done_date(self.rng, self.ds, self.year, self.last_done)
        if default_year == self.year:  # 향후계획 in this year's results
            return plan_date(self.rng, self.ds, self.year, min(12, self.last_done + 1), self.year)
        return plan_date(self.rng, self.ds, default_year, 1, default_year)

    # ---- statements (one line each unless said otherwise)
    def st_agreement(self, level: int, status: str, dy: int) -> None:
        d, rng = self.doc, self.rng
        w = self._when(status, dy)
        form = rng.randrange(4)
        if form == 3 and status == "done":  # 상호협력 협약(구청-A-B) 체결
            a, ta = self._partner(orgs_only=True)
            b, tb = self._partner(orgs_only=True)
            while b == a:
                b, tb = self._partner(orgs_only=True)
            ln = d.item(level, f"상호협력 협약({self.district}청-{a}-{b}) 체결: {w.text}")
            for x, t in ((a, ta), (b, tb)):
                d.fact("agreement_multi", self.district, "District", "agreement", x, t, w, status, ln, mention=x)
            return
        p, t = self._partner()
        tail = " 추진" if status == "planned" and rng.random() < 0.5 else ""
        if form == 1 and w.date and len(w.date) == 7 and not w.end and "." not in w.text:
            m = int(w.date[5:])
            w = DateExpr(f"{m}월", w.date)
            topic = rng.choice(self.pools["agreement_topics"])
            ln = d.item(level, f"{p}{_particle_wa(p)} 「{topic} 업무협약」체결{tail}({m}월)")
            d.fact("agreement_topic", self.district, "District", "agreement", p, t, w, status, ln, mention=p)
            return
        word = rng.choice(["MOU 체결", "업무협약(MOU) 체결", "업무협약 체결", "협약 체결"])
        ln = d.item(level, f"{p}{_particle_wa(p)} {word}{tail}: {w.text}")
        d.fact("agreement_mou", self.district, "District", "agreement", p, t, w, status, ln, mention=p)

    def st_hosted(self, level: int, status: str, dy: int) -> None:
        w = self._when(status, dy)
        ev = self._event_name(int((w.date or str(dy))[:4]))
        verb = "개최" if self.rng.random() < 0.85 else "개최 예정" if status == "planned" else "개최 및 운영"
        ln = self.doc.item(level, f"{ev} {verb}: {w.text}")
        self.doc.fact("hosted", self.district, "District", "hosted", ev, "Event", w, status, ln, mention=ev)

    def st_participated(self, level: int, status: str, dy: int) -> None:
        rng, d = self.rng, self.doc
        w = self._when(status, dy)
        r = rng.random()
        if r < 0.55:
            y = int((w.date or str(dy))[:4])
            ev = rng.choice(self.pools["external_events"]).format(year=y)
            verb = rng.choice(["참가", "참가", "참석"])
            ln = d.item(level, f"{ev} {verb}: {w.text}")
            d.fact("participated_event", self.district, "District", "participated", ev, "Event", w, status, ln, mention=ev)
        elif r < 0.8:
            c, n = rng.choice(self.pools["foreign_cities"]) if rng.random() < 0.7 else rng.choice(self.pools["domestic_partners"])
            city = f"{c} {n}"
            what = rng.choice(["시청 방문", "방문", "의료부문 시설 방문", "우호교류 방문"])
            ln = d.item(level, f"{city} {what}: {w.text}")
            d.fact("visited_city", self.district, "District", "participated", city, "District", w, status, ln, mention=city)
        else:
            h = rng.choice(self.pools["hospitals"])
            ln = d.item(level, f"{h} 현장 방문: {w.text}")
            d.fact("visited_hospital", self.district, "District", "participated", h, "Hospital", w, status, ln, mention=h)

    def st_met(self, level: int, status: str, dy: int) -> None:
        rng = self.rng
        w = self._when(status, dy)
        if rng.random() < 0.6:
            name, role = rng.choice(self.pools["persons"])
        else:
            name = self._person()
            org = rng.choice(self.pools["companies"] + self.pools["agencies"][:18])
            role = f"{org} {rng.choice(['대표', '원장', '이사장', '본부장'])}"
        ln = self.doc.item(level, f"{name} {role} 면담: {w.text}")
        self.doc.fact("met_with", self.district, "District", "met_with", name, "Person", w, status, ln,
                      mention=name, role=role)

    def st_designation(self, level: int, status: str, dy: int) -> None:
        rng, d = self.rng, self.doc
        r = rng.random()
        if r < 0.5:
            w = self._when(status, dy)
            h = rng.choice(self.pools["hospitals"])
            n = rng.randint(3, 12)
            verb = "협력기관 지정·위촉" if rng.random() < 0.7 else "협력기관 지정"
            ln = d.item(level, f"{h} 등 {n}개 기관 {verb}: {w.text}")
            d.fact("designated_partner", h, "Hospital", "designated", self.district, "District", w, status, ln,
                   mention=h, role="협력기관")
        else:
            w = self._when(status, dy)
            name = self._person()
            topic = rng.choice(["의료관광", "국제금융", "국제교류", "구정혁신", "사회공헌", "관광"])
            ln = d.item(level, f"{topic} 자문단 위촉({name} {rng.choice(self.pools['expert_roles'])} 외 {rng.randint(3, 12)}명): {w.text}")
            d.fact("designated_advisor", name, "Person", "designated", self.district, "District", w, status, ln,
                   mention=name, role="자문단")

    def st_enacted(self, level: int, status: str, dy: int) -> None:
        """An ordinance enacted once (its fixed date), or a new one planned."""
        o, when = self.world.ordinance, self.world.enacted
        if status == "done":
            if when > date(self.year, self.last_done, 28):
                return self.st_hosted(level, status, dy)
            w = DateExpr(_day(when, self.ds, self.rng, self.year), when.isoformat())
            verb = "제정"
        else:
            o = self.rng.choice(self.pools["ordinances"]).format(district=self.district)
            if o == self.world.ordinance:
                return self.st_hosted(level, status, dy)
            w = self._when(status, dy)
            verb = self.rng.choice(["제정 추진", "제정"])
        ln = self.doc.item(level, f"{o} {verb}: {w.text}")
        name = o.strip("「」")
        self.doc.fact("enacted", self.district, "District", "enacted", name, "Ordinance", w, status, ln, mention=name)

    def st_support(self, level: int, status: str, dy: int) -> None:
        """Three lines: partner gave the district something, on a day, worth an amount."""
        if status != "done":
            return self.st_hosted(level, status, dy)
        rng, d = self.rng, self.doc
        label, scope, _ = rng.choice([s for s in self.world.sisters if s[1] == "국내"] or self.world.sisters)
        written = label if rng.random() < 0.6 else label.split(" ", 1)[1]
        what, content, amount = rng.choice(self.pools["support_items"])
        day = _rand_day(rng, self.year, 1, self.last_done)
        w = DateExpr(f"{day.month}. {day.day}.({WEEKDAYS[day.weekday()]})", day.isoformat())
        head = d.item(level, f"{written}: 우리구에 {what} 제공")
        d.item(level + 1, f"지원일자: {w.text}")
        last = d.item(level + 1, f"지원내용: {content} ({_n(amount)}천원 상당)")
        d.fact("supported", label, "District", "supported", self.district, "District", w, status, head,
               mention=written, amount=amount * 1000, line_end=last)

    def st_filler(self, level: int, status: str, dy: int) -> None:
        rng = self.rng
        what = rng.choice(self.pools["text"]["fillers"])
        if status == "planned" or rng.random() < 0.5:
            w = self._when(status, dy)
            self.doc.item(level, f"{what}: {w.text}")
        else:
            self.doc.item(level, f"{what}: 총 {rng.randint(2, 60)}회, {_n(rng.randint(20, 3000))}명")

    STATEMENTS = ("st_agreement", "st_hosted", "st_participated", "st_met", "st_designation",
                  "st_enacted", "st_support")
    WEIGHTS = (5, 5, 4, 2, 2, 1, 1)

    def statements(self, level: int, status: str, dy: int, k: int) -> None:
        """``k`` statement or filler items."""
        rng = self.rng
        for _ in range(k):
            if rng.random() < 0.3:
                self.st_filler(level, status, dy)
            else:
                name = rng.choices(self.STATEMENTS, self.WEIGHTS)[0]
                if name == "st_support" and self.plan_year is not None and dy == self.plan_year:
                    name = "st_hosted"
                getattr(self, name)(level, status, dy)

    # ---- blocks
    def city_lists(self, level: int) -> None:
        """자매도시 / 우호도시 현황 with 국내/국외 lists."""
        d, rng, y = self.doc, self.rng, self.year
        sis = [s for s in self.world.sisters if s[2] <= y]
        fr = [f for f in self.world.friends if f[2] <= y]
        if not sis and not fr:
            return
        marked = rng.random() < 0.3 and fr  # friendship cities marked (우호) inside the sister list
        groups: list[tuple[str, list[tuple[str, str, str, DateExpr | None]]]] = []
        sister_rows = [(c, sc, "sister_city", None) for c, sc, _ in sis]
        friend_rows = []
        for c, sc, _, when in fr:
            w = None
            if rng.random() < 0.6:
                a = self.ds.apos
                w = DateExpr(f"{a}{when.year % 100:02d}.{when.month}.{when.day}.", when.isoformat())
            friend_rows.append((c, sc, "friendship_city", w))
        if marked:
            groups.append(("자매도시 현황", sister_rows + friend_rows))
        else:
            if sister_rows:
                groups.append(("자매도시 현황", sister_rows))
            if friend_rows:
                groups.append(("우호도시 현황", friend_rows))
        for title, rows in groups:
            dom = [r for r in rows if r[1] == "국내"]
            fgn = [r for r in rows if r[1] == "국외"]
            counts = ", ".join(f"{k} {len(v)}" for k, v in (("국내", dom), ("국외", fgn)) if v)
            d.item(level, f"{title}: 총 {len(rows)}개 도시 ({counts})")
            for scope, part in (("국내", dom), ("국외", fgn)):
                if not part:
                    continue
                texts = []
                for c, _, rel, w in part:
                    t = c
                    if marked and rel == "friendship_city":
                        t += "(우호)"
                    if w is not None:
                        t += f" ({w.text} 우호협력의향서 체결)"
                    texts.append(t)
                if len(part) > 3 and rng.random() < 0.3:  # wrapped over two lines
                    cut = rng.randint(2, len(part) - 1)
                    l1 = d.item(level + 1, f"{scope}: " + ", ".join(texts[:cut]) + ",")
                    l2 = d.add(", ".join(texts[cut:]))
                    lines = [l1] * cut + [l2] * (len(part) - cut)
                else:
                    ln = d.item(level + 1, f"{scope}: " + ", ".join(texts))
                    lines = [ln] * len(part)
                for (c, _, rel, w), ln in zip(part, lines):
                    d.fact(rel.replace("_city", "_list"), self.district, "District", rel, c, "District", w, "done",
                           ln, mention=c)

    def zone_block(self, level: int) -> None:
        """Zone designation line and the 특화사업자 table."""
        d, rng = self.doc, self.rng
        zones = [z for z in self.world.zones if z[2].year <= self.year]
        if not zones:
            return
        zone, auth, when, hosp = rng.choice(zones)
        ds = self.ds
        wtxt = f"{ds.apos}{when.year % 100:02d}. {when.month}. {when.day}." if rng.random() < 0.6 else f"{when.year}. {when.month}. {when.day}."
        w = DateExpr(wtxt, when.isoformat())
        ln = d.item(level, f"{zone} 지정: {w.text}(지정권자: {auth})")
        d.fact("zone_designation", zone, "Zone", "designated", auth, "District" if auth == CITY else "Agency", w,
               "done", ln, mention=zone)
        d.item(level, f"{zone} 특화사업자: 관내 {len(hosp)}개 병·의원")
        if rng.random() < 0.5:
            d.add("< 특화사업자 >", blank=True)
            d.add("병원명\t대표\t소재지\t면적(㎡)\t특화사업", blank=False)
            for h, person in hosp:
                addr = f"{self.short}로 {rng.randint(1, 300)}"
                area = f"{rng.randint(800, 12000):,}.{rng.randint(0, 9)}"
                biz = rng.choice(["홍보, 마케팅 추진", "외국인전용 진료센터, 편의시설 확충", "전용 병동 운영, 통역 서비스"])
                ln = d.add(f"{h}\t{person}\t{addr}\t{area}\t{biz}", blank=False)
                d.fact("specialist_table", h, "Hospital", "designated", zone, "Zone", None, "done", ln,
                       mention=h, role="특화사업자")
                d.fact("specialist_ceo", person, "Person", "has_role", h, "Hospital", None, "done", ln,
                       mention=person, role="대표")
            d.gap()
        else:
            d.add("연번 특화사업자 연번 특화사업자")
            half = (len(hosp) + 1) // 2
            for i in range(half):
                cells = [(i, hosp[i][0])]
                if i + half < len(hosp):
                    cells.append((i + half, hosp[i + half][0]))
                ln = d.add(" ".join(f"{j + 1} {h}" for j, h in cells))
                for _, h in cells:
                    d.fact("specialist_list", h, "Hospital", "designated", zone, "Zone", None, "done", ln,
                           mention=h, role="특화사업자")

    def budget_block(self, program: str, fiscal_year: int, total: int, shares: dict[str, int],
                     executed: int, ex_shares: dict[str, int]) -> None:
        """□ 예산현황 (단위: 천원) with budget and executed figures and their shares."""
        d, rng = self.doc, self.rng
        labels = {"국": rng.choice(["국", "국비"]), "시": rng.choice(["시", "시비"]), "구": "구비"}
        sep = ", " if rng.random() < 0.7 else " "
        funder = {"국": (NATION, "Agency"), "시": (CITY, "District"), "구": (self.district, "District")}
        rate = f"{executed / total * 100:.1f}" + ("%" if rng.random() < 0.3 else "")
        single = len(shares) == 1
        if self.doc.style == "markdown":
            d.block("예산현황")
            d.add("(단위: 천원, %)", blank=True)
        else:
            d.block("예산현황 (단위: 천원)")
        header = rng.choice(["예 산 액 집 행 액 집행률(%)", "예산액\t집행액\t집행률", "예 산 액\t집 행 액\t집행률(%)"])
        d.add(header, blank=False)

        def share_text(sh: dict[str, int]) -> str:
            return sep.join(f"{labels[k]} {_n(v)}" for k, v in sh.items())

        def record(line_of: dict[str, int], sh: dict[str, int], basis: str, tot: int, tot_line: int) -> None:
            d.fact("budget_total", program, "Program", "budget", self.spec.division, "Division", None, "done",
                   tot_line, mention=_n(tot), amount=tot * 1000, basis=basis, date_override=str(fiscal_year))
            for k, v in sh.items():
                obj, ot = funder[k]
                d.fact("budget_share", program, "Program", "funded_by", obj, ot, None, "done", line_of[k],
                       mention=labels[k], amount=v * 1000, basis=basis, date_override=str(fiscal_year))

        form = rng.randrange(4) if not single else rng.choice((0, 1, 3, 3))
        if form == 3 and single:  # 55,115(구비100%) 16,609(구비 100%) 30.1%
            (k,) = shares
            tag = rng.choice([f"({labels[k]}100%)", f"({labels[k]} 100%)", f"({labels[k]})"])
            ln = d.add(f"{_n(total)}{tag}\t{_n(executed)}{tag}\t{rate}" if "\t" in header
                       else f"{_n(total)}{tag} {_n(executed)}{tag} {rate}", blank=False)
            record({k: ln}, shares, "budget", total, ln)
            record({k: ln}, {k: executed}, "executed", executed, ln)
        elif form == 1:  # 115,900 (시 20,000 구비 95,900)\t15,500 (구비 15,500)\t13.3
            ln = d.add(f"{_n(total)} ({share_text(shares)})\t{_n(executed)} ({share_text(ex_shares)})\t{rate}",
                       blank=False)
            record({k: ln for k in shares}, shares, "budget", total, ln)
            record({k: ln for k in ex_shares}, ex_shares, "executed", executed, ln)
        elif form == 2:  # totals on one line, shares on the next
            l1 = d.add(f"{_n(total)}\t{_n(executed)}\t", blank=False)
            l2 = d.add(f"({share_text(shares)})\t({share_text(ex_shares)})\t{rate}", blank=False)
            record({k: l2 for k in shares}, shares, "budget", total, l1)
            record({k: l2 for k in ex_shares}, ex_shares, "executed", executed, l1)
        else:  # every figure on its own line, shares wrapped
            for basis, tot, sh in (("budget", total, shares), ("executed", executed, ex_shares)):
                tl = d.add(_n(tot), blank=rng.random() < 0.4)
                items = list(sh.items())
                line_of: dict[str, int] = {}
                if len(items) > 1 and rng.random() < 0.6:
                    cut = rng.randint(1, len(items) - 1)
                    a = sep.join(f"{labels[k]} {_n(v)}" for k, v in items[:cut])
                    b = sep.join(f"{labels[k]} {_n(v)}" for k, v in items[cut:])
                    la = d.add(f"({a},", blank=rng.random() < 0.3)
                    lb = d.add(f"{b})", blank=False)
                    line_of = {k: la for k, _ in items[:cut]} | {k: lb for k, _ in items[cut:]}
                else:
                    ln = d.add(f"({share_text(sh)})", blank=False)
                    line_of = {k: ln for k, _ in items}
                record(line_of, sh, basis, tot, tl)
            d.add(rate, blank=False)
        d.gap()

    def _money(self) -> tuple[int, dict[str, int], int, dict[str, int]]:
        """A budget in 천원 split by source, and an executed amount split the same way."""
        rng = self.rng
        total = rng.randint(10, 900) * 1000 + rng.choice((0, rng.randint(0, 999)))
        srcs = ["구"]
        if rng.random() < 0.4:
            srcs.insert(0, "시")
        if rng.random() < 0.2:
            srcs.insert(0, "국")
        shares: dict[str, int] = {}
        left = total
        for k in srcs[:-1]:
            v = max(1, int(total * rng.uniform(0.1, 0.45)))
            shares[k] = v
            left -= v
        shares[srcs[-1]] = left
        executed = int(total * rng.uniform(0.05, 0.98))
        ex: dict[str, int] = {}
        left = executed
        for k in srcs[:-1]:
            v = int(shares[k] * executed / total)
            ex[k] = v
            left -= v
        ex[srcs[-1]] = left
        if rng.random() < 0.25 and len(ex) > 1:  # executed written as one figure from the district only
            ex = {"구": executed}
        return total, shares, executed, ex

    # ---- parts
    def header(self) -> None:
        d, spec, rng = self.doc, self.spec, self.rng
        n = self.world.session_base + (spec.year - YEARS[0]) * 8 + (0 if spec.session == 1 else 5)
        if spec.session == 2:
            period = f"{spec.year}. 11. {rng.randint(15, 25)}. ~ 12. {rng.randint(15, 23)}."
        else:
            period = f"{spec.year}. 6. {rng.randint(3, 10)}. ~ 6. {rng.randint(20, 28)}."
        self.council_session = f"제{n}회 {spec.district}의회 제{spec.session}차 정례회"
        self.period = period
        committee = rng.choice(self.pools["committees"])
        div_text = _spaced(spec.division) if rng.random() < 0.4 else spec.division
        if d.style == "markdown":
            d.gap(2)
            d.add(self.council_session, blank=True)
            d.add(_spaced(committee), blank=True)
            d.gap()
            d.add(f"# {spec.year}년 주요업무 보고", blank=True)
            d.add(f"## {div_text}", blank=True)
            d.add("---", blank=True)
            d.add("# 보고 순서", blank=True)
            d.add("---", blank=True)
        else:
            d.add(f"{self.council_session} {period}", blank=True)
            if rng.random() < 0.4:
                d.add(_spaced(committee) if rng.random() < 0.5 else committee, blank=True)
            d.gap(2)
            d.add(f"{spec.year}년 주요업무 보고", blank=True)
            d.gap(2)
            d.add(div_text, blank=True)
            d.add(rng.choice(["보 고 순 서", "보고 순서"]), blank=True)
        lead = rng.choice(["\t• • •\t", " ····················· ", "\t...\t"])
        third = f"{self.plan_year}년 주요업무 추진계획" if self.plan_year else "중점사업 추진실적"
        for i, (num, title) in enumerate((("Ⅰ", "일 반 현 황"), ("Ⅱ", "주요업무 추진실적"), ("Ⅲ", third))):
            d.add(f"{num}. {title}{lead}{(1, 3, 8)[i]}", blank=False)
        d.gap()

    def part_title(self, num: str, title: str) -> None:
        d, rng = self.doc, self.rng
        if d.style == "markdown":
            d.add(f"{'#' if num == 'Ⅰ' else '##'} {num}. {title}", blank=True)
        elif rng.random() < 0.25:  # PDF extraction repeats the heading
            d.add(f"{num}{num}{num}... {_spaced(title)}{_spaced(title)}", blank=True)
        else:
            d.add(f" {num}. {title}", blank=True)

    def general(self, programs: list[tuple[str, str, tuple]]) -> None:
        """Ⅰ. 일반현황: 조직, 인력, 시설, 예산 현황."""
        d, rng, spec = self.doc, self.rng, self.spec
        self.part_title("Ⅰ", "일반현황")
        d.add("## 1 조 직" if d.style == "markdown" else "1 조 직", blank=True)
        d.add(f"{spec.division} - ({len(self.teams)})개팀", blank=True)
        duties = self.pools["text"]["duties"]
        if rng.random() < 0.3:  # all teams on one line, duties below
            ln = d.add(" ".join(self.teams), blank=True)
            for t in self.teams:
                d.fact("org_team", t, "Team", "part_of", spec.division, "Division", None, "done", ln,
                       mention=t)  # the 조직 table dates nothing: undated (report_year says which report)
            for t in self.teams:
                for duty in random.Random(t).sample(duties, 3):
                    d.add(f"- {duty}")
        else:
            for t in self.teams:
                ln = d.add(t, blank=True)
                d.fact("org_team", t, "Team", "part_of", spec.division, "Division", None, "done", ln,
                       mention=t)  # the 조직 table dates nothing: undated (report_year says which report)
                for duty in random.Random(t).sample(duties, rng.randint(2, 4)):
                    dl = d.add(f"- {duty}", blank=False)
                    d.fact("org_duty", t, "Team", "runs", duty, "Program", None, "done", dl, mention=duty)
                d.gap()
        sub = "## " if d.style == "markdown" else ""
        d.add(f"{sub}2 인 력", blank=True)
        tab = "\t" if d.style != "plain" else " "
        d.add(tab.join(["구 분", "계", "일반직", "관리운영직", "별정직·임기제"]), blank=False)
        d.add(tab.join(["", *[f"{g}급" for g in range(4, 10)]]).strip(), blank=False)
        a = rng.randint(8, 20)
        b = a + rng.randint(-2, 2)
        d.add(tab.join(["정 원", str(a), "1", str(rng.randint(2, 5)), str(rng.randint(3, 7))]), blank=False)
        d.add(tab.join(["현 원", str(b), "1", str(rng.randint(2, 5)), str(rng.randint(3, 7))]), blank=False)
        diff = b - a
        d.add(tab.join(["과부족", f"△{-diff}" if diff < 0 else str(diff)]), blank=True)
        d.add(f"{sub}3 주요시설 및 장비", blank=True)
        d.add(": 해당없음", blank=True)
        d.add(f"{sub}4 예 산 현 황", blank=True)
        d.add("(단위: 천원)", blank=False)
        d.add(tab.join(["단위사업명", "예산액", "집행액", "집행률"]), blank=False)
        tot = sum(m[0] for _, _, m in programs)
        ex = sum(m[2] for _, _, m in programs)
        ln = d.add(tab.join(["계", _n(tot), _n(ex), f"{ex / tot * 100:.1f}"]), blank=False)
        for amount, basis in ((tot, "budget"), (ex, "executed")):
            d.fact("budget_division", spec.division, "Division", "budget", None, None, None, "done", ln,
                   mention=_n(amount), amount=amount * 1000, basis=basis, date_override=str(self.year))
        for prog, _, (t, _, e, _) in programs:
            ln = d.add(tab.join([prog, _n(t), _n(e), f"{e / t * 100:.1f}"]), blank=False)
            d.fact("budget_table", prog, "Program", "budget", spec.division, "Division", None, "done", ln,
                   mention=_n(t), amount=t * 1000, basis="budget", date_override=str(self.year))
            d.fact("budget_table", prog, "Program", "budget", spec.division, "Division", None, "done", ln,
                   mention=_n(e), amount=e * 1000, basis="executed", date_override=str(self.year))
        d.gap()

    def program_heading(self, i: int, prog: str, team: str, status: str, fy: int) -> None:
        d, rng = self.doc, self.rng
        if d.style == "markdown":
            head = d.add(f"#### {i} {prog}", blank=True)
            tl = d.add(team, blank=True)
            d.fact("runs", team, "Team", "runs", prog, "Program", None, status, head, mention=team,
                   line_end=tl, date_override=str(fy))
        else:
            marker = rng.choice([f"{i} ", f"{i} ", f" {i} ", f"{i} ┃ "])
            ln = d.add(f"{marker}{prog} {team}", blank=False)
            d.fact("runs", team, "Team", "runs", prog, "Program", None, status, ln, mention=team,
                   date_override=str(fy))
            if d.style == "plain":
                d.add("ㅇㅇ", blank=False)
            d.gap()
        pools = self.pools["text"]
        d.add(f"{rng.choice(pools['purpose_a'])} {rng.choice(pools['purpose_b'])}하고자 함", blank=True)

    def result_program(self, i: int, prog: str, team: str, money: tuple) -> None:
        """A Ⅱ program: overview, results, next steps, budget."""
        d, rng, y = self.doc, self.rng, self.year
        self.program_heading(i, prog, team, "done", y)
        d.block(rng.choice(["사업개요", "추진개요"]))
        d.item(0, f"사업기간: {y}. 1. ~ 12." if rng.random() < 0.5 else "추진기간: 연중")
        d.item(0, f"사업대상: {rng.choice(['구민', '관내 기업', '외국인 환자', '관내 의료기관'])}")
        d.block("주요 추진실적")
        if not self.used_list and rng.random() < 0.5:
            self.used_list = True
            self.city_lists(0)
        if not self.used_zone and rng.random() < 0.35:
            self.used_zone = True
            self.zone_block(0)
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                d.item(0, rng.choice(self.pools["text"]["fillers"]))
                self.statements(1, "done", y, rng.randint(1, 4))
            else:
                self.statements(0, "done", y, rng.randint(1, 3))
        d.block("향후계획")
        self.statements(0, "planned", y, rng.randint(1, 3))
        self.budget_block(prog, y, *money)

    def plan_program(self, i: int, prog: str, team: str) -> None:
        """A Ⅲ program: overview, detailed plan, schedule, 소요예산."""
        d, rng, py = self.doc, self.rng, self.plan_year or self.year
        self.program_heading(i, prog, team, "planned", py)
        d.block("사업개요")
        d.item(0, f"사업기간: {py}. 1. ~ 12.")
        d.block("세부 추진계획")
        for _ in range(rng.randint(1, 2)):
            d.item(0, rng.choice(self.pools["text"]["fillers"]))
            self.statements(1, "planned", py, rng.randint(1, 3))
        d.block("추진일정")
        self.statements(0, "planned", py, rng.randint(1, 3))
        total, shares, _, _ = self._money()
        labels = {"국": rng.choice(["국", "국비"]), "시": rng.choice(["시", "시비"]), "구": "구비"}
        funder = {"국": (NATION, "Agency"), "시": (CITY, "District"), "구": (self.district, "District")}
        if len(shares) == 1:
            (k,) = shares
            tail = rng.choice([f"({labels[k]} {_n(total)})", f"({labels[k]})", "(전액 구비)" if k == "구" else f"({labels[k]})"])
        else:
            tail = "(" + ", ".join(f"{labels[k]} {_n(v)}" for k, v in shares.items()) + ")"
        mention_k = {k: labels[k] for k in shares}
        if tail == "(전액 구비)":
            mention_k = {"구": "구비"}
        ln = d.block(f"소요예산: 총 {_n(total)}천원{tail}" if rng.random() < 0.8 else f"소요예산: 총{_n(total)}천원{tail}")
        d.fact("plan_budget_total", prog, "Program", "budget", self.spec.division, "Division", None, "planned", ln,
               mention=_n(total), amount=total * 1000, basis="budget", date_override=str(py))
        for k, v in shares.items():
            obj, ot = funder[k]
            d.fact("plan_budget_share", prog, "Program", "funded_by", obj, ot, None, "planned", ln,
                   mention=mention_k[k], amount=v * 1000, basis="budget", date_override=str(py))
        d.gap()

    def write(self) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
        """The report text, its truth rows and its manifest row."""
        rng, spec = self.rng, self.spec
        self.header()
        n = rng.randint(3, 5)
        names = rng.sample(self.programs, min(n, len(self.programs)))
        progs = [(p, rng.choice(self.teams), self._money()) for p in names]
        self.general(progs)
        self.part_title("Ⅱ", "주요업무 추진실적")
        lead = rng.choice([" ····························· ", "\t·······\t", " ..... "])
        self.doc.add("연번\t사 업 명\t쪽" if self.doc.style != "plain" else "연번 사 업 명 쪽", blank=False)
        for i, (p, _, _) in enumerate(progs, 1):
            self.doc.add(f"{i}\t{p}{lead}{3 + i}" if self.doc.style != "plain" else f" {p}{lead}{3 + i}", blank=False)
        self.doc.gap()
        for i, (p, t, m) in enumerate(progs, 1):
            self.result_program(i, p, t, m)
        if self.plan_year:
            self.part_title("Ⅲ", f"{self.plan_year}년 주요업무 추진계획")
            plans = rng.sample(self.programs, rng.randint(2, min(4, len(self.programs))))
            for i, p in enumerate(plans, 1):
                self.plan_program(i, p, rng.choice(self.teams))
        else:
            self.part_title("Ⅲ", "중점사업 추진실적")
            for i, p in enumerate(rng.sample(self.programs, rng.randint(1, 2)), 1):
                self.result_program(i, p, rng.choice(self.teams), self._money())
        text = "\n".join(self.doc.lines).rstrip("\n") + "\n"
        as_of = f"{spec.year}-{self.last_done:02d}-{30 if self.last_done == 9 else 31}"
        if spec.session == 1 and rng.random() < 0.5:
            as_of = f"{spec.year}-06"
        title = (f"{spec.year}년 주요업무 보고 (추진실적 {spec.year} / 추진계획 {self.plan_year})"
                 if self.plan_year else f"{spec.year}년 주요업무 보고")
        row = {
            "file": spec.file, "kind": "work_report", "report_year": str(spec.year),
            "plan_year": str(self.plan_year) if self.plan_year else "", "division": spec.division,
            "council_session": f"{self.council_session} ({self.period})", "as_of": as_of, "title": title,
        }
        return text, self.doc.truth, row


# --------------------------------------------------------------------------- corpus

def specs(n: int, seed: int = 0) -> list[Spec]:
    """The first ``n`` report specs for ``seed``: district × division × year × session, shuffled."""
    pools = load_pools()
    combos = [
        (dist, div, y, s)
        for dist in pools["reporting_districts"]
        for div in pools["divisions"]
        for y in YEARS
        for s in (1, 2)
    ]
    random.Random(f"{seed}:specs").shuffle(combos)
    width = max(5, len(str(max(n - 1, 0))))
    out = []
    for i in range(n):
        dist, div, y, s = combos[i % len(combos)]
        tag = hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:16]
        out.append(Spec(i, f"{i:0{width}d}_{tag}.txt", dist, div, y, s))
    return out


def render(spec: Spec, seed: int = 0) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    """One report: (text, truth rows, manifest row)."""
    return _Report(spec, seed).write()


def generate(n: int, out: Path, seed: int = 0) -> list[dict]:
    """Write ``n`` reports, ``manifest.csv`` and ``truth.jsonl`` into ``out``; return the truth rows."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    truth: list[dict[str, Any]] = []
    manifest = io.StringIO()
    writer = csv.DictWriter(manifest, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for spec in specs(n, seed):
        text, rows, row = render(spec, seed)
        (out / spec.file).write_text(text, encoding="utf-8", newline="\n")
        writer.writerow(row)
        truth.extend(rows)
    (out / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8", newline="\n")
    with (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for r in truth:
            fh.write(json.dumps({k: r[k] for k in TRUTH_KEYS}, ensure_ascii=False) + "\n")
    return truth


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m bench.synth N --out DIR --seed S``."""
    ap = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    t0 = time.perf_counter()
    truth = generate(args.n, args.out, args.seed)
    dt = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in args.out.glob("*.txt"))
    rels: dict[str, int] = {}
    for r in truth:
        rels[r["relation"]] = rels.get(r["relation"], 0) + 1
    print(f"{args.n} reports, {size / 1e6:.1f} MB, {len(truth)} statements in {dt:.2f} s -> {args.out}",
          file=sys.stderr)
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(rels.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
