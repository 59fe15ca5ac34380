"""Date expressions of the genre, normalised to :class:`graph.model.statements.When`.

The reports write dates in many short forms: ``2017. 12. 14.``, ``’19. 2. 18.``,
``3. 4.(수)``, ``2018. 9월``, ``11월 중``, ``상반기``, ``연중``, ranges such as
``’20.7.~’21.6.`` or ``6. 14. ~ 18.``, open ends such as ``5월~`` and lists
such as ```19. 5. 10. / 6. 14. / 7. 5.``.

One master regex (built from the declarative :data:`_ATOMS` table) finds the
next date *atom*; small anchored regexes then read what may follow it: a
weekday ``(수)``, a qualifier (``초``, ``중``, ``경``, ``예정`` ...) and a range
tail (``~ END`` or an open end ``~``, ``~ 계속``). Every regex is precompiled
and uses bounded repetition only, so scanning is linear in the text.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from ..model.statements import When

__all__ = ["DateMatch", "find_dates", "parse_when", "calendar_errors", "MIN_YEAR", "MAX_YEAR"]

MIN_YEAR = 1990
MAX_YEAR = 2100


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text."""

    when: When
    span: tuple[int, int]
    approximate: bool
    ongoing: bool


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------
_S = r"[ \u00a0]?"                      # at most one space between parts
_MARK = r"[’'`‘´]"                      # two-digit year marks
_Y4 = r"(?P<Y>(?:19|20)\d\d)"
_Y2 = _MARK + r"(?P<y>\d\d)"
_YEAR = rf"(?:{_Y4}|{_Y2})"              # a written year: 2019 or ’19
_NUMSTART = r"(?<![\d.,])"              # not inside a longer number
_NOHANGUL = r"(?<![가-힣])"
_HALF = (r"(?P<H>상반기|하반기|상[·․ㆍ•∙,/]" + _S + r"하반기|[1-4](?:/4)?[ ]{0,3}[~∼〜～][ ]{0,3}[1-4](?:/4)?"
         + _S + r"분기|[1-4](?:/4)?" + _S + r"분기)")  # 1 ~ 2분기 (before 2분기 alone)
_WORD = r"(?P<W>연" + _S + r"중|수시)"
_WEEKDAYS = "월화수목금토일"

