"""Money in the work reports: units, amounts in won and their shares by funding source.

Budget figures are written in a stated unit (``(단위: 천원)``) or with a unit
word (``총 92,320천원``); shares by source follow in brackets
(``512,863 (국 135,000, 시 60,000, 구비 317,863)``). Everything returned here
is an integer number of won. Shares that do not add up and figures OCR garbled
are reported in a note, never corrected or guessed.

The unit words, source spellings and marker words live in
``data/rules/money.toml``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..resources import RULES_DIR

MONEY_RULES = RULES_DIR / "money.toml"

#: A written integer: thousands-grouped (comma, or OCR dot) or plain digits.
_NUM = r"\d{1,3}(?:[,.]\d{3})+(?![\d])|\d+"

@dataclass(frozen=True)
class Share:
    """One funding source's part of a figure, as written on its line."""

    source: str  # national | city | district | private | other
    amount_krw: int | None  # None when only a percentage/"전액" was given and the total is unknown
    line: int  # 1-based line where this share is written
    text: str  # the share as written, e.g. "국 135,000"
    carried_over: bool = False  # 이월


@dataclass(frozen=True)
class Figure:
    """A budget (예산액/소요예산) or executed (집행액) amount with its shares."""

    basis: str  # "budget" | "executed"
    total_krw: int | None
    line: int  # line of the total
    shares: tuple[Share, ...]
    rate: float | None = None  # 집행률 % if given
    note: str | None = None


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, eq=False)
class MoneyRules:
    """The contents of ``money.toml``, ready for matching."""

    units: dict[str, int]
    spellings: tuple[tuple[str, str], ...]  # (spelling, source key), longest first
    source_of: dict[str, str]  # spelling -> source key
    labels: dict[str, str]
    labels_from_report: dict[str, str]  # source key -> what of the report gives its label (district, city …)
    whole_before: tuple[str, ...]
    whole_after: tuple[str, ...]
    carried_over: tuple[str, ...]
    header_words: tuple[str, ...]
    basis_words: tuple[str, ...]  # words naming a figure column (예산액, 집행액, ...)
    free_source_words: tuple[str, ...]
    share_re: re.Pattern[str]
    city_suffixes: tuple[str, ...] = ()  # 특별시, 광역시 …: how a report names its city
    executed_words: tuple[str, ...] = ()  # 집행액, 집행: a figure so labelled is what was spent


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _as_words(data: dict[str, Any], *path: str) -> list[str]:
    """A list of strings at ``path`` in the TOML data (empty if absent)."""
    node: Any = data
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    if not node:
        return []
    if not isinstance(node, list) or not all(isinstance(w, str) and w for w in node):
        raise GazetteerError(f"{MONEY_RULES.name}: {'.'.join(path)} must be a list of words")
    return list(node)


def load_rules(path: Path = MONEY_RULES) -> MoneyRules:
    """Read and check ``money.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GazetteerError(f"{path.name}: {exc}") from exc
    units = data.get("units")
    if not isinstance(units, dict) or not units or not all(
        isinstance(v, int) and v > 0 for v in units.values()
    ):
        raise GazetteerError(f"{path.name}: [units] must map unit words to positive integers")
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise GazetteerError(f"{path.name}: [sources] is missing")
    spellings: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for key, spec in sources.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            raise GazetteerError(f"{path.name}: sources.{key} needs a label")
        labels[key] = spec["label"]
        spellings.extend((s, key) for s in _as_words(data, "sources", key, "spellings"))
    spellings.sort(key=lambda p: len(p[0]), reverse=True)
    whole_before = tuple(_as_words(data, "whole", "before"))
    whole_after = tuple(_as_words(data, "whole", "after"))
    carried = tuple(_as_words(data, "carried_over", "words"))
    header = tuple(
        _as_words(data, "basis", "budget") + _as_words(data, "basis", "executed")
        + _as_words(data, "basis", "rate") + _as_words(data, "skip", "words")
    )
    unit_alt = _alternation(list(units))
    co = _alternation(carried) or r"(?!x)x"
    share_re = re.compile(
        rf"(?P<pre>(?:{_alternation(whole_before) or '(?!x)x'})\s*)?"
        rf"(?P<co1>(?:{co})\s*)?"
        rf"(?P<src>{_alternation([s for s, _ in spellings])})\s*"
        rf"(?P<co2>(?:{co})\s*)?"
        rf"(?:(?P<pct>\d+(?:\.\d+)?)\s*%|(?P<num>△?{_NUM})\s*(?P<unit>{unit_alt})?)?"
        rf"(?P<post>\s*(?:{_alternation(whole_after) or '(?!x)x'}))?"
    )
    return MoneyRules(
        units=dict(units), spellings=tuple(spellings), source_of=dict(spellings),
        labels=labels, labels_from_report={
            k: str(spec["label_from_report"]) for k, spec in sources.items() if spec.get("label_from_report")},
        whole_before=whole_before, whole_after=whole_after, carried_over=carried,
        header_words=header,
        basis_words=tuple(
            _as_words(data, "basis", "budget") + _as_words(data, "basis", "executed")),
        free_source_words=tuple(_as_words(data, "free_text", "source_words")),
        share_re=share_re,
        city_suffixes=tuple(_as_words(data, "city", "suffixes")),
        executed_words=tuple(_as_words(data, "basis", "executed")),
    )


@lru_cache(maxsize=1)
def rules() -> MoneyRules:
    """The project's money rules (read once)."""
    return load_rules()


