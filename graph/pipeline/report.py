"""The per-report step: one report's text through layout, parse and extract to its claims and coverage rows.

:func:`process_report` is a top-level function of plain, picklable records, so
it runs the same in the main process or in a worker (:mod:`graph.pipeline.parallel`),
and its :class:`ReportResult` is what the cache (:mod:`graph.pipeline.cache`) keeps.
Resolution is not part of it: that stays serial, in file order.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.statements import Claim, LineCoverage, ReportMeta
from ..read.sources import SourceText


@dataclass(frozen=True)
class ReportResult:
    """What the pipeline needs from one report: claims, used lines, coverage rows, warnings."""

    claims: tuple[Claim, ...]
    used: dict[int, str]
    coverage: tuple[LineCoverage, ...]
    warnings: tuple[str, ...]
    district: str | None = None  # the reporting district (names may carry it or leave it out)


def process_report(src: SourceText, meta: ReportMeta, default_district: str | None) -> ReportResult:
    """Parse and extract one report (no resolution: that stays serial)."""
    from ..export.coverage import classify_lines
    from ..extract import extract
    from ..parse.parser import parse
    from ..read.layout import lay_out

    report = parse(lay_out(src), meta)
    ex = extract(report, default_district)
    return ReportResult(
        claims=tuple(ex.claims),
        used=dict(ex.used),
        coverage=tuple(classify_lines(report, ex.used)),
        warnings=tuple(ex.warnings),
        district=ex.district,
    )
