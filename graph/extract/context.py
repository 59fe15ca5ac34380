"""What every extraction rule needs to know about the report it reads."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..parse import money
from ..parse.dates import find_dates
from ..parse.document import Program, Report
from ..model.statements import Citation, Claim, Mention, When
from ..read.textnorm import clean
from .mentions import classify, is_self

_ZONE_NAME = re.compile(r"([가-힣A-Za-z ]*?(?:특구|진흥지구))")


@lru_cache(maxsize=1 << 14)
def _dates(text: str, year: int) -> tuple[tuple[When, ...], tuple[str, ...]]:
    """The dates in ``text`` (a yearless one in ``year``) and the warnings finding them gave."""
    warnings: list[str] = []
    found = find_dates(text, year, warnings)
    return tuple(d.when for d in found), tuple(warnings)


@dataclass
class Context:
    """The report, its district and division, and the claims gathered so far."""

    report: Report
    claims: list[Claim] = field(default_factory=list)
    used: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    default_district: str | None = None
    program_zones: dict[int, Mention] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # line -> the note its claims carry (취소, 연기 …)
    _quotes: dict[int, str] = field(default_factory=dict, init=False, repr=False)  # line -> its cleaned text

    def __post_init__(self) -> None:
        self.district = Mention(self._district_name(), "District")
        division = self.report.division
        self.division = Mention(division, "Division") if division else None
        self.zone = self._zone()

    # -- who --------------------------------------------------------------------
    def _district_name(self) -> str:
        """The reporting district: from the manifest, else ``…구청``/``…구의회`` in the text."""
        if self.report.meta.district:
            return self.report.meta.district
        text = "\n".join(self.report.source.lines)
        counts = Counter(m for m in re.findall(r"(?<![가-힣])([가-힣]{1,3}구)(?=청(?!장)|의회)", text) if not m.endswith(("특구", "지구")))
        if counts:
            return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return self.default_district or "구청"

    @cached_property
    def city(self) -> str | None:
        """The metropolitan government above the district: the full name (``…광역시``, ``money.toml``
        [city]) the report writes most often, not counting a name followed by another district
        (``광주광역시 남구`` is a partner's address); None if it names none."""
        suffixes = money.rules().city_suffixes
        if not suffixes:
            return None
        pattern = re.compile(rf"(?<![가-힣])([가-힣]{{2}}(?:{'|'.join(map(re.escape, suffixes))}))\s*([가-힣]+)?")
        counts: Counter[str] = Counter()
        for m in pattern.finditer("\n".join(self.report.source.lines)):
            after = m.group(2) or ""
            if after.endswith(("구", "군", "시")) and not after.startswith(self.district.text):
                continue
            counts[m.group(1)] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else None

    def _zone(self) -> Mention | None:
        """The special zone (특구) the report is about, if a program names one."""
        found = [z for z in (self.zone_for(p) for p in self.report.programs) if z is not None]
        found.sort(key=lambda z: (not z.text.endswith("특구"),))
        return found[0] if found else None

    @staticmethod
    def zone_for(prog: Program) -> Mention | None:
        """The zone a program's name names (``영등포 스마트메디컬특구 활성화``)."""
        m = _ZONE_NAME.search(prog.name.replace("「", "").replace("」", ""))
        if m and classify(m.group(1)) == "Zone":
            return Mention(clean(m.group(1)), "Zone")
        return None

    def is_self(self, name: str) -> bool:
        """True if ``name`` is the reporting district (우리구, 영등포구청 …)."""
        t = clean(name).replace(" ", "")
        return is_self(t) or t in (self.district.text, self.district.text + "청")

    def own(self, m: Mention) -> Mention:
        """``m``, or the reporting district when ``m`` names it by a self word (우리구, 구청 …)."""
        return self.district if m.text != self.district.text and is_self(m.text) else m

    def program_mention(self, prog: Program) -> Mention:
        """The program as a mention."""
        return Mention(clean(prog.name), "Program")

    # -- where and when ---------------------------------------------------------
    def cite(self, line: int) -> Citation:
        """A citation of 1-based ``line`` with its text as the quote."""
        quote = self._quotes.get(line)
        if quote is None:
            quote = self._quotes[line] = clean(self.report.source.line(line))
        return Citation(self.report.meta.file, line, quote)

    def year_for(self, prog: Program | None) -> int:
        """The year a date without one takes: the part's year (plans: the plan year)."""
        if prog is not None:
            return prog.part.year
        return self.report.meta.year

    def dates(self, text: str, year: int) -> list[When]:
        """All dates in ``text``; warnings are kept for the build summary."""
        whens, warnings = _dates(text, year)
        self.warnings.extend(warnings)
        return list(whens)

    # -- output -----------------------------------------------------------------
    def add(
        self,
        subject: Mention,
        relation: str,
        obj: Mention | None,
        line: int,
        *,
        status: str = "done",
        when: When | None = None,
        reason: str = "",
        **qualifiers: object,
    ) -> None:
        """Record a claim citing ``line`` and mark the line used. A mention of the reporting district
        by a word such as 우리구 is the reporting district, whichever district that is."""
        subject, obj = self.own(subject), (self.own(obj) if obj is not None else None)
        if qualifiers.get("note") is None and line in self.notes:
            qualifiers["note"] = self.notes[line]
        self.claims.append(
            Claim(subject, relation, obj, self.cite(line), status=status, when=when, **qualifiers)  # type: ignore[arg-type]
        )
        self.used.setdefault(line, reason or relation)
