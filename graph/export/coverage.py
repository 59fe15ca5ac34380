"""Coverage: every non-blank source line is used, structural, or listed as unparsed."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ..atomic import atomic_open, atomic_write
from ..model.statements import KnowledgeBase, LineCoverage
from ..parse.dates import calendar_errors
from ..parse.document import Report
from ..read.textnorm import clean


def refused_dates(text: str, year: int) -> str:
    """The dates a line writes that the calendar refuses, as written and why (empty if none)."""
    return "; ".join(f"{written} ({why})" for written, why in calendar_errors(text, year))


def classify_lines(report: Report, used: dict[int, str]) -> list[LineCoverage]:
    """One :class:`LineCoverage` per non-blank line of ``report``, then one per running header,
    footer or page number its reader left out of the text (``structure``, line 0).

    A line that writes a date the calendar refuses (``2019. 2. 30.``) carries it in ``date_error``."""
    out = []
    name = report.meta.file
    src = report.source
    page_of = getattr(src, "page", None)
    for d in getattr(src, "dropped", ()):
        where = f"page {d.page}" if d.page else d.where
        out.append(LineCoverage(name, 0, "structure", f"{d.kind} ({where})", clean(d.text), d.page or None))
    for n, text in enumerate(src.lines, start=1):
        if not text.strip():
            continue
        head = report.continuation.get(n)
        if n in used:
            status, reason = "used", used[n]
        elif head is not None and head in used:
            status, reason = "used", f"continues line {head}"
        elif n in report.structure:
            status, reason = "structure", report.structure[n]
        else:
            status, reason = "unparsed", "no rule matched"
        out.append(LineCoverage(name, n, status, reason, clean(text), page_of(n) if page_of else None,  # type: ignore[arg-type]
                                refused_dates(text, report.meta.year)))
    return out


def _row(source: str, used: int, structure: int, unparsed: int) -> dict[str, object]:
    total = used + structure + unparsed
    return {"source": source, "lines": total, "used": used, "structure": structure, "unparsed": unparsed,
            "accounted_pct": round(100 * (used + structure) / total, 1) if total else 100.0}


def summary(kb: KnowledgeBase) -> list[dict[str, object]]:
    """Per report: non-blank lines and how many are used, structural, unparsed."""
    by_report: dict[str, Counter] = {}
    for c in kb.coverage:
        by_report.setdefault(c.source, Counter())[c.status] += 1
    return [_row(name, cnt["used"], cnt["structure"], cnt["unparsed"]) for name, cnt in sorted(by_report.items())]


def total(rows: list[dict[str, object]], source: str = "all") -> dict[str, object]:
    """The rows of :func:`summary` added up into one row of the same shape."""
    return _row(source, *(sum(int(r[k]) for r in rows) for k in ("used", "structure", "unparsed")))  # type: ignore[arg-type]


def by_page(kb: KnowledgeBase) -> list[str]:
    """Markdown tables of the coverage of each PDF source, page by page ([] when there is none).

    A page's running header, footer and page number count as structure there.
    """
    pages: dict[str, dict[int, Counter]] = {}
    for c in kb.coverage:
        if c.page is not None:
            pages.setdefault(c.source, {}).setdefault(c.page, Counter())[c.status] += 1
    out: list[str] = []
    for source, per_page in sorted(pages.items()):
        out += ["", f"## {source}, page by page", "", "| page | lines | used | structure | unparsed | accounted % |",
                "|---:|---:|---:|---:|---:|---:|"]
        for page, cnt in sorted(per_page.items()):
            r = _row(source, cnt["used"], cnt["structure"], cnt["unparsed"])
            out.append(f"| {page} | {r['lines']} | {r['used']} | {r['structure']} | {r['unparsed']} | {r['accounted_pct']} |")
    return out


def write_coverage(kb: KnowledgeBase, out: Path) -> list[Path]:
    """``coverage.csv`` (every line) and ``coverage.md`` (summary and the unparsed lines)."""
    csv_path = out / "coverage.csv"
    with atomic_open(csv_path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source", "line", "status", "reason", "text", "date_error"])
        for c in sorted(kb.coverage):
            w.writerow([c.source, c.line, c.status, c.reason, c.text, getattr(c, "date_error", "")])
    lines = ["# Coverage report", "", "Every non-blank line of every source: used by a statement, structural, or unparsed.", "",
             "| source | lines | used | structure | unparsed | accounted % |", "|---|---:|---:|---:|---:|---:|"]
    for r in summary(kb):
        lines.append(f"| {r['source']} | {r['lines']} | {r['used']} | {r['structure']} | {r['unparsed']} | {r['accounted_pct']} |")
    lines += by_page(kb)
    lines += ["", "## Unparsed lines (for review)", ""]
    for c in sorted(kb.coverage):
        if c.status == "unparsed":
            lines.append(f"- `{c.source}:{c.line}` {c.text.replace('|', '/')}")
    refused = [c for c in sorted(kb.coverage) if getattr(c, "date_error", "")]
    lines += ["", "## Dates the calendar refuses (kept as written, never replaced)", ""]
    lines += [f"- `{c.source}:{c.line}` {c.date_error}: {c.text.replace('|', '/')}" for c in refused] or ["none"]
    md_path = out / "coverage.md"
    atomic_write(md_path, "\n".join(lines) + "\n")
    return [csv_path, md_path]


def date_errors(kb: KnowledgeBase) -> dict[tuple[str, int], str]:
    """(source, line) → the dates that line writes and the calendar refuses."""
    return {(c.source, c.line): c.date_error for c in kb.coverage if getattr(c, "date_error", "")}
