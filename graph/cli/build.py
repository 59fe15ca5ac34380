"""``ydkg build`` and ``ydkg facts``: run the pipeline and write its outputs."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..gcpause import paused_gc
from .common import (HiddenOutputOpt, MaxReportOpt, NoReviewOpt, QuietOpt, ReviewOpt, SourcesArg, YearOpt,
                     check_format, format_opt, out_file_opt, pick, review_paths, source_paths)

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
    app.command("build", short_help="Build every output into DIR · 그래프와 모든 산출물 만들기")(build)
    app.command("facts", short_help="The facts table, cited · 인용이 달린 사실 표")(facts)
    app.command("export", short_help="More formats of a build · 산출물 형식 더 쓰기")(export)


def build(
    sources: list[Path] = SourcesArg,
    out: Path = typer.Option(None, "--out", metavar="DIR", help="Folder for the outputs [default: out]."),
    out_old: Path = typer.Option(None, "-o", hidden=True),
    year: int | None = YearOpt,
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, metavar="N", show_default="the cores",
                             help="Processes for parsing (from 64 reports)."),
    formats: str = typer.Option(None, "--formats", metavar="LIST", show_default="csv,jsonl,trig,store,graphml,gexf,json,html",
                                help="Outputs to write, comma-separated, or all: csv jsonl trig nq ttl jsonld store "
                                     "graphml gexf json html. Others later: ydkg export."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Re-parse every report (ignore DIR/.cache)."),
    max_report_mb: float | None = MaxReportOpt,
    review: list[Path] | None = ReviewOpt,
    no_review: bool = NoReviewOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Build the graph of the reports and write every output into DIR.

    보고서를 읽어 그래프를 만들고 사실 표, RDF, 네트워크 파일, 관계망 페이지를 DIR에 씁니다.
    """
    import os

    from ..pipeline.outputs import parse_formats
    from ..progress import Progress
    from ..read.sources import set_max_report_mb

    set_max_report_mb(max_report_mb)
    out = Path(pick(out, out_old) or "out")
    judged = review_paths(review, no_review)
    chosen = parse_formats(formats)
    jobs = jobs or os.cpu_count() or 1
    with paused_gc(freeze=True):  # to the command's end: see graph.gcpause
        with Progress(enabled=False if quiet else None) as progress:
            kb, written = _build(source_paths(sources), out, year, jobs, no_cache, progress, judged, chosen)
        _summary(kb, out, written, no_cache)


def _build(paths: list[Path], out: Path, year: int | None, jobs: int, no_cache: bool, progress,
           judged: list[Path] | None, chosen: frozenset[str]) -> tuple:
    """Run the pipeline and write the ``chosen`` outputs, holding ``out`` for this build; ``(kb, written paths)``."""
    from ..pipeline.build import build_kb
    from ..pipeline.cache import CACHE_DIRNAME
    from ..pipeline.folder import build_folder
    from ..pipeline.outputs import publish
    from ..query.persist import save_memo, stamp_sources

    # stamped before reading, so that an edit during the build shows as stale
    stamp, memo = stamp_sources(paths, year, None if no_cache else out, review=judged)
    cache_dir = None if no_cache else out / CACHE_DIRNAME
    with build_folder(out, stamp, paths, year) as folder:  # one build at a time; leftovers cleaned
        kb = build_kb(paths, year, cache_dir=cache_dir, jobs=jobs, progress=progress, review=judged)
        progress("writing the outputs", 0, 0)
        written = publish(kb, folder, chosen, stamp=stamp)
        if not no_cache:
            save_memo(out, memo)  # OUT/.cache: the sources' stats, so that later checks need not hash them
        written.append(folder.finish(written))
    return kb, written


def _summary(kb, out: Path, written: list[Path], no_cache: bool) -> None:
    """Print what the build made: cache use, counts, coverage by report, warnings."""
    from ..export.coverage import summary, total
    from ..pipeline.cache import CACHE_DIRNAME, last_stats

    stats = None if no_cache else last_stats(out / CACHE_DIRNAME)
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


def export(
    formats: str = typer.Argument(..., metavar="LIST", help="Formats to add, comma-separated (as build --formats)."),
    out: Path = typer.Option(Path("out"), "--out", metavar="DIR", help="The folder of a finished build."),
    quiet: bool = QuietOpt,
) -> None:
    """Add formats to a finished build in DIR (nq, ttl, jsonld …) from its kb.pickle, without reading
    the reports again.

    빌드 폴더(DIR)에 산출물 형식을 더합니다. 보고서를 다시 읽지 않습니다. ydkg export nq,ttl,jsonld
    """

    from ..errors import OutputError
    from ..pipeline.folder import build_folder, read_record
    from ..pipeline.outputs import parse_formats, publish
    from ..query.persist import kb_stamp, load_kb

    chosen = parse_formats(formats)
    record = read_record(out)
    if record is None or not record.complete:
        raise OutputError(f"{out}: holds no finished build; run ydkg build --out {out} first")
    kb = load_kb(out)
    if kb is None:
        raise OutputError(f"{out}: its build is out of date (a report, the rules or the code changed); "
                          f"build it again (ydkg build … --out {out}), then export")
    stamp = kb_stamp(out)
    with paused_gc(freeze=True), build_folder(out, stamp, [Path(p) for p in record.inputs], record.year) as folder:
        written = publish(kb, folder, chosen, stamp=stamp, always=False)
        folder.finish([out / name for name in record.outputs] + written)
    if not quiet:
        print(f"wrote {len(written)} files to {out}/: {', '.join(sorted(p.name for p in written))}")


FACT_FORMATS = ("csv", "jsonl")


def facts(
    sources: list[Path] = SourcesArg,
    fmt: str = format_opt("csv", FACT_FORMATS),
    output: Path | None = out_file_opt("Write the table here"),
    output_old: Path | None = HiddenOutputOpt,
    year: int | None = YearOpt,
    max_report_mb: float | None = MaxReportOpt,
    review: list[Path] | None = ReviewOpt,
    no_review: bool = NoReviewOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Print or write the facts table: one row per statement with its citation.

    사실 표: 진술마다 한 줄, 출처(파일·줄·인용)와 함께. ydkg facts - < report.txt
    """
    import tempfile

    from ..export.facts import write_facts
    from ..pipeline.build import build_kb
    from ..progress import Progress

    from ..read.sources import set_max_report_mb

    set_max_report_mb(max_report_mb)
    fmt = check_format(fmt, FACT_FORMATS)
    output = pick(output, output_old)
    paths = source_paths(sources)
    with paused_gc(freeze=True):  # to the command's end: see graph.gcpause
        with Progress(enabled=False if quiet else None) as progress:
            kb = build_kb(paths, year, progress=progress, review=review_paths(review, no_review))
        for w in kb.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if output is not None and str(output) != "-":
            write_facts(kb, Path(output), fmt)
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = write_facts(kb, Path(tmp) / f"facts.{fmt}", fmt)
            sys.stdout.write(path.read_text(encoding="utf-8"))