def funder_label(source: str, district: str | None = None, city: str | None = None) -> str:
    """The Korean label of the funder entity for a source key.

    ``district`` (the district the report is from) and ``city`` (the metropolitan
    government it names) override the default label of sources marked
    ``label_from_report`` in the rules: 구비 is the report's own district, 시비 its
    city, 교육청 its city's office of education.
    """
    r = rules()
    kind = r.labels_from_report.get(source)
    if kind == "district" and district:
        return district
    if kind == "city" and city:
        return city
    if kind == "city_education" and city:
        return city + "교육청"
    return r.labels.get(source, source)


def source_key(spelling: str) -> str | None:
    """The source key for a spelling (``"구비"`` -> ``"district"``), or None."""
    return rules().source_of.get(spelling.strip())


# --------------------------------------------------------------------------- numbers


_UNIT_DECL = re.compile(r"단\s*위\s*[:：]?\s*(?P<unit>[가-힣]+)")


def unit_of(text: str) -> int | None:
    """The unit a ``(단위: 천원)`` declaration states, as a multiplier to won."""
    m = _UNIT_DECL.search(text)
    if not m:
        return None
    word = m.group("unit")
    units = rules().units
    for w in sorted(units, key=len, reverse=True):
        if word.startswith(w):
            return units[w]
    return None


_THOUSANDS = re.compile(r"\d{1,3}(?:[,.]\d{3})+")


def parse_number(text: str) -> int | None:
    """An integer as written: ``"1,803,897"`` -> 1803897, OCR ``"43.000"`` -> 43000.

    A dot is read as a thousands separator only when groups of exactly three
    digits follow; ``"13.3"`` is not an integer and gives None. ``△`` is minus.
    """
    s = text.strip()
    sign = 1
    if s[:1] in ("△", "▲"):
        sign, s = -1, s[1:].strip()
    if s.isdigit() and s.isascii():
        return sign * int(s)
    if _THOUSANDS.fullmatch(s):
        return sign * int(s.replace(",", "").replace(".", ""))
    return None


def _fmt(n: int) -> str:
    return f"{n:,}"


# --------------------------------------------------------------------------- shares


@dataclass
class _Bracket:
    """A bracket's content as (line, text) pieces; may span lines."""

    pieces: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.pieces[0][0] if self.pieces else 0

    def text(self) -> str:
        return "\n".join(t for _, t in self.pieces)

    def line_at(self, offset: int) -> int:
        pos = 0
        for line, t in self.pieces:
            pos += len(t) + 1
            if offset < pos:
                return line
        return self.pieces[-1][0] if self.pieces else 0


_SEPARATORS = re.compile(r"[\s,，、·ㆍ/+]*")
_SPACES = re.compile(r"\s+")


