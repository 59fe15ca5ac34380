"""Money: program budgets with their shares by source, the 예산 현황 table, year tables."""
from __future__ import annotations

import re

from ..parse import money
from ..model.statements import Mention, When
from ..parse.document import Table
from ..read.textnorm import clean, despace
from .context import Context


def _funder(ctx: Context, source: str) -> Mention:
    label = money.funder_label(source, district=ctx.district.text, city=ctx.city)
    if source == "district":
        return ctx.district
    return Mention(label, "District" if source == "city" else "Agency")


def _year_when(year: int) -> When:
    return When(str(year), None, "year", str(year))


def emit_figure(ctx: Context, program: Mention, fig: money.Figure, year: int, status: str) -> None:
    """One ``budget`` claim for the total and one ``funded_by`` claim per share."""
    holder = ctx.division
    when = _year_when(year)
    note = fig.note or money.check_shares(fig)
    if fig.total_krw is not None:
        ctx.add(program, "budget", holder, fig.line, status=status, when=when, amount_krw=fig.total_krw,
                basis=fig.basis, fiscal_year=year, note=note, reason="budget")
    elif note:
        ctx.used.setdefault(fig.line, "budget (unreadable)")
    for share in fig.shares:
        ctx.add(program, "funded_by", _funder(ctx, share.source), share.line, status=status, when=when,
                amount_krw=share.amount_krw, basis=fig.basis, fiscal_year=year,
                role="이월" if share.carried_over else None, note=note, reason="budget share")


def extract_budget_blocks(ctx: Context) -> None:
    """□ 예산현황 / 소요예산 blocks (and displaced budget tables) of each program; a block whose rows
    are a table of funding sources is read as one (:func:`extract_source_tables`)."""
    read = extract_source_tables(ctx)
    for prog in ctx.report.programs:
        program = ctx.program_mention(prog)
        year = prog.part.year
        for block in prog.block("budget"):
            rows = [(n, t) for n, t in block.rows if n not in read]
            if not rows:
                continue
            figures = money.parse_budget_block(rows, block.unit or 1000)
            if not figures and block.inline:
                fig = money.parse_amount(block.inline, block.unit or 1000, rows[0][0], "budget")
                figures = [fig] if fig else []
            status = "planned" if prog.part.status == "planned" else "done"
            for fig in figures:
                emit_figure(ctx, program, fig, year, status)
            if figures:
                for n, _ in rows:
                    ctx.used.setdefault(n, "budget block")
            elif any(ch.isdigit() for ch in block.inline):
                ctx.report.structure.pop(block.line, None)  # "□ 소요예산: 총 1억 오천만원": listed as unparsed


def extract_budget_table(ctx: Context, table: Table) -> None:
    """The 예산 현황 table: per unit program, its budget and what was executed."""
    unit = table.unit or 1000
    year = ctx.report.meta.year
    pending: list[str] = []
    pending_lines: list[int] = []
    for n, text in table.rows:
        name, cells = money.parse_table_row(text)
        nums = [money.parse_number(c) for c in cells]
        if len([x for x in nums if x is not None]) < 2:
            pending.append(clean(text))
            pending_lines.append(n)
            continue
        full = clean(" ".join(pending + [name])) if name or pending else ""
        pending, lines_before, pending_lines = [], pending_lines, []
        if not full:
            continue
        budget, executed = nums[0], nums[1]
        if despace(full) in ("계", "합계", "총계"):
            if ctx.division is not None:
                for basis, value in (("budget", budget), ("executed", executed)):
                    if value is not None:
                        ctx.add(ctx.division, "budget", None, n, when=_year_when(year), amount_krw=value * unit,
                                basis=basis, fiscal_year=year, role="division total", reason="budget table")
            continue
        program = Mention(re.sub(r"\s+", " ", full), "Program")
        if budget is not None:
            ctx.add(program, "budget", ctx.division, n, when=_year_when(year), amount_krw=budget * unit,
                    basis="budget", fiscal_year=year, reason="budget table")
        if executed is not None:
            ctx.add(program, "budget", ctx.division, n, when=_year_when(year), amount_krw=executed * unit,
                    basis="executed", fiscal_year=year, reason="budget table")
        for extra in lines_before:
            ctx.used.setdefault(extra, "budget table (name continued)")


