"""The parser's line tests: the rules of ``data/rules/structure.toml`` compiled once, and what a
line is (a bullet and its content, a heading with its team, a unit note, a contents line).

Speed: every line is despaced once (:func:`graph.read.textnorm.despace`) and that key is handed to
the tests; the rules tables are compiled once into tuples and sets (:func:`_tables`); patterns are
precompiled, and the costlier ones sit behind a cheap character test that any match needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import rules
from ..read.textnorm import clean, despace

# --------------------------------------------------------------------------- rules

_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_PART_HEAD = re.compile(rf"^\s*#*\s*(?:[{_ROMAN}]+|I{{1,3}}|IV|V|\d)\s*[.．]?\s*\S")
_TOC_LEADER = re.compile(r"(?:[·…]{3,}|\.{3,}|(?:•\s*){3,}|\t\.\.\.\t|-{4,})[\s·•.]*\d[\d ]*\s*$")
_TOC_ROW = re.compile(r"^\s*\d{1,2}\t.*\t[\d ]+$")
_TOC_NUMBER = re.compile(r"^\s*[-#]?\s*[①②③④⑤⑥⑦⑧⑨⑩]?\s*(?:\d{1,2}\s*[\t ]\s*)?")
_TOC_PAGE = re.compile(r"[\t ]*(?:[·…•.\-]|\s)*[\d ]*\s*$")
_TOC_ROMAN = re.compile(r"^[IVⅠⅡⅢⅣ]+\s*\.\s*")
_NUM_HEAD = re.compile(r"^\s*#*\s*(?:\((\d{1,2})\)\s+|(\d{1,2})\s*(?:[.)]\s+)?)[┃|▕]?\s*(?P<body>\S.*)$")
_GLYPH_HEAD = re.compile(r"^\s*#*\s*[▋┃▌■]\s*(\S.*)$")
_GENERAL_HEAD = re.compile(r"^\s*#*\s*(?:\(\d\)|\d\s*[.)]?)\s+(.+)$")
_PURPOSE_END = re.compile(r"(?:고자\s*함|기하고자\s*함|위함|수행)\s*\.?\s*$")
_NUMERIC_ROW = re.compile(r"^[\s\d,.%△()\-~/:]+$")
_UNIT = re.compile(r"\(\s*단위\s*[:：]\s*([^),]+)")
_UNIT_NOTE = re.compile(r"\(\s*단위\s*[:：][^)]*\)")
_UNIT_MULT = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}
_FILLER = re.compile(r"[-=_·.]{3,}")
_CAPTION = re.compile(r"<[^<>]*>|\([^()]*기준\)")
_YEAR = re.compile(r"(20\d{2})\s*년")
_TRAILING_DIGIT = re.compile(r"\d\s*$")
_HEADING_MARKS = re.compile(r"^[#\s]*")
_MD_HEADING = re.compile(r"^#+\s*")
_DIGIT = re.compile(r"\d")
_TEAMS = re.compile(r"[가-힣A-Za-z0-9·]+?(?:팀|추진단)")
_TEAM_IN_BRACKETS = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_ORG_DIVISION = re.compile(r"^([가-힣]+(?:과|담당관|실|국))(?![가-힣])-?\(?")
_ORG_TEAM_COUNT = re.compile(r"-?\(\d+\)개팀")
_BUDGET_HEADER = re.compile(r"^(단위사업명|세부사업명|사업명|근귀자답당|집행액|집행|\(\d|\d+\.\d+\.기준|예산액)")
_AMOUNT = re.compile(r"\d{2},\d{3}")
_SESSION = re.compile(r"^제\d+회")
_TITLE = re.compile(r"20\d{2}년.*(보고|계획)")
_PAGE_NUMBER = re.compile(r"\d{1,3}\.?")
_PLEDGE_RESULTS = re.compile(r"^[IⅠ]\s*추진실적$")
_HOSPITAL = re.compile(r"병원|의원")
_CHIEF = re.compile(r"과장|팀장")
_PLAIN_NUMBERS = re.compile(r"^[\d,\-\s.%]+$")
_ROWS_HEAD = re.compile(r"^\s*구\s*분")
_GROUP_STOP = re.compile(r"[\d():：,「」<>]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_HEAD_START = frozenset("#IV▋┃▌■" + _ROMAN)  # besides digits, what a part/section/program heading starts with
_NOT_BULLET = (None, "square", "heading")


@lru_cache(maxsize=1)
def _rules() -> dict:
    return rules.load("structure")


@lru_cache(maxsize=1)
def _flat_headers() -> frozenset[str]:
    """The column headings of ``structure.toml`` [flat_tables]."""
    return frozenset(_rules()["flat_tables"]["headers"])


@dataclass(frozen=True)
class _Tables:
    """``structure.toml`` compiled for the line tests: tuples, sets and pre-sorted word lists."""

    parts: tuple[tuple[tuple[str, ...], dict], ...]  # (words, rule), first match wins
    general: tuple[tuple[str, str], ...]  # (word, section)
    block_start: re.Pattern[str]  # the block words, longest first: the longest that starts a title
    block_rules: dict[str, dict]  # block word -> its first rule in table order
    pledge_sections: frozenset[str]
    glyphs: dict[str, str]
    spaced_glyphs: dict[str, str]  # letters that are a bullet only before a space
    team_suffix: tuple[str, ...]
    division_suffix: tuple[str, ...]
    noise: frozenset[str]
    toc_titles: tuple[str, ...]
    squares: str  # the glyphs of the square family (□ ■ ▣): block headings
    has_square: re.Pattern[str]  # one of them anywhere: the first test for a block heading
    block_head: re.Pattern[str]  # a block heading line: a square glyph, then its title


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Compile the rules once (the meaning stays in the TOML: see its comments)."""
    r = _rules()
    parts = tuple((tuple(p["match"]) if isinstance(p["match"], list) else (p["match"],), p) for p in r["part"])
    block_rules: dict[str, dict] = {}
    for rule in r["block"]:
        for w in rule["match"]:
            block_rules.setdefault(w, rule)
    words = sorted(block_rules, key=len, reverse=True)  # stable: table order among equal lengths
    block_start = re.compile("|".join(map(re.escape, words)) or "(?!)")
    glyphs: dict[str, str] = {}
    for family, chars in r["bullets"].items():
        for ch in chars:
            glyphs.setdefault(ch, family)
    spaced = {ch: family for family, chars in r.get("spaced_bullets", {}).items() for ch in chars}
    units = r["units"]
    squares = "".join(r["bullets"]["square"])
    block_head = re.compile(rf"^\s*(?:#+\s*)?(?:-\s*)?[{re.escape(squares)}]\s*(.*)$")
    return _Tables(parts=parts, general=tuple(r["general"].items()), block_start=block_start,
                   block_rules=block_rules, pledge_sections=frozenset(r["pledge"]["sections"]),
                   glyphs=glyphs, spaced_glyphs=spaced, team_suffix=tuple(units["team_suffix"]),
                   division_suffix=tuple(units["division_suffix"]), noise=frozenset(units["noise"]),
                   toc_titles=tuple(units["toc_titles"]), squares=squares,
                   has_square=re.compile(f"[{re.escape(squares)}]"), block_head=block_head)