def _parse_shares(
    bracket: _Bracket, unit: int, total: int | None
) -> tuple[Share, ...] | None:
    """The shares in a bracket, or None if the bracket is not a shares bracket."""
    r = rules()
    content = bracket.text()
    pos = 0
    found: list[tuple[re.Match[str], int]] = []
    while True:
        sep = _SEPARATORS.match(content, pos)
        pos = sep.end() if sep else pos
        if pos >= len(content):
            break
        m = r.share_re.match(content, pos)
        if not m or m.end() == pos:
            return None
        found.append((m, bracket.line_at(m.start())))
        pos = m.end()
    if not found:
        return None
    single = len(found) == 1
    shares: list[Share] = []
    for m, line in found:
        key = r.source_of[m.group("src")]
        amount: int | None
        if m.group("num"):
            value = parse_number(m.group("num"))
            mult = r.units[m.group("unit")] if m.group("unit") else unit
            amount = value * mult if value is not None else None
        elif m.group("pct"):
            pct = float(m.group("pct"))
            amount = round(total * pct / 100) if total is not None else None
        elif single or m.group("pre") or m.group("post"):
            amount = total  # "(구비)", "(전액 시비)": the whole amount
        else:
            amount = None
        text = _SPACES.sub(" ", m.group(0)).strip()
        shares.append(Share(
            source=key, amount_krw=amount, line=line, text=text,
            carried_over=bool(m.group("co1") or m.group("co2")),
        ))
    return tuple(shares)


def check_shares(fig: Figure) -> str | None:
    """A note when the shares' sum differs from the total; None when it adds up or can't be told."""
    if fig.total_krw is None or not fig.shares:
        return None
    amounts = [s.amount_krw for s in fig.shares]
    if any(a is None for a in amounts):
        return None
    total = sum(a for a in amounts if a is not None)
    if total == fig.total_krw:
        return None
    return f"shares {_fmt(total)} do not add up to total {_fmt(fig.total_krw)}"


def _join_notes(*notes: str | None) -> str | None:
    parts = [n for n in notes if n]
    return "; ".join(dict.fromkeys(parts)) if parts else None


def _finish(fig: Figure) -> Figure:
    """The figure with the shares check added to its note."""
    note = _join_notes(fig.note, check_shares(fig))
    return Figure(fig.basis, fig.total_krw, fig.line, fig.shares, fig.rate, note)


# --------------------------------------------------------------------------- one amount


def _amount_re() -> re.Pattern[str]:
    return _amount_re_cached(rules())


@lru_cache(maxsize=4)
def _amount_re_cached(r: MoneyRules) -> re.Pattern[str]:
    unit_alt = _alternation(list(r.units))
    return re.compile(
        rf"^[^\d(]*?(?:총\s*)?(?<![A-Za-z0-9])(?P<num>△?{_NUM})(?![\d.,]*\d)"
        rf"\s*(?P<unit>{unit_alt})?\s*(?:\((?P<br>[^)]*)\))?(?P<rest>.*)$",
        re.S,
    )


@lru_cache(maxsize=4)
def _compound_re(r: MoneyRules) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d,.])(?P<a>\d+)\s*억\s*(?P<b>{_NUM})\s*(?P<u>{_alternation(list(r.units))})")


def in_won(text: str) -> str:
    """``text`` with each amount written in two units (``1억 5천만원``, ``2억 3,000만원``) as one
    figure in won (``150,000,000원``), which the readers below take like any other."""
    if "억" not in text:
        return text
    r = rules()

    def one(m: re.Match[str]) -> str:
        b = parse_number(m.group("b"))
        if b is None:
            return m.group(0)
        return f"{int(m.group('a')) * 100_000_000 + b * r.units[m.group('u')]:,}원"

    return _compound_re(r).sub(one, text)


def parse_amount(
    text: str, unit: int, line: int = 0, basis: str = "budget"
) -> Figure | None:
    """One amount with optional shares in brackets, e.g. ``"115,900 (시 20,000 구비 95,900)"``.

    A unit word in the text (``천원``) overrides ``unit``. A bracket naming a
    single source without a number gives that source the whole total. Returns
    None when the text holds no amount.
    """
    m = _amount_re().match(in_won(text).strip())
    if not m:
        return None
    if not m.group("unit") and m.group("br") is None and m.group("rest").strip():
        return None  # "KF80 5,000개", "13.3": a number, but not an amount expression
    value = parse_number(m.group("num"))
    if value is None:
        return None
    mult = rules().units[m.group("unit")] if m.group("unit") else unit
    total = value * mult
    shares: tuple[Share, ...] = ()
    if m.group("br") is not None:
        parsed = _parse_shares(_Bracket([(line, m.group("br"))]), mult, total)
        shares = parsed or ()
    return _finish(Figure(basis=basis, total_krw=total, line=line, shares=shares))