_YEAR_COL = re.compile(r"^(20\d{2})(?:년|\.\d{1,2}\.?)?$")


def extract_year_table(ctx: Context, table: Table) -> None:
    """A 소요예산액 table by year and source (재원): funded_by per year and source."""
    header = [c.strip() for c in table.header.split("\t")]
    years = {i: int(_YEAR_COL.match(c).group(1)) for i, c in enumerate(header) if _YEAR_COL.match(c)}
    if not years:
        return
    unit = table.unit or 1_000_000
    program_name = table.program.name if table.program else None
    current = program_name
    for n, text in table.rows:
        cells = [c.strip() for c in text.split("\t")]
        if len(cells) < len(header) - 1:
            continue
        first, source_word = cells[0], cells[1] if len(cells) > 1 else ""
        if first and first not in ("계",):
            current = first
        source = money.source_key(source_word) if source_word not in ("", "-", "계") else None
        if source_word == "민자":
            source = "private"
        subject = Mention(current or program_name or "", "Program")
        if not subject.text:
            continue
        for i, year in sorted(years.items()):
            if i >= len(cells):
                continue
            amount = money.parse_number(cells[i])
            if amount is None:
                continue
            status = "done" if year <= ctx.report.meta.year else "planned"
            if source:
                ctx.add(subject, "funded_by", _funder(ctx, source), n, status=status, when=_year_when(year),
                        amount_krw=amount * unit, basis="budget", fiscal_year=year, reason="budget by year")
            elif source_word == "계":
                ctx.add(subject, "budget", ctx.division, n, status=status, when=_year_when(year),
                        amount_krw=amount * unit, basis="budget", fiscal_year=year, reason="budget by year")


_YEAR = re.compile(r"(20\d{2})\s*년")


def _unit_near(ctx: Context, n: int, default: int) -> int:
    """The unit a ``(단위: 천원)`` note on the table's head or on the three lines above it states."""
    for m in range(n, max(0, n - 4), -1):
        u = money.unit_of(ctx.report.source.line(m))
        if u is not None:
            return u
    return default


def _year_near(ctx: Context, n: int) -> int | None:
    """A year the three lines above a table's head state (``※ 2023년 소요예산 총괄``)."""
    for m in range(n - 1, max(0, n - 4), -1):
        found = _YEAR.search(ctx.report.source.line(m))
        if found:
            return int(found.group(1))
    return None


def extract_source_tables(ctx: Context) -> set[int]:
    """Tables whose columns are funding sources (``구분 | 계 | 국비 | 시비 | 구비``), in any block: each
    row's figure with its shares (:func:`graph.parse.money.read_source_table`). Returns the lines read."""
    read: set[int] = set()
    for prog in ctx.report.programs:
        for block in prog.blocks:
            rows = [(n, [c.strip() for c in t.split("\t")]) for n, t in block.rows if "\t" in t]
            i = 0
            while i < len(rows):
                n, header = rows[i]
                if money.source_columns(header) is None:
                    i += 1
                    continue
                body = []
                j = i + 1
                while j < len(rows) and money.source_columns(rows[j][1]) is None:
                    body.append(rows[j])
                    j += 1
                unit = _unit_near(ctx, n, block.unit or 1000)
                year = _year_near(ctx, n) or prog.part.year
                figures = money.read_source_table(header, body, unit)
                for tf in figures:
                    fy = tf.year or year
                    status = "planned" if fy > ctx.report.meta.year else "done"
                    subject = Mention(tf.program, "Program") if tf.program else ctx.program_mention(prog)
                    emit_figure(ctx, subject, tf.figure, fy, status)
                if figures:
                    read.update(m for m, _ in [rows[i], *body])
                    ctx.used.setdefault(n, "table header (budget by source)")
                    for m, _ in body:
                        ctx.used.setdefault(m, "budget by source")
                i = j
    return read
