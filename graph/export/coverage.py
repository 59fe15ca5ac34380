"""Coverage: every non-blank source line is used, structural, or listed as unparsed."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ..atomic import atomic_open, atomic_write
from ..model.statements import KnowledgeBase, LineCoverage
from ..parse.document import Report
from ..read.textnorm import clean


def classify_lines(report: Report, used: dict[int, str]) -> list[LineCoverage]:
    """One :class:`LineCoverage` per non-blank line of ``report``."""
    out = []
    name = report.meta.file
    for n, text in enumerate(report.source.lines, start=1):
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
        out.append(LineCoverage(name, n, status, reason, clean(text)))  # type: ignore[arg-type]
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


def write_coverage(kb: KnowledgeBase, out: Path) -> list[Path]:
    """``coverage.csv`` (every line) and ``coverage.md`` (summary and the unparsed lines)."""
    csv_path = out / "coverage.csv"
    with atomic_open(csv_path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source", "line", "status", "reason", "text"])
        for c in sorted(kb.coverage):
            w.writerow([c.source, c.line, c.status, c.reason, c.text])
    lines = ["# Coverage report", "", "Every non-blank line of every source: used by a statement, structural, or unparsed.", "",
             "| source | lines | used | structure | unparsed | accounted % |", "|---|---:|---:|---:|---:|---:|"]
    for r in summary(kb):
        lines.append(f"| {r['source']} | {r['lines']} | {r['used']} | {r['structure']} | {r['unparsed']} | {r['accounted_pct']} |")
    lines += ["", "## Unparsed lines (for review)", ""]
    for c in sorted(kb.coverage):
        if c.status == "unparsed":
            lines.append(f"- `{c.source}:{c.line}` {c.text.replace('|', '/')}")
    md_path = out / "coverage.md"
    atomic_write(md_path, "\n".join(lines) + "\n")
    return [csv_path, md_path]
