"""The general part (일반현황): 조직, 인력, 시설 and the 예산 현황 table.

A part of :class:`graph.parse.parser._Parser`: its methods read and change the parser's state
(the current part, program, block and table), set in ``_Parser.__init__``.
"""
from __future__ import annotations

from .lines import _AMOUNT, _BUDGET_HEADER, _NUMERIC_ROW, _ORG_DIVISION, _ORG_TEAM_COUNT, _division_of, _flat_headers, _team_of, split_bullet, split_teams, unit_of
from ..read.textnorm import clean, despace


class GeneralReader:
    """The general part (일반현황): 조직, 인력, 시설 and the 예산 현황 table."""

    def general_line(self, n: int, text: str, d: str) -> None:
        if self.section == "org":
            self.org_line(n, text, d)
            return
        if self.section == "budget_table" and self.table is not None:
            unit = unit_of(text)
            if unit:
                self.table.unit = unit
                self.mark(n, "table unit")
                return
            if _BUDGET_HEADER.match(d) and not _AMOUNT.search(text):
                self.mark(n, "table header (budget)")
                return
            self.table.rows.append((n, text))
            return
        if self.section in ("staff", "facilities"):
            self.mark(n, f"table ({self.section})")
            return
        self.report.loose.append((n, text, self.part))

    def org_line(self, n: int, text: str, d: str) -> None:
        """A line of the 조직 section: the division, the team count, team names or a duty."""
        org = self.report.org
        _, family, content = split_bullet(text)
        if "\t" in text and self.org_row(n, text):
            return
        m = _ORG_DIVISION.match(d)
        if m and ("개팀" in d or org.division is None and _division_of(m.group(1))):
            org.division, org.division_line = m.group(1), n
            self.mark(n, "org: division")
            return
        if _ORG_TEAM_COUNT.fullmatch(d):
            self.mark(n, "org: team count")
            return
        if family is None or content:
            teams = split_teams(content if family is not None else text)  # "- 문화정책팀, 축제팀" too
            if teams and len("".join(teams)) >= len(despace(content) if family is not None else d) - 2:
                for t in teams:
                    org.teams.append((t, n))
                self.in_org_team = teams[0] if len(teams) == 1 else None
                self.mark(n, "org: teams")
                return
            if family is None and org.duties:
                team, duty, first, lines = org.duties[-1]
                org.duties[-1] = (team, clean(duty + " " + content), first, lines + [n])
                self.report.continuation[n] = first
                return
        if family is not None and content:
            team, sep, duties = content.partition(":")
            if sep and _team_of(despace(team)):  # "- 일자리정책팀: 정책 총괄, 청년 일자리 지원"
                team = despace(team)
                org.teams.append((team, n))
                for duty in (clean(x) for x in duties.split(",")):
                    if duty:
                        org.duties.append((team, duty, n, [n]))
                self.in_org_team = team
                return
            org.duties.append((self.in_org_team, content, n, [n]))
            return
        self.report.loose.append((n, text, self.part))

    def org_row(self, n: int, text: str) -> bool:
        """A row of an 조직 table of cells (``국제교류팀<TAB>5<TAB>자매도시 교류, 대표단 접견``): the team
        its first cell names, with the duties of its longest cell; the heading row is layout."""
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        team = next((despace(c) for c in cells[:2] if _team_of(despace(c))), None)
        if team is None:
            if all(despace(c) in _flat_headers() for c in cells):
                self.mark(n, "table header (org)")
                return True
            return False
        org = self.report.org
        teams = [despace(c) for c in cells if _team_of(despace(c))]
        if len(teams) == len(cells) > 1:  # "국제협력팀<TAB>글로벌협력팀<TAB>…": the heading row of the teams
            org.teams.extend((t, n) for t in teams)
            self.in_org_team = None
            self.mark(n, "org: teams")
            return True
        org.teams.append((team, n))
        duties = max((c for c in cells if despace(c) != team and not _NUMERIC_ROW.match(c)), key=len, default="")
        for duty in (clean(x) for x in duties.split(",")):
            if duty:
                org.duties.append((team, duty, n, [n]))
        self.in_org_team = team
        return True