# Each row: (kind, pattern). Order matters where two rows match at the same
# position: the first wins, so longer forms come first.
_ATOMS: tuple[tuple[str, str], ...] = (
    # 2017. 12. 14. | ’19. 2. 18. | `19. 3. 15 (year given: last dot optional)
    ("ymd", rf"{_NUMSTART}{_YEAR}{_S}\.{_S}(?P<M>\d{{1,2}}){_S}\.{_S}(?P<D>\d{{1,2}})"
            rf"(?:{_S}\.|(?![\d.]))"),
    # 2019년 5월 24일
    ("ymd_kor", rf"{_NUMSTART}{_YEAR}{_S}년{_S}(?P<M>\d{{1,2}}){_S}월{_S}(?P<D>\d{{1,2}}){_S}일"),
    # (20.7.6.): three compact dotted numbers = two-digit year
    ("ymd_compact", rf"{_NUMSTART}(?P<y>\d\d)\.(?P<M>\d{{1,2}})\.(?P<D>\d{{1,2}})\."),
    # 2021-03-05 (ISO, as exported tables write it)
    ("ymd_iso", rf"{_NUMSTART}(?<!-){_Y4}-(?P<M>\d{{1,2}})-(?P<D>\d{{1,2}})(?![\d-])"),
    # 2018-04 (an ISO month: two digits, so a year range 2019-2020 is none)
    ("ym_iso", rf"{_NUMSTART}(?<!-){_Y4}-(?P<M>0[1-9]|1[0-2])(?![\d-])"),
    # 2020. 10~11월 | ’20.10 ~ 11월
    ("ym_range", rf"{_NUMSTART}{_YEAR}{_S}\.{_S}(?P<M>\d{{1,2}})[ ]{{0,3}}[~∼〜～][ ]{{0,3}}"
                 rf"(?P<M2>\d{{1,2}}){_S}월"),
    # 2018. 9월 | '20. 6월
    ("ym_month", rf"{_NUMSTART}{_YEAR}{_S}\.{_S}(?P<M>\d{{1,2}}){_S}월"),
    # 2020년 3월
    ("ym_kor", rf"{_NUMSTART}{_YEAR}{_S}년{_S}(?P<M>\d{{1,2}}){_S}월"),
    # 2022.6. | ’20. 9.
    ("ym_dot", rf"{_NUMSTART}{_YEAR}{_S}\.{_S}(?P<M>\d{{1,2}}){_S}\."),
    # 2020년 상반기 | 상반기 | 상·하반기
    ("half", rf"{_NOHANGUL}(?:{_YEAR}{_S}[.년]{_S})?{_HALF}"),
    # 연중 | 연 중 | 수시 (optionally with a year)
    ("word", rf"{_NOHANGUL}(?:{_YEAR}{_S}[.년]{_S})?{_WORD}"),
    # 2019. | ’18. (a year, not followed by a month number)
    ("y_dot", rf"{_NUMSTART}{_YEAR}{_S}\.(?!{_S}\d)"),
    # 2018년 | ’20년
    ("y_kor", rf"{_NUMSTART}{_YEAR}{_S}년"),
    # 2020 ~ : a bare year only when a range tilde follows
    ("y_bare", rf"{_NUMSTART}{_Y4}(?=[ ]{{0,3}}[~∼〜～])"),
    # 3 ~ 5월 | 6~7월
    ("m_range", rf"{_NUMSTART}(?P<M>\d{{1,2}})[ ]{{0,3}}[~∼〜～][ ]{{0,3}}(?P<M2>\d{{1,2}}){_S}월"),
    # 9월 | 5월 24일
    ("m_kor", rf"(?<!\d)(?P<M>\d{{1,2}}){_S}월(?:{_S}(?P<D>\d{{1,2}}){_S}일)?"),
    # 8.22. | 9.30. 12.31. (compact: may stand next to other numbers)
    ("md_compact", rf"{_NUMSTART}(?P<M>\d{{1,2}})\.(?P<D>\d{{1,2}})\.(?!\d)"),
    # 3. 4. | 6. 14. | 3. 4(수) (spaced: not part of a longer dotted run)
    ("md", rf"{_NUMSTART}(?<!\d\.\s)(?P<M>\d{{1,2}}){_S}\.{_S}(?P<D>\d{{1,2}})"
           rf"(?:{_S}\.(?!{_S}\d)|(?={_S}\([{_WEEKDAYS}]\)))"),
)


def _prefixed(kind: str, pattern: str) -> str:
    """The pattern with its groups renamed ``kind_X`` and wrapped in group ``kind``."""
    return f"(?P<{kind}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<{kind}_\1>", pattern) + ")"


_MASTER = re.compile("|".join(_prefixed(k, p) for k, p in _ATOMS))
_FIELDS = ("Y", "y", "M", "D", "M2", "H", "W")
#: Per atom kind, the master's group name of each field (None where the kind has no such field).
_KIND_GROUPS: dict[str, dict[str, str | None]] = {
    kind: {f: (g if g in _MASTER.groupindex else None) for f in _FIELDS for g in (f"{kind}_{f}",)}
    for kind, _ in _ATOMS
}
#: Every atom starts with one of these characters or with a year mark just before one:
#: a digit (also of 1분기), or the first syllable of 상반기/하반기/연중/수시. Where none is left, no date is.
_ATOM_CHAR = re.compile(r"[\d상하연수]")
# Atom kinds that may stand after a tilde as the end of a range.
_END_KINDS = frozenset(
    {"ymd", "ymd_kor", "ymd_compact", "ymd_iso", "ym_iso", "ym_month", "ym_kor", "ym_dot", "half",
     "y_dot", "y_kor", "m_kor", "md", "md_compact"}
)

