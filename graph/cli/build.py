"""``ydkg build`` and ``ydkg facts``: run the pipeline and write its outputs."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .common import MaxReportOpt, NoReviewOpt, ReviewOpt, SourcesArg, YearOpt, review_paths, source_paths

if TYPE_CHECKING:
    from ..model.statements import SourceLayout

#: Reports listed one by one in the build's coverage summary; beyond, the totals and the least accounted.
_COVERAGE_LINES = 20


def _form(layout: "SourceLayout | None") -> str:
    """`` (pdf, 5 pages)``, `` (hwpx, 1 section)`` for a laid-out source; nothing for a text one."""
    if layout is None:
        return ""
    unit = "page" if layout.format == "pdf" else "section"
    return f" ({layout.format}, {layout.units} {unit}{'' if layout.units == 1 else 's'})"


def _print_review(kb, out: Path) -> None:
    """One line on the judgements applied and stale (stale ones are also warnings on stderr)."""
    outcomes = getattr(kb, "outcomes", [])
    if outcomes:
        stale = sum(o.status == "stale" for o in outcomes)
        print(f"review: {len(outcomes) - stale} judgements applied, {stale} stale, "
              f"{len(kb.rejected)} statements rejected (listed in {out / 'review.csv'})")


def register(app: typer.Typer) -> None:
    """Add the build and facts commands."""

    @app.command()
    def build(
        sources: list[Path] = SourcesArg,
        out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the outputs."),
        year: int | None = YearOpt,
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for parsing (used from 64 reports)."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Re-parse every report (ignore OUT/.cache)."),
        max_report_mb: float | None = MaxReportOpt,
        review: list[Path] | None = ReviewOpt,
        no_review: bool = NoReviewOpt,
    ) -> None:
        """Build the graph of the reports and write every output into OUT."""
        from ..atomic import staging_dir
        from ..pipeline.cache import CACHE_DIRNAME, last_stats
        from ..export.coverage import summary, total
        from ..query.persist import save_kb, save_memo, save_store, stamp_sources
        from ..pipeline.build import build_kb, write_outputs
        from ..pipeline.folder import build_folder

        from ..read.sources import set_max_report_mb

        set_max_report_mb(max_report_mb)
        paths = source_paths(sources)
        judged = review_paths(review, no_review)
        # stamped before reading, so that an edit during the build shows as stale
        stamp, memo = stamp_sources(paths, year, None if no_cache else out, review=judged)
        cache_dir = None if no_cache else out / CACHE_DIRNAME
        with build_folder(out, stamp, paths, year) as folder:  # one build at a time; leftovers cleaned
            kb = build_kb(paths, year, cache_dir=cache_dir, jobs=jobs, review=judged)
            with staging_dir(out) as staging:
                written = write_outputs(kb, staging)
                folder.begin()
            written = [out / p.relative_to(staging) for p in written]
            written += [save_kb(kb, out, stamp=stamp), save_store(kb, out, stamp=stamp, dataset=out / "dataset.trig")]
            if not no_cache:
                save_memo(out, memo)  # OUT/.cache: the sources' stats, so that later checks need not hash them
            written.append(out / "store.stamp.json")
            written.append(folder.finish(written))
        stats = last_stats(cache_dir) if cache_dir is not None else None
        if stats is not None:
            print(f"cache: {stats['hits']} reports reused, {stats['misses']} parsed")
        print(f"built {len(kb.reports)} reports: {len(kb.statements)} statements, {len(kb.entities)} entities "
              f"({len(kb.unresolved)} not in the gazetteer, listed in {out / 'unresolved.csv'})")
        _print_review(kb, out)
        rows = summary(kb)

        def show(r: dict) -> None:
            print(f"  {r['source']}{_form(kb.layouts.get(str(r['source'])))}: {r['lines']} lines, {r['used']} used, "
                  f"{r['structure']} structure, {r['unparsed']} unparsed ({r['accounted_pct']}% accounted)")

        print("coverage (non-blank lines):")
        if len(rows) > _COVERAGE_LINES:  # thousands of reports: the totals and the least accounted
            show(total(rows, f"all {len(rows)} reports"))
            print(f"  the {_COVERAGE_LINES} least accounted (every report in {out / 'coverage.md'}):")
            rows = sorted(rows, key=lambda r: (r["accounted_pct"], r["source"]))[:_COVERAGE_LINES]
        for r in rows:
            show(r)
        for w in kb.warnings:
            print(f"warning: {w}", file=sys.stderr)
        print(f"wrote {len(written)} files to {out}/")

    @app.command()
    def facts(
        sources: list[Path] = SourcesArg,
        fmt: str = typer.Option("csv", "--format", "-f", help="csv or jsonl."),
        output: Path | None = typer.Option(None, "-o", "--output", help="File to write (default: standard output)."),
        year: int | None = YearOpt,
        max_report_mb: float | None = MaxReportOpt,
        review: list[Path] | None = ReviewOpt,
        no_review: bool = NoReviewOpt,
    ) -> None:
        """Print or write the facts table: one row per statement with its citation."""
        from ..read.sources import set_max_report_mb

        set_max_report_mb(max_report_mb)
        import tempfile

        from ..errors import YdkgError
        from ..export.facts import write_facts
        from ..pipeline.build import build_kb

        if fmt not in ("csv", "jsonl"):
            raise YdkgError(f"--format must be csv or jsonl, not {fmt!r}")
        kb = build_kb(source_paths(sources), year, review=review_paths(review, no_review))
        for w in kb.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if output is not None:
            write_facts(kb, output, fmt)
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = write_facts(kb, Path(tmp) / f"facts.{fmt}", fmt)
            sys.stdout.write(path.read_text(encoding="utf-8"))