# --------------------------------------------------------------------------- budget blocks


_TOKEN = re.compile(r"\((?P<br>[^)]*)(?P<close>\))?|(?P<word>[^\s(]+)")
_RATE = re.compile(r"(?P<v>\d+(?:\.\d+)?)\s*%|(?P<d>\d+\.\d{1,2})")
_DASHES = {"-", "–", "—", "－", "―"}
_HANGUL = re.compile(r"[가-힣]")
_NON_HANGUL = re.compile(r"[^가-힣]")
_RATE_WORDS = ("집행률", "집행율")
_TOTAL_WORD = re.compile(r"^총\s*")
_MAX_BRACKET_LINES = 4  # a bracket still open after this many lines is taken as closed


@dataclass
class _Draft:
    """A figure being assembled from block cells."""

    basis: str
    total: int | None
    line: int
    unit: int
    shares: tuple[Share, ...] | None = None
    notes: list[str] = field(default_factory=list)

    def freeze(self, rate: float | None) -> Figure:
        return _finish(Figure(
            basis=self.basis, total_krw=self.total, line=self.line,
            shares=self.shares or (), rate=rate, note=_join_notes(*self.notes),
        ))


@lru_cache(maxsize=4)
def _header_words(r: MoneyRules) -> tuple[str, ...]:
    """The column heading words, longest first."""
    return tuple(sorted(r.header_words, key=len, reverse=True))


def _is_header_text(words: list[str]) -> bool:
    """True if the Hangul words of a line are only column headings and unit words."""
    rest = "".join(_NON_HANGUL.sub("", w) for w in words)
    for h in _header_words(rules()):
        rest = rest.replace(h, "")
    return not rest.strip()


_LEAD = re.compile(r"^(?:[-*#>]+\s+(?=\D)|[□■○◦▶※#*\s])+")


def _names_basis(words: list[str]) -> bool:
    """True if the Hangul words name a figure column (예산액, 집행액, 소요예산, ...)."""
    joined = "".join(_NON_HANGUL.sub("", w) for w in words)
    return any(b in joined for b in rules().basis_words)


def _line_basis(words: list[str]) -> str | None:
    """``"executed"`` if the first of ``words`` names the executed figure (집행액), ``"budget"`` if it
    names the budget (예산액), else None (a rate, 집행률, names neither; the figure's place says)."""
    if not words:
        return None
    first = _NON_HANGUL.sub("", words[0])
    if first.startswith(_RATE_WORDS):
        return None
    if first.startswith(rules().executed_words):
        return "executed"
    return "budget" if first.startswith(rules().basis_words) else None


def _labels_figure(tokens: list[re.Match[str]]) -> bool:
    """True if a line's words label the figure that follows them on the line (``예산액 1,560,000``)."""
    return any(t.group("word") and _number_cell(t.group("word")) for t in tokens)


def _number_cell(word: str) -> tuple[str, Any] | None:
    """Classify a cell word: ("amount", (value, unit|None)), ("rate", float), or None."""
    r = rules()
    w = word.strip(":：,;")
    w = _TOTAL_WORD.sub("", w)
    rm = _RATE.fullmatch(w)
    if rm:
        return ("rate", float(rm.group("v") or rm.group("d")))
    m = _cell_re(r).fullmatch(w)
    if m:
        value = parse_number(m.group("num"))
        if value is not None:
            return ("amount", (value, r.units[m.group("unit")] if m.group("unit") else None))
    return None


@lru_cache(maxsize=4)
def _cell_re(r: MoneyRules) -> re.Pattern[str]:
    """A number cell: a written number and an optional unit word."""
    return re.compile(rf"(?P<num>△?[\d,.]+?)(?P<unit>{_alternation(list(r.units))})?")


def parse_budget_block(lines: list[tuple[int, str]], unit: int) -> list[Figure]:
    """The budget and executed figures of a 예산현황 / 소요예산 block.

    ``lines`` are the block's (line_no, text) after its heading. Cells may sit
    on one line or be spread over several; a bracket may break across lines;
    a rate may be glued to a bracket. Returns ``[budget, executed]`` (executed
    only when present). ``-`` for executed is 0. Garbled cells are noted,
    never guessed. Reading stops at the first prose line after a figure.
    """
    reader = _BlockFigures(unit)
    for line_no, raw in lines:
        text = reader.continue_bracket(line_no, in_won(raw.strip()))
        if text is None:
            continue
        if not text:
            continue
        if not reader.read_line(line_no, _LEAD.sub("", text)):
            break
    return reader.figures()


