"""The pipeline: sources → parse → extract → resolve → a :class:`KnowledgeBase`, and its outputs."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .. import rules
from ..errors import SourceError
from ..gcpause import paused_gc
from ..model.judgements import load_judgements, review_paths
from ..model.review import apart, apply_review, statement_order
from ..model.statements import Judgement, KnowledgeBase, ReportMeta, SourceLayout
from .report import ReportResult
from ..model.resolve import Gazetteer, Resolver, load_gazetteer
from ..resources import GAZETTEER_DIR
from ..read.manifest import MANIFEST, read_manifest
from ..read.sources import SourceText, discover, read_source
from ..read.textnorm import despace


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isascii() and value.strip().isdigit() else None


#: The plan part's heading (``Ⅲ. 2022년 주요업무 추진계획``): it plans the year after the report's.
_PLAN_PART = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤ]+|[IVX]+|\d)\s*[.．]?\s*(20\d{2})\s*년\s*(?:주요\s*업무\s*)?추진\s*계획\s*$", re.M)


def _year_from_text(src: SourceText) -> int | None:
    """The report's year as its head writes it (``2021년 주요업무 보고``), else the year before its plan
    part's (``Ⅲ. 2022년 주요업무 추진계획``); None if the text says neither."""
    head = "\n".join(line for line in src.lines[:40] if not _PLAN_PART.match(line))
    m = re.search(r"(20\d{2})\s*년\s*주요\s*업무", head) or re.search(r"(20\d{2})\s*년", head)
    if m:
        return int(m.group(1))
    plan = _PLAN_PART.search("\n".join(src.lines))
    return int(plan.group(1)) - 1 if plan else None


def _kind_from_text(src: SourceText) -> str:
    """``pledge_card`` if the head of the text has two of the pledge card's section titles as lines
    (``structure.toml`` [pledge] markers), else ``work_report``."""
    markers = set(rules.load("structure")["pledge"]["markers"])
    found = {d for d in (despace(line) for line in src.lines[:60]) if d in markers}
    return "pledge_card" if len(found) >= 2 else "work_report"


def report_meta(src: SourceText, row: dict[str, str] | None, year: int | None) -> ReportMeta:
    """A report's metadata from its manifest row, else its text, else ``--year``."""
    row = row or {}
    y = _int(row.get("report_year")) or _year_from_text(src) or year
    if y is None:
        raise SourceError(src.path, "cannot tell the report year: add it to manifest.csv or pass --year")
    return ReportMeta(
        file=src.name,
        year=y,
        plan_year=_int(row.get("plan_year")),
        division=row.get("division") or None,
        district=row.get("district") or None,
        kind=row.get("kind") or _kind_from_text(src),
        title=row.get("title") or None,
        council_session=row.get("council_session") or None,
        as_of=row.get("as_of") or None,
        sha256=src.sha256,
        n_lines=len(src.lines),
    )


def read_reports(paths: Iterable[Path], year: int | None = None,
                 warnings: list[str] | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[tuple[SourceText, ReportMeta]]:
    """Decode every source and work out its metadata; any bad file stops with a one-line error.

    A report beside a ``manifest.csv`` that has no row in it adds a line to
    ``warnings`` saying where its year was taken from.
    """
    files = discover([Path(p) for p in paths])
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    out = []
    for i, path in enumerate(files):
        if progress is not None:
            progress("reading", i, len(files))
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        src = read_source(path)
        row = manifests[folder].get(path.name)
        meta = report_meta(src, row, year)
        if row is None and manifests[folder] and warnings is not None:
            told = "the text" if _year_from_text(src) == meta.year else "--year"
            warnings.append(f"{path.name}: no row in {folder / MANIFEST}; report year {meta.year} taken from {told}")
        out.append((src, meta))
    return out


def build_kb(paths: Iterable[Path], year: int | None = None, gazetteer: Gazetteer | None = None, *,
             cache_dir: Path | None = None, jobs: int = 1, review: Iterable[Path] | None = None,
             progress: Callable[[str, int, int], None] | None = None) -> KnowledgeBase:
    """Parse, extract, resolve and review every report into one knowledge base.

    ``review`` names judgement files or folders (:mod:`graph.model.judgements`); ``None`` reads
    ``data/review/*.toml``, an empty list none. They are read before any report, so that a bad
    judgement file stops the build at once, and applied after resolution (:mod:`graph.model.review`).

    ``cache_dir`` keeps each report's extraction (see :mod:`graph.pipeline.cache`) so an
    unchanged report is not parsed again; ``jobs`` > 1 parses and extracts in
    that many processes when there are many reports (:mod:`graph.pipeline.parallel`).
    Resolution stays serial, in file order: the result is the same either way.
    Each report is resolved as soon as its extraction is ready, while the workers parse
    the later ones (:func:`graph.pipeline.parallel.iter_reports`).
    ``progress`` (see :mod:`graph.progress`) hears each stage and how far it is.
    """
    from .cache import ExtractionCache
    from .parallel import iter_reports

    judgements = load_judgements(review_paths(review))
    gaz = gazetteer or load_gazetteer(GAZETTEER_DIR)
    default_district = gaz.reporting_district()
    district = default_district.label if default_district else None
    with paused_gc():
        notes: list[str] = []
        pairs = read_reports(paths, year, notes, progress)
        cache = ExtractionCache(cache_dir) if cache_dir is not None else None
        results = iter_reports(pairs, district, jobs=jobs, cache=cache, progress=progress)
        kb = resolve_results([meta for _, meta in pairs], _then(results, progress), gaz, judgements)
        if cache is not None:
            cache.save_stats()
        kb.layouts = source_layouts(src for src, _ in pairs)
        kb.warnings[:0] = notes
        return kb


def _then(results: Iterator[ReportResult], progress: Callable[[str, int, int], None] | None) -> Iterator[ReportResult]:
    """``results``, then the news that what is left is resolution."""
    yield from results
    if progress is not None:
        progress("resolving names", 0, 0)


def source_layouts(sources: Iterable[SourceText]) -> dict[str, SourceLayout]:
    """Where the lines of each PDF, HWPX or HWP source stand in its file, by file name (text sources have none)."""
    return {src.name: SourceLayout(src.format, src.units, src.pages, src.locators, len(src.dropped))
            for src in sources if src.format != "txt"}


def resolve_results(metas: list[ReportMeta], results: Iterable[ReportResult], gazetteer: Gazetteer,
                    judgements: list[Judgement] | None = None) -> KnowledgeBase:
    """Resolve the extracted claims of each report, serially and in file order, into a knowledge base,
    then apply the reviewer's ``judgements``."""
    resolver = Resolver(gazetteer)
    resolver.apart = apart(judgements or ())
    kb = KnowledgeBase()
    seen: set[str] = set()
    for meta, res in zip(metas, results, strict=True):  # strict: draws the results to their end
        resolver.district = getattr(res, "district", None)
        kb.reports.append(replace(meta, district=meta.district or resolver.district))
        for claim in res.claims:
            st = resolver.statement(claim)
            if st.id not in seen:
                seen.add(st.id)
                kb.statements.append(st)
        kb.coverage.extend(res.coverage)
        kb.warnings.extend(dict.fromkeys(f"{meta.file}: {w}" for w in res.warnings))  # once per report
    kb.entities = dict(sorted(resolver.found.items()))
    kb.merges = sorted(resolver.merges)
    kb.statements.sort(key=statement_order)
    return apply_review(kb, list(judgements or ()), resolver.splits)