def unit_of(text: str) -> int | None:
    """The money unit a ``(단위: 천원)`` note gives, in won."""
    if "단위" not in text:
        return None
    m = _UNIT.search(text)
    if not m:
        return None
    return _UNIT_MULT.get(despace(m.group(1)).replace("%", ""))


def may_head(text: str) -> bool:
    """False if ``text`` cannot be a part, section or program heading (by its first visible character)."""
    t = text.lstrip()
    first = t[:1]
    return first in _HEAD_START or first.isdecimal() or first == "(" and t[1:2].isdecimal()


def has_toc_leader(text: str) -> bool:
    """True if ``text`` ends with dot leaders and a page number (any match ends in a digit).

    Before the pattern is searched, the character before the closing number must be one a
    leader can end with (most lines that end in a digit end in an amount or a date instead).
    """
    t = text.rstrip()
    if not t[-1:].isdecimal():
        return False
    last = t.rstrip("0123456789 ")[-1:]
    if last and last not in "·…•.-" and not last.isspace() and not last.isdecimal():
        return False
    return _TOC_LEADER.search(text) is not None


def split_bullet(line: str) -> tuple[int, str | None, str]:
    """(indent, glyph family or None, content) of a line.

    A markdown list mark before another glyph (``- · 내용``, ``- ① 내용``)
    yields the inner glyph, one step deeper.
    """
    raw = line.replace("\t", "  ")
    stripped = raw.lstrip(" ")
    indent = len(raw) - len(stripped)
    if stripped[:1] == "#":
        stripped = _MD_HEADING.sub("", stripped)
    t = _tables()
    glyphs = t.glyphs
    family: str | None = None
    while stripped:
        ch = stripped[0]
        fam = "number" if ch in _CIRCLED else glyphs.get(ch)
        if fam is None and ch in t.spaced_glyphs and stripped[1:2] == " ":
            fam = t.spaced_glyphs[ch]
        if fam in _NOT_BULLET:
            break
        if fam == "dash" and len(stripped) > 1 and stripped[1].isdigit():
            break  # a negative number or a range, not a bullet
        if fam == "note" and ch == "*" and stripped.startswith("**"):
            break  # markdown bold
        if family is not None:
            indent += 1
        family = fam
        stripped = stripped[1:].lstrip(" ")
        if not stripped or glyphs.get(stripped[0]) in _NOT_BULLET and stripped[0] not in _CIRCLED:
            break
    content = stripped.replace("**", "").strip()
    return indent, family, content


def _part_rule(d: str) -> dict | None:
    """The first part rule one of whose words occurs in the despaced heading ``d``."""
    for words, rule in _tables().parts:
        for w in words:
            if w in d:
                return rule
    return None


def _block_rule(title: str) -> dict | None:
    """The block rule whose word starts ``title`` (the longest word wins; ties by table order)."""
    t = _tables()
    m = t.block_start.match(despace(title).split(":")[0].split("(")[0].strip("·"))
    return t.block_rules[m.group()] if m else None


def _team_of(token: str) -> bool:
    t = token.strip()
    return 2 <= len(t) <= 14 and t.endswith(_tables().team_suffix) and not t.startswith(("-", "("))


def _division_of(token: str) -> bool:
    t = despace(token)
    return 2 <= len(t) <= 10 and t.endswith(_tables().division_suffix)


def split_team(name: str) -> tuple[str, str | None]:
    """Split a program heading into (program name, team) when it ends with a team, bare or in
    brackets (``노원 탈축제 브랜드화 (축제팀)``)."""
    m = _TEAM_IN_BRACKETS.match(name)
    if m and _team_of(m.group(2)):
        return clean(m.group(1)), m.group(2).strip()
    parts = name.rsplit(" ", 1)
    if len(parts) == 2 and _team_of(parts[1]) and len(parts[0]) >= 2:
        return clean(parts[0]), parts[1].strip()
    return clean(name), None


def split_teams(text: str) -> list[str]:
    """Team names in a 조직 row: ``"기 획 팀 미 래 비 전 팀"`` → ``["기획팀", "미래비전팀"]``."""
    found = _TEAMS.findall(despace(text))
    return [t for t in found if len(t) >= 2]