class _BlockFigures:
    """The state of :func:`parse_budget_block`: the figures drafted so far, an open bracket, the rate,
    notes waiting for a figure, and what the previous token was (``amount``, ``bracket``, ``other``)."""

    def __init__(self, unit: int) -> None:
        self.unit = unit
        self.drafts: list[_Draft] = []
        self.rate: float | None = None
        self.open_br: _Bracket | None = None
        self.pending_notes: list[str] = []
        self.prev_kind = ""
        self.garble: list[str] = []

    def continue_bracket(self, line_no: int, text: str) -> str | None:
        """Feed a line to a bracket left open on an earlier line: None if the line went into it, else
        what of the line is left after the bracket closes (or is taken as closed)."""
        br = self.open_br
        if br is None:
            return text
        close = text.find(")")
        reopened = "(" in (text if close < 0 else text[:close])
        if reopened:
            close = -1  # a new bracket starts: the open one was never closed
        if close < 0 and not reopened and len(br.pieces) < _MAX_BRACKET_LINES:
            if text:
                br.pieces.append((line_no, text))
            return None
        if close >= 0:
            br.pieces.append((line_no, text[:close]))
            text = text[close + 1:]
        self.attach(br)  # closed, or never closed: take what it holds
        self.open_br = None
        return text

    def attach(self, br: _Bracket) -> None:
        """A bracket: a unit note, or the shares of the figure it follows (or of the first without)."""
        content = br.text()
        declared = unit_of(content)
        if declared is not None:
            self.unit = declared
            self.prev_kind = "other"
            return
        drafts = self.drafts
        if self.prev_kind == "amount" and drafts and drafts[-1].shares is None and drafts[-1].line == br.line:
            target: _Draft | None = drafts[-1]  # the bracket follows its amount on the same line
        else:
            target = next((d for d in drafts if d.shares is None), None)
        if target is None:
            if _parse_shares(br, self.unit, None) is not None:
                self.pending_notes.append(f"shares {content!r} on line {br.line} belong to no figure")
            self.prev_kind = "bracket"
            return
        parsed = _parse_shares(br, target.unit, target.total)
        if parsed is not None:
            target.shares = parsed
            self.prev_kind = "bracket"
        else:
            self.prev_kind = "other"

    def read_line(self, line_no: int, text: str) -> bool:
        """Read one line's tokens; False when the block's figures have ended (prose, the next table)."""
        tokens = list(_TOKEN.finditer(text))
        words = [t.group("word") for t in tokens if t.group("word")]
        hangul_words = [w for w in words if _HANGUL.search(w) and _number_cell(w) is None]
        if not _is_header_text(hangul_words):
            return not self.drafts  # prose or a heading before the figures is skipped
        if self.drafts and _names_basis(hangul_words) and not _labels_figure(tokens):
            return False  # the column headings of the next table
        label: str | None = None  # "집행액 1,092,400 (…)": a word before a figure says which it is
        for tok in tokens:
            label = self.read_token(line_no, tok, label)
        self.flush_garble(line_no)
        return True

    def read_token(self, line_no: int, tok: re.Match[str], label: str | None) -> str | None:
        """One token: a bracket, a dash, a figure, a rate or a garbled cell; returns the line's label
        left for its next figure."""
        if tok.group("word") is None:
            self.flush_garble(line_no)
            br = _Bracket([(line_no, tok.group("br"))])
            if tok.group("close"):
                self.attach(br)
            else:
                self.open_br = br
            return label
        word = tok.group("word")
        if word in _DASHES:
            self.flush_garble(line_no)
            if len(self.drafts) == 1:
                self.drafts.append(_Draft("executed", 0, line_no, self.unit, shares=()))
                self.prev_kind = "amount"
            return label
        cell = _number_cell(word)
        if cell is None:
            if re.search(r"[A-Za-z0-9]", word) and not _HANGUL.search(word):
                self.garble.append(word)
                self.prev_kind = "other"
            return _line_basis([word]) or label if _HANGUL.search(word) else label
        self.flush_garble(line_no)
        return self.read_cell(line_no, word, cell, label)

    def read_cell(self, line_no: int, word: str, cell: tuple[str, Any], label: str | None) -> str | None:
        """A figure (the budget, then the executed amount), or the rate."""
        kind, value = cell
        drafts = self.drafts
        if kind == "amount" and len(drafts) < 2:
            number, explicit = value
            mult = explicit or self.unit
            basis = label or ("budget" if not drafts else "executed")
            drafts.append(_Draft(basis, number * mult, line_no, mult))
            drafts[-1].notes.extend(self.pending_notes)
            self.pending_notes.clear()
            self.prev_kind = "amount"
            return None
        if kind == "amount" and value[0] <= 1000 and value[1] is None and self.rate is None:
            self.rate = float(value[0])
        elif kind == "rate" and self.rate is None:
            self.rate = value
        elif kind == "amount":
            drafts[-1].notes.append(f"extra figure {word!r} on line {line_no} ignored")
        self.prev_kind = "other"
        return label

    def flush_garble(self, line_no: int) -> None:
        """Note the garbled cells read since the last figure; a garbled total keeps its figure's place."""
        if not self.garble:
            return
        text = " ".join(self.garble)
        self.garble.clear()
        drafts = self.drafts
        if len(drafts) < 2 and re.search(r"\d", text):
            # a garbled total: keep its place (so the next figure keeps its basis)
            basis = "budget" if not drafts else "executed"
            drafts.append(_Draft(basis, None, line_no, self.unit))
            drafts[-1].notes.extend(self.pending_notes)
            self.pending_notes.clear()
            self.prev_kind = "amount"
        (drafts[-1].notes if drafts else self.pending_notes).append(f"unreadable figure {text!r}")

    def figures(self) -> list[Figure]:
        """The figures drafted, the rate on the last; a bracket still open is taken as closed."""
        if self.open_br is not None:
            self.attach(self.open_br)
        out: list[Figure] = []
        for i, d in enumerate(self.drafts):
            is_last = i == len(self.drafts) - 1
            if self.pending_notes and is_last:
                d.notes.extend(self.pending_notes)
            out.append(d.freeze(self.rate if is_last else None))
        return out


