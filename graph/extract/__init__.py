"""Extraction: from a parsed report to claims (statements whose names are not yet resolved).

Each module reads one kind of structure; :func:`extract` runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.statements import Claim
from ..parse.document import Report
from .budget import extract_budget_blocks, extract_budget_table, extract_year_table
from .context import Context
from .items import extract_items
from .org import extract_org, extract_programs
from .tables import extract_contacts, extract_hospitals, extract_party_tables, extract_tie_tables

_TABLES = {
    "budget_table": extract_budget_table,
    "budget_years": extract_year_table,
    "hospitals": extract_hospitals,
    "contacts": extract_contacts,
}


@dataclass
class Extraction:
    """The claims of one report, the lines they used, and date warnings."""

    claims: list[Claim]
    used: dict[int, str]
    warnings: list[str]
    district: str


def extract(report: Report, default_district: str | None = None) -> Extraction:
    """Run every rule over a parsed report; ``default_district`` names the district if the text does not."""
    ctx = Context(report, default_district=default_district)
    extract_org(ctx)
    extract_programs(ctx)
    extract_items(ctx)
    extract_budget_blocks(ctx)
    extract_tie_tables(ctx)
    extract_party_tables(ctx)
    for table in report.tables:
        reader = _TABLES.get(table.kind)
        if reader is not None:
            reader(ctx, table)
    return Extraction(ctx.claims, ctx.used, ctx.warnings, ctx.district.text)
