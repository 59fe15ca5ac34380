"""Organisation: the division, its teams and duties, and which team runs which program."""
from __future__ import annotations

from ..model.statements import Mention, When
from .context import Context


def extract_org(ctx: Context) -> None:
    """Teams part_of the division and their duties (조직 table): undated, as the table is (the facts
    table's ``report_year`` says which report states them)."""
    org = ctx.report.org
    when = None
    division = ctx.division
    if division is None:
        return
    if org.division_line:
        ctx.used[org.division_line] = "organisation: division"
    for team, line in org.teams:
        ctx.add(Mention(team, "Team"), "part_of", division, line, when=when, reason="organisation: team")
    for team, duty, line, lines in org.duties:
        unit = Mention(team, "Team") if team else division
        ctx.add(unit, "runs", Mention(duty, "Program"), line, when=when, role="duty", reason="organisation: duty")
        for extra in lines[1:]:
            ctx.used[extra] = "organisation: duty (continued)"


def extract_programs(ctx: Context) -> None:
    """Each program heading: its team runs it, and the team belongs to the division."""
    division = ctx.division
    for prog in ctx.report.programs:
        year = str(prog.part.year)
        when = When(year, None, "year", year)
        status = prog.part.status
        line = prog.line or prog.team_line or prog.toc_line
        if line is None:
            continue
        program = ctx.program_mention(prog)
        if prog.team:
            team = Mention(prog.team, "Team")
            team_line = prog.team_line or line
            ctx.add(team, "runs", program, team_line, status=status, when=when, reason="program heading")
            if division is not None:
                ctx.add(team, "part_of", division, team_line, when=None, reason="program heading")
        elif division is not None:  # no team named: the division runs it (heading or contents line)
            ctx.add(division, "runs", program, line, status=status, when=when, reason="program heading")
        for p in prog.purpose:
            ctx.used.setdefault(p, "program purpose")