# --------------------------------------------------------------------------- free text and tables


_PARTICLES = ("상당", "정도", "규모", "내외", "가량", "까지", "부터", "으로", "을", "이",
              "의", "에", "씩", "과", "와", "은", "는", "로", "만큼")


@lru_cache(maxsize=4)
def _free_re(r: MoneyRules) -> re.Pattern[str]:
    unit_alt = _alternation(list(r.units))
    eok = r"억\s*(?P<b>" + _NUM + rf")\s*(?P<bu>{unit_alt})"
    long_src = _alternation(r.free_source_words) or r"(?!x)x"
    return re.compile(
        rf"(?<![A-Za-z0-9.,])(?P<a>{_NUM})(?:{eok}|(?P<sp>\s?)(?P<unit>{unit_alt}))"
        rf"|(?P<src>{long_src}) ?(?P<n>{_NUM})(?![\d.,]*\d|\s*%|[가-힣A-Za-z])"
    )


def amounts_in(text: str, unit: int) -> list[tuple[int, str]]:
    """Money mentions in free text, in won, with their written form.

    A number counts when a won unit word follows (``7,500천원``, ``10억원``,
    ``1억 5,000만원``) or when it follows a source word in the current unit
    (``구비 92,320``). Other currencies (``100,000엔``) and counts are not money.
    """
    r = rules()
    found: list[tuple[int, str]] = []
    for m in _free_re(r).finditer(text):
        if m.group("src"):
            value = parse_number(m.group("n"))
            if value is not None:
                found.append((value * unit, m.group(0)))
            continue
        a = parse_number(m.group("a"))
        if a is None:
            continue
        if m.group("b") is not None:
            b = parse_number(m.group("b"))
            if b is None:
                continue
            found.append((a * 100_000_000 + b * r.units[m.group("bu")], m.group(0)))
            continue
        word = m.group("unit")
        after = text[m.end():]
        loose = bool(m.group("sp")) or word == "원"
        if loose and _HANGUL.match(after) and not after.startswith(_PARTICLES):
            continue  # "2019 원격", "3원칙": not a unit
        found.append((a * r.units[word], m.group(0)))
    return found