_TILDE = re.compile(r"[ ]{0,3}[~∼〜～][ ]{0,3}")
_QUARTER_RANGE_END = re.compile(r"([1-4])(?:/4)?\s?분기$")
_WEEKDAY = re.compile(rf"{_S}\((?P<wd>[{_WEEKDAYS}])\)")
_QUALIFIER = re.compile(
    rf"{_S}(?:\((?P<pq>예정)\)|(?P<q>초순|중순|하순|상순|말경|초|중|말|경|쯤|께|예정))"
    r"(?:(?![가-힣])|(?=까지|부터|에|임))"
)
_ONGOING_WORD = re.compile(
    r"(?:계속|지속|현재|상시|진행[ ]?중|운영[ ]?중|[가-힣]{1,8}[ ]?(?:시|때)[ ]?까지)"
)
# After a tilde: a bare year or a bare number that takes the start's unit.
_END_YEAR = re.compile(rf"{_Y4}(?![\d.,])(?![ ]?[가-힣])")
_END_MD_ISO = re.compile(r"(?P<M>0[1-9]|1[0-2])-(?P<D>[0-3]\d)(?![\d-])")  # 2018-05-11 ~ 05-12
_END_NUM = re.compile(r"(?P<N>\d{1,2})(?:[ ]?\.)?(?![\d.,%])(?![ ]?[가-힣A-Za-z])")
# What may stand between list items that share a year: `19. 5. 10. / 6. 14.
_LIST_GAP = re.compile(r"[ ]*(?:[/,·&]|및|와|과)[ ]*")
_DIGIT_NEXT = re.compile(r"\s{0,3}[’'`‘]?\d")


