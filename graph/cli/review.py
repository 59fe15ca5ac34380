"""``ydkg review``: what most needs a human look, ranked, as a table, CSV or an offline page that
writes judgement files."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import typer

from .common import (HiddenOutputOpt, NoReviewOpt, ReviewOpt, SourcesArg, check_format, emit, format_opt,
                     out_file_opt, pick, review_paths, source_paths)

FORMATS = ("text", "csv", "html")
CSV_COLUMNS = ("rank", "score", "kind", "what", "why", "source", "line", "quote", "suggest")
#: Longest ``what`` shown in a table row.
WIDTH = 60


def plain(text: object) -> str:
    """``text`` fit for a terminal: control and format characters (escapes, bidi overrides) dropped,
    line breaks and tabs as spaces."""
    s = re.sub(r"[\t\n\r\u2028\u2029]+", " ", str(text))
    return "".join(ch for ch in s if unicodedata.category(ch) not in ("Cc", "Cf"))


def _short(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(cands: list, limit: int) -> str:
    """The candidates as aligned text lines: rank, score, kind, what, why and where."""
    shown = cands[:limit] if limit else cands
    out = [f"{'#':>4}  {'score':>5}  {'kind':<9}  what — why [source:line]"]
    for i, c in enumerate(shown, start=1):
        where = f" [{c.source}:{c.line}]" if c.source else ""
        out.append(f"{i:>4}  {c.score:5.2f}  {c.kind:<9}  {plain(_short(c.what))} — {plain(c.why)}{plain(where)}")
    if len(shown) < len(cands):
        out.append(f"… {len(cands) - len(shown)} more (--limit 0 shows all; -f csv or html)")
    return "\n".join(out) + "\n"


def to_csv(cands: list) -> str:
    """The candidates as CSV, with the judgement each suggests as JSON."""
    import json

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for i, c in enumerate(cands, start=1):
        w.writerow([i, f"{c.score:.3f}", c.kind, c.what, c.why, c.source, c.line or "", c.quote,
                    json.dumps(c.suggest, ensure_ascii=False, sort_keys=True)])
    return buf.getvalue()


def register(app: typer.Typer) -> None:
    """Add the review command."""
    app.command("review", short_help="What most needs a human look · 검토가 필요한 것")(review)


def review(
    sources: list[Path] = SourcesArg,
    fmt: str = format_opt("text", FORMATS),
    output: Path | None = out_file_opt("Write the list (or the page) here"),
    output_old: Path | None = HiddenOutputOpt,
    limit: int = typer.Option(40, "--limit", "-n", min=0, metavar="N",
                              help="Rows of the text list (0: all; csv and html list all)."),
    data: Path | None = typer.Option(None, "--data", metavar="DIR",
                                     help="A build folder whose fresh kb.pickle to read (default: out/)."),
    review_: list[Path] | None = ReviewOpt,
    no_review: bool = NoReviewOpt,
) -> None:
    """List what most needs a reviewer's look, ranked: the merges the build made, likely duplicates,
    generic statements whose line holds a trigger word, unparsed lines with a date or an amount, and
    entities the gazetteer lacks; -f html writes an offline page that saves judgement files.

    검토가 필요한 것을 순서대로: 병합, 중복 후보, 일반 관계, 날짜·금액이 있는 미해석 줄, 사전에 없는 이름.
    """
    from ..query.candidates import candidates

    fmt = check_format(fmt, FORMATS)
    kb = _kb(sources, data, review_paths(review_, no_review))
    cands = candidates(kb)
    if fmt == "html":
        from viz.review import review_page

        text = review_page(cands, title="ydkg: 검토 후보")
    else:
        text = to_csv(cands) if fmt == "csv" else table(cands, limit)
    emit(text, pick(output, output_old))


def _kb(sources: list[Path] | None, data: Path | None, review: list[Path] | None):
    """The knowledge base to review: ``data``'s (or out/'s) fresh ``kb.pickle`` when no judgement files are
    named, else a build (coverage rows included: unparsed lines are candidates)."""
    from ..pipeline.build import build_kb
    from ..query.persist import load_kb
    from .brief import _expect

    if review is None:
        folder, expect = _expect(sources, data)
        kb = load_kb(folder, expect, coverage=True)
        if kb is not None:
            return kb
    return build_kb(source_paths(sources), review=review)