_CELL = re.compile(r"[△▲]?\d[\d,.]*%?|[-–—－]")


def _is_cell(token: str) -> bool:
    return bool(_CELL.fullmatch(token)) and not token.endswith(".")


def parse_table_row(text: str) -> tuple[str, list[str]]:
    """Split a 예산 현황 row into its name and its numeric cells (as written).

    ``"대외교류 활성화 1,803,897 242,249 328,130 13.4"`` ->
    ``("대외교류 활성화", ["1,803,897", "242,249", "328,130", "13.4"])``. A name
    wrapped over several lines (given joined by newlines) is rejoined; with
    tabs, the tab-separated fields are the cells.
    """
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    if not parts:
        return "", []
    joined = parts[0]
    for p in parts[1:]:
        joined += p if p.startswith("(") else " " + p
    if "\t" in joined:
        fields = []
        for f in (f.strip() for f in joined.split("\t")):
            if not f:
                continue
            parts = f.split()
            # a tab field of several numbers ("1,000 2,000") is several cells
            fields.extend(parts if all(_is_cell(x) for x in parts) else [f])
    else:
        fields = joined.split()
    i = len(fields)
    while i > 0 and _is_cell(fields[i - 1]):
        i -= 1
    return " ".join(fields[:i]), fields[i:]


# --------------------------------------------------------------------------- tables of sources


_YEAR_LABEL = re.compile(r"(20\d{2})")
_TOTAL_LABELS = ("계", "합계", "총계", "소계")


@dataclass(frozen=True)
class TableFigure:
    """A figure read from a table row: whose it is (the row's program, or None for the table's), its
    fiscal year if the row says it, and the figure."""

    program: str | None
    year: int | None
    figure: Figure


def _label_basis(label: str) -> str | None:
    """``"executed"``/``"budget"`` if a row or column label names a figure (집행액, 2018 예산 …)."""
    d = _NON_HANGUL.sub("", label)
    if not d:
        return None
    if d.startswith(rules().executed_words) or d.endswith(rules().executed_words):
        return "executed"
    words = tuple(w for w in rules().basis_words if w not in rules().executed_words)
    return "budget" if d.startswith(words) or d.endswith(words) else None


def source_columns(header: list[str]) -> dict[int, str] | None:
    """The columns of a table head that name funding sources (``구분 | 계 | 국비 | 시비 | 구비``):
    index → source key, with ``"total"`` for 계; None unless two sources or a source and 계 are named."""
    cols: dict[int, str] = {}
    for i, c in enumerate(header):
        d = "".join(c.split())
        key = source_key(d) if len(d) >= 2 else None  # one letter (시, 구) is too loose for a heading
        if key is not None:
            cols[i] = key
        elif d in _TOTAL_LABELS:
            cols[i] = "total"
    sources = [k for k in cols.values() if k != "total"]
    return cols if len(sources) >= 2 or (sources and "total" in cols.values()) else None


def read_source_table(header: list[str], rows: list[tuple[int, list[str]]], unit: int) -> list[TableFigure]:
    """Figures of a table whose columns are funding sources: a row labelled 예산액/집행액 (or
    ``2018 예산``) is that figure of the table's program; a row labelled with a name is that program's
    budget; the 계 row is the table's total and gives no program figure."""
    cols = source_columns(header)
    if cols is None:
        return []
    out: list[TableFigure] = []
    for n, cells in rows:
        label = cells[0] if cells else ""
        if "".join(label.split()) in _TOTAL_LABELS:
            continue
        basis = _label_basis(label)
        year = _YEAR_LABEL.search(label)
        total: int | None = None
        shares: list[Share] = []
        for i, key in cols.items():
            if i >= len(cells):
                continue
            value = parse_number(cells[i].replace("△", "")) if cells[i] not in _DASHES else None
            if value is None:
                continue
            if key == "total":
                total = value * unit
            else:
                shares.append(Share(source=key, amount_krw=value * unit, line=n, text=f"{header[i]} {cells[i]}"))
        if total is None and not shares:
            continue
        program = None if basis is not None else label.strip() or None
        fig = _finish(Figure(basis=basis or "budget", total_krw=total, line=n, shares=tuple(shares)))
        out.append(TableFigure(program, int(year.group(1)) if year else None, fig))
    return out
