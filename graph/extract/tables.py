"""Tables: designated hospitals (특화사업자), the contact table (담당부서) and tables of city ties."""
from __future__ import annotations

import re

from ..model.statements import Mention
from ..parse import money
from ..parse.document import Table
from ..read.textnorm import clean
from .context import Context
from .mentions import classify, hospital_name, place, strip_name
from .phrases import triggers


def extract_hospitals(ctx: Context, table: Table) -> None:
    """Each hospital designated into the zone as 특화사업자; its 대표 and 소재지 when given."""
    zone = (ctx.program_zones.get(id(table.program)) if table.program is not None else None) or ctx.zone
    if zone is None:
        return
    header = [c.strip() for c in table.header.split("\t")]
    spaced = table.header.split() if len(header) < 3 else []  # "병원명 대표 소재지" written with spaces
    for n, text in table.rows:
        if "\t" in text and len(header) > 2:
            cells = [c.strip() for c in text.split("\t")]
            name = strip_name(cells[0])
            if classify(name, "") == "Hospital":
                _hospital_row(ctx, zone, n, name, dict(zip(header, cells)))
            continue
        chunks = [c for c in re.split(r"(?:^|\s)\(?\d{1,2}[.)]?\s+", " " + text) if c.strip()]
        for chunk in chunks:
            name = hospital_name(chunk)
            if name is None or classify(name, "") != "Hospital":
                continue
            row: dict[str, str] = {}
            words = strip_name(chunk)[len(name):].split()
            if len(chunks) == 1 and len(spaced) > 2 and len(words) >= len(spaced) - 1:
                # one hospital per row, cells split by spaces: a one-word first cell (대표), and a
                # last cell (소재지) that takes the rest; cells between may hold spaces, so no others
                if spaced[1] == "대표":
                    row["대표"] = words[0]
                if spaced[-1] == "소재지":
                    row["소재지"] = " ".join(words[len(spaced) - 2:])
            _hospital_row(ctx, zone, n, name, row)


def _hospital_row(ctx: Context, zone: Mention, n: int, name: str, row: dict[str, str]) -> None:
    """A hospital designated into ``zone`` as 특화사업자, with its 대표 and 소재지 when ``row`` has them."""
    when = None  # a list of the current state: the text dates none of it (report_year says when)
    hospital = Mention(name, "Hospital")
    ctx.add(hospital, "designated", zone, n, when=when, role="특화사업자", reason="hospital table")
    rep = row.get("대표")
    if rep:
        ctx.add(Mention(rep, "Person"), "has_role", hospital, n, when=when, role="대표", reason="hospital table")
    addr = row.get("소재지")
    if addr:
        ctx.add(hospital, "located_in", Mention(f"{ctx.district.text} {addr}", "Place"), n, when=when,
                role="소재지", reason="hospital table")


_CELL = re.compile(r"^(?P<unit>[가-힣A-Za-z0-9·]+?)?(?P<role>과장|팀장|담당관|담당|주무관)\s+(?P<name>[가-힣]{2,4})\s*(?:☎\s*[\d-]+)?$")


def extract_contacts(ctx: Context, table: Table) -> None:
    """``비전협력과장 노상욱 ☎ 4203 | 의료특구팀장 정춘호 | 담당 지윤희``: people, roles, units."""
    when = None  # a list of the current state: the text dates none of it (report_year says when)
    for n, text in table.rows:
        cells = [clean(c) for c in text.split("\t") if clean(c)]
        division = team = None
        for cell in cells:
            m = _CELL.match(cell)
            if not m:
                continue
            role, name = m.group("role"), m.group("name")
            unit = m.group("unit")
            if role == "과장" and unit:
                division = Mention(unit + "과" if not unit.endswith("과") else unit, "Division")
                ctx.add(Mention(name, "Person"), "has_role", division, n, when=when, role="과장", reason="contacts")
            elif role == "팀장" and unit:
                team = Mention(unit + "팀" if not unit.endswith("팀") else unit, "Team")
                ctx.add(Mention(name, "Person"), "has_role", team, n, when=when, role="팀장", reason="contacts")
                if division is not None:
                    ctx.add(team, "part_of", division, n, when=when, reason="contacts")
            elif role in ("담당", "주무관") and (team or division):
                ctx.add(Mention(name, "Person"), "has_role", team or division, n, when=when, role="담당", reason="contacts")


def _column(cells: list[str], words: list[str]) -> int | None:
    """The index of the first header cell that is one of ``words`` (spaces ignored)."""
    for i, c in enumerate(cells):
        if c.replace(" ", "") in words:
            return i
    return None