# --------------------------------------------------------------------------
# Parsed pieces
# --------------------------------------------------------------------------
@dataclass
class _Point:
    """A date before its year is settled: year may be missing."""

    year: int | None
    month: int | None = None
    day: int | None = None
    precision: str = "year"
    end_month: int | None = None       # for halves and month ranges

    def iso(self) -> str:
        """ISO string at this point's precision (year must be set)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _group(m: re.Match[str], name: str) -> str | None:
    """Group ``name`` of the match, or None if the pattern has no such group."""
    return m.group(name) if name in m.re.groupindex else None


def _full_year(m: re.Match[str], kind: str) -> int | None:
    """The year an atom writes (two digits: 00-69 -> 20xx, 70-99 -> 19xx); None if none."""
    four = _group(m, f"{kind}_Y")
    if four:
        return int(four)
    two = _group(m, f"{kind}_y")
    if two:
        n = int(two)
        return 2000 + n if n < 70 else 1900 + n
    return None


def _atom(m: re.Match[str]) -> tuple[str, _Point]:
    """The kind and the point an atom match writes (unvalidated)."""
    kind = m.lastgroup or ""
    year = _full_year(m, kind)
    g = {f: (m.group(name) if name else None) for f, name in _KIND_GROUPS[kind].items()}
    month = int(g["M"]) if g["M"] else None
    day = int(g["D"]) if g["D"] else None
    if g["H"]:
        h = g["H"]
        if h.endswith("분기"):  # 1분기, 3/4분기: a quarter; 1 ~ 2분기: from the first to the end of the second
            q, q2 = int(h[0]), int(_QUARTER_RANGE_END.search(h).group(1)) if _TILDE.search(h) else int(h[0])
            return kind, _Point(year, 3 * q - 2, None, "quarter", 3 * q2)
        lo, hi = (1, 6) if h == "상반기" else (7, 12) if h == "하반기" else (1, 12)
        return kind, _Point(year, lo, None, "half", hi)
    if g["W"]:
        return kind, _Point(year, None, None, "year")
    if g["M2"]:
        return kind, _Point(year, month, None, "month", int(g["M2"]))
    if day is not None:
        return kind, _Point(year, month, day, "day")
    if month is not None:
        return kind, _Point(year, month, None, "month")
    return kind, _Point(year, None, None, "year")


def _invalid(p: _Point) -> str | None:
    """Why a point with its year set is not a date, or None if it is one."""
    if p.year is None or not MIN_YEAR <= p.year <= MAX_YEAR:
        return f"year {p.year} outside {MIN_YEAR}-{MAX_YEAR}"
    for m in (p.month, p.end_month):
        if m is not None and not 1 <= m <= 12:
            return f"no month {m}"
    if p.day is not None and p.month is not None:
        last = calendar.monthrange(p.year, p.month)[1]
        if not 1 <= p.day <= last:
            return f"no day {p.day} in {p.year:04d}-{p.month:02d}"
    return None


def _weekday_ok(p: _Point, year: int, wd: str) -> bool:
    try:
        return _dt.date(year, p.month or 1, p.day or 1).weekday() == _WEEKDAYS.index(wd)
    except ValueError:
        return False


def _check_weekday(
    p: _Point, wd: str | None, movable: bool, text: str, warnings: list[str] | None
) -> None:
    """Check a day against its written weekday; move a guessed year by one if that fits."""
    if wd is None or p.day is None or _invalid(p):
        return
    base = p.year or 0
    if _weekday_ok(p, base, wd):
        return
    if movable:
        for y in (base + 1, base - 1):
            if not _invalid(_Point(y, p.month, p.day, "day")) and _weekday_ok(p, y, wd):
                _warn(warnings, f"date {text!r}: weekday ({wd}) fits {y}, not {base}; using {y}")
                p.year = y
                return
    _warn(warnings, f"date {text!r}: weekday ({wd}) does not match {p.iso()}")


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def _roll(p: _Point, after: _Point) -> None:
    """Move a year-inherited point a year on if it would precede ``after``."""
    if p.year != after.year or p.month is None or after.month is None:
        return
    if p.day is None or after.day is None:
        behind = p.month < after.month
    else:
        behind = (p.month, p.day) < (after.month, after.day)
    if behind:
        p.year = (p.year or 0) + 1


# --------------------------------------------------------------------------
# Tails: weekday, qualifier, range end
# --------------------------------------------------------------------------
def _tail(text: str, pos: int) -> tuple[int, str | None, bool]:
    """Read an optional weekday and qualifier at ``pos``: (new pos, weekday, qualified)."""
    wd = None
    qualified = False
    m = _WEEKDAY.match(text, pos)
    if m:
        wd, pos = m.group("wd"), m.end()
    m = _QUALIFIER.match(text, pos)
    if m:
        qualified, pos = True, m.end()
    if wd is None:
        m = _WEEKDAY.match(text, pos)
        if m:
            wd, pos = m.group("wd"), m.end()
    return pos, wd, qualified


def _end_point(text: str, pos: int, start: _Point) -> tuple[_Point, int] | None:
    """The end of a range written at ``pos`` (just after the tilde), and where it stops.

    A yearless end takes the start's year (the next one if it would precede
    the start); a bare number takes the start's unit: ``’18.7.~10.`` is months,
    ``6. 14. ~ 18.`` days.
    """
    m = _END_MD_ISO.match(text, pos)
    if m and start.precision == "day":
        end = _Point(start.year, int(m.group("M")), int(m.group("D")), "day")
        _roll(end, start)
        return end, m.end()
    m = _MASTER.match(text, pos)
    if m and m.lastgroup in _END_KINDS:
        _, end = _atom(m)
        if end.precision in ("half", "quarter") and end.end_month is not None:
            end = _Point(end.year, end.end_month, None, "month")
        if end.year is None:
            end.year = start.year
            _roll(end, start)
        return end, m.end()
    m = _END_YEAR.match(text, pos)
    if m:
        return _Point(int(m.group("Y"))), m.end()
    m = _END_NUM.match(text, pos)
    if m:
        n = int(m.group("N"))
        if start.precision == "day":
            end = _Point(start.year, start.month, n, "day")
            if n < (start.day or 0):
                month = (start.month or 1) + 1
                end = _Point(start.year, month, n, "day")
                if month > 12:
                    end = _Point((start.year or 0) + 1, 1, n, "day")
            return end, m.end()
        if start.precision == "month":
            end = _Point(start.year, n, None, "month")
            if n < (start.month or 0):
                end.year = (start.year or 0) + 1
            return end, m.end()
    return None


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------
def find_dates(text: str, year: int, warnings: list[str] | None = None,
               refused: list[tuple[str, str]] | None = None) -> list[DateMatch]:
    """All date expressions in text, left to right, non-overlapping.

    ``year`` is the year to use when the text gives none. Problems (impossible
    dates, weekdays that do not fit) are appended to ``warnings`` if given; a
    date the calendar refuses is also appended to ``refused`` as (the date as
    written, why).
    """
    found: list[DateMatch] = []
    prev: _Point | None = None       # the last date, for lists sharing its year
    prev_end = -1
    pos = 0
    while True:
        first = _ATOM_CHAR.search(text, pos)
        if first is None:
            break
        m = _MASTER.search(text, max(pos, first.start() - 1))
        if m is None:
            break
        kind, start = _atom(m)
        begin, pos = m.start(), m.end()
        pos, wd, approx = _tail(text, pos)

        guessed = start.year is None
        if guessed:
            in_list = (
                prev is not None
                and _LIST_GAP.fullmatch(text, prev_end, begin) is not None
            )
            start.year = (prev.year if in_list and prev else None) or year
            if in_list and prev is not None:
                _roll(start, prev)
        _check_weekday(start, wd, guessed, text[begin:pos], warnings)
        problem = _invalid(start)
        if problem:
            if not _looks_like_number(kind, start):
                _warn(warnings, f"not a date {m.group(0)!r}: {problem}")
                if refused is not None:
                    refused.append((m.group(0).strip(), problem))
            pos = m.end()
            continue

        end: _Point | None = None
        ongoing = False
        # A range ends after a tilde; a half or quarter may start one (2분기 ~ 3분기, 상반기 ~ 하반기).
        tilde = _TILDE.match(text, pos) if start.end_month is None or start.precision in ("half", "quarter") else None
        if tilde:
            end, pos, ongoing, approx = _range_tail(text, tilde, pos, begin, start, approx, warnings, refused)
        if end is None and not ongoing and start.end_month is not None:  # half or a month range in one atom
            end = _Point(start.year, start.end_month, None, "month")
            if start.precision in ("month", "quarter") and (end.month or 0) < (start.month or 0):
                end.year = (start.year or year) + 1      # 12 ~ 2월, 4 ~ 1분기: into the next year
        if kind == "y_bare" and end is None and not ongoing:
            pos = m.end()
            continue

        when = When(
            start=start.iso(),
            end=end.iso() if end is not None else None,
            precision=start.precision,  # type: ignore[arg-type]
            text=text[begin:pos],
        )
        found.append(DateMatch(when, (begin, pos), approx, ongoing))
        prev = end if end is not None else start
        prev_end = pos
    return found


def _looks_like_number(kind: str, p: _Point) -> bool:
    """True if a failed yearless/compact match is more likely a number than a date."""
    if kind in ("md", "md_compact"):
        return not (p.month is not None and p.month <= 12 and (p.day or 0) <= 31)
    return kind == "ymd_compact"


def _range_tail(
    text: str, tilde: re.Match[str], pos: int, begin: int, start: _Point,
    approx: bool, warnings: list[str] | None, refused: list[tuple[str, str]] | None = None,
) -> tuple[_Point | None, int, bool, bool]:
    """Read what follows a tilde: (end, new pos, ongoing, approximate)."""
    got = _end_point(text, tilde.end(), start)
    if got is not None:
        end, after = got
        after, end_wd, end_q = _tail(text, after)
        why = _invalid(end)
        if why:
            _warn(warnings, f"not a date {text[tilde.end():after]!r}: {why}")
            if refused is not None:
                refused.append((text[tilde.end():after].strip(), why))
            return None, pos, False, approx
        if end.iso() < start.iso()[: len(end.iso())]:
            _warn(warnings, f"range {text[begin:after]!r}: end before start")
            return None, pos, False, approx
        _check_weekday(end, end_wd, False, text[tilde.end():after], warnings)
        return end, after, False, approx or end_q
    if _DIGIT_NEXT.match(text, tilde.end()):
        return None, pos, False, approx      # a number we cannot read: not a range
    word = _ONGOING_WORD.match(text, tilde.end())
    if word:
        return None, word.end(), True, approx
    if start.precision == "year" and text[tilde.end():].strip():
        return None, pos, False, approx      # "2020 ~ something": too weak to call open
    return None, tilde.start() + len(tilde.group(0).rstrip()), True, approx


def parse_when(text: str, year: int, warnings: list[str] | None = None) -> When | None:
    """The first date expression of text, or None; a convenience over find_dates."""
    found = find_dates(text, year, warnings)
    return found[0].when if found else None


def calendar_errors(text: str, year: int) -> list[tuple[str, str]]:
    """The dates ``text`` writes that the calendar refuses, as (the date as written, why).

    ``2019. 2. 30.`` gives ``("2019. 2. 30.", "no day 30 in 2019-02")``; a number
    that only looks like a date (``3.45``) gives nothing.
    """
    refused: list[tuple[str, str]] = []
    find_dates(text, year, None, refused)
    return refused