def _adjacent(ctx: Context, last: int, n: int) -> bool:
    """True if only blank lines, borders and continued cells stand between table rows ``last`` and ``n``."""
    report = ctx.report
    return last > 0 and all(not report.source.line(m).strip() or m in report.structure or m in report.continuation
                            for m in range(last + 1, n))


def _tab_rows(ctx: Context):
    """Every row of TAB-separated cells in the programs' blocks: ``(program, line, cells)``."""
    for prog in ctx.report.programs:
        for block in prog.blocks:
            for n, text in block.rows:
                if "\t" in text:
                    yield prog, n, [c.strip() for c in text.split("\t")]


def extract_tie_tables(ctx: Context) -> None:
    """Rows of a table of sister and friendship cities (``구분 | 도시명 | 체결일 | 비고``), in any block:
    each row is a tie of the district with the row's city, dated by its 체결일 cell."""
    rules = triggers()["ties"]
    header: tuple[int, int] | None = None
    kind, last = "", -1
    for prog, n, cells in _tab_rows(ctx):
        if not _adjacent(ctx, last, n):
            header = None  # a table ends where its rows stop
        last = n
        found = (_column(cells, rules["table_city_columns"]), _column(cells, rules["table_date_columns"]))
        if found[0] is not None and found[1] is not None:
            header, kind = (found[0], found[1]), ""
            ctx.used.setdefault(n, "table header (ties)")
            continue
        if header is None or max(header) >= len(cells):
            continue
        kind = _tie_row(ctx, n, cells, header, kind, prog.part.year, rules)


def extract_party_tables(ctx: Context) -> None:
    """Rows of the tables of ``triggers.toml`` [[tables]] (agreements by 협약기관 and 협약일, gifts
    by 기부자, 품목 and 일자 …): one relation of the district with each row's party."""
    specs = triggers().get("tables", [])
    current: tuple[dict, dict[str, int | None]] | None = None
    last = -1
    for prog, n, cells in _tab_rows(ctx):
        if not _adjacent(ctx, last, n):
            current = None
        last = n
        for spec in specs:
            cols = {k: _column(cells, spec.get(k, [])) for k in ("party", "date", "amount", "role")}
            if cols["party"] is not None and cols["date"] is not None:
                current = (spec, cols)
                ctx.used.setdefault(n, f"table header ({spec['relation']})")
                break
        else:
            if current is not None:
                _party_row(ctx, n, cells, *current, prog.part.year, prog.part.status)


def _party_row(ctx: Context, n: int, cells: list[str], spec: dict, cols: dict[str, int | None], year: int,
               status: str) -> None:
    def cell(key: str) -> str:
        i = cols[key]
        return cells[i] if i is not None and i < len(cells) else ""

    name = strip_name(cell("party"))
    if len(name) < 2 or ctx.is_self(name):
        return
    party = Mention(name, classify(name, "Company"))
    dates = ctx.dates(cell("date"), year)
    found = money.amounts_in(cell("amount"), 1) or money.amounts_in(cell("role"), 1)
    subject, obj = (ctx.district, party) if spec["direction"] == "to_party" else (party, ctx.district)
    ctx.add(subject, spec["relation"], obj, n, status="planned" if status == "planned" else "done",
            when=dates[0] if dates else None, amount_krw=found[-1][0] if found else None,
            role=clean(cell("role")) or None, reason=f"{spec['relation']} table")


def _tie_row(ctx: Context, n: int, cells: list[str], header: tuple[int, int], kind: str, year: int,
             rules: dict) -> str:
    """Add the tie of one row; return the row's kind of tie, which a next row with an empty cell keeps."""
    kinds = (("friendship_city", rules["friendship"]), ("sister_city", rules["sister"]))
    others = [c.replace(" ", "") for i, c in enumerate(cells) if i != header[0] and c]
    # a cell that is a kind word (구분 "자매") says it; else a cell that names one ("자매도시")
    named = [k for c in others for k, words in kinds if any(c.startswith(w) and len(c) <= len(w) + 2 for w in words)]
    if not named and not kind:  # no kind cell, and none above: a cell that names one ("자매도시")
        named = [k for c in others for k, words in kinds if any(w in c for w in words)]
    if named:
        kind = named[0]
    city = place(cells[header[0]])
    dates = ctx.dates(cells[header[1]], year)
    if city is None or not kind:
        return kind
    ctx.add(ctx.district, kind, city, n, when=dates[0] if dates else None, role="결연도시 현황", reason="tie table")
    country = city.hint("country")
    if country:
        ctx.add(city, "located_in", Mention(country, "Country"), n, when=None, reason="place")
    return kind
