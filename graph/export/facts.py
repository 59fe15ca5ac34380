"""The facts table: one row per statement, the stable export other tools read."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from ..atomic import atomic_open
from ..model.statements import KnowledgeBase

#: Column order of the facts table (the DESIGN contract first, then extras).
COLUMNS = [
    "subject", "subject_type", "relation", "object", "object_type", "date", "end", "status", "amount_krw",
    "source", "line", "quote",
    "statement_id", "subject_id", "object_id", "precision", "date_text", "role", "basis", "fiscal_year", "note",
    "page", "locator", "report_year", "review",
]
#: Columns of ``review.csv``: one row per judgement read, with what the build made of it.
REVIEW_COLUMNS = ["judgement", "file", "entry", "kind", "status", "target", "detail", "candidates", "who", "when",
                  "why"]


def rows(kb: KnowledgeBase) -> list[dict[str, object]]:
    """The facts as plain dicts, in statement order.

    ``review`` holds the ids of the judgements that changed or added the statement (space-separated).
    ``page`` (PDF) and ``locator`` (HWPX, HWP: ``section 1 paragraph 12``, ``section 1 table 2 row 3``)
    say where the cited line stands in its file; both are empty for text reports.
    """
    out = []
    ents = kb.entities
    layouts = getattr(kb, "layouts", None) or {}  # a knowledge base pickled before layouts existed has none
    report_year = {r.file: r.year for r in kb.reports}
    for s in kb.statements:
        layout = layouts.get(s.citation.source)
        subj = ents[s.subject]
        obj = ents[s.object] if s.object else None
        w = s.when
        out.append({
            "subject": subj.label, "subject_type": subj.type, "relation": s.relation,
            "object": obj.label if obj else None, "object_type": obj.type if obj else None,
            "date": w.start if w else None, "end": w.end if w else None, "status": s.status,
            "amount_krw": s.amount_krw, "source": s.citation.source, "line": s.citation.line,
            "quote": s.citation.quote, "statement_id": s.id, "subject_id": s.subject, "object_id": s.object,
            "precision": w.precision if w else None, "date_text": w.text if w else None, "role": s.role,
            "basis": s.basis, "fiscal_year": s.fiscal_year, "note": s.note,
            "page": layout.page(s.citation.line) if layout else None,
            "locator": layout.locator(s.citation.line) if layout else None,
            "report_year": report_year.get(s.citation.source),
            "review": " ".join(s.review) or None,
        })
    return out


def facts_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """The facts table as a pandas DataFrame (amounts as nullable integers)."""
    df = pd.DataFrame(rows(kb), columns=COLUMNS)
    for col in ("amount_krw", "line", "fiscal_year", "page", "report_year"):
        df[col] = df[col].astype("Int64")
    return df


def write_facts(kb: KnowledgeBase, path: Path, fmt: str = "csv") -> Path:
    """Write the facts table as ``csv`` or ``jsonl`` (atomically)."""
    data = rows(kb)
    with atomic_open(path) as fh:
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            w.writeheader()
            for r in data:
                w.writerow({k: ("" if v is None else v) for k, v in r.items()})
        elif fmt == "jsonl":
            for r in data:
                fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
        else:
            raise ValueError(f"unknown format {fmt!r}")
    return path


def write_unresolved(kb: KnowledgeBase, path: Path) -> Path:
    """Entities the rules found that the gazetteer lacks, with how often they are cited."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for s in kb.statements:
        for eid in (s.subject, s.object):
            if eid:
                counts[eid] = counts.get(eid, 0) + 1
                first.setdefault(eid, f"{s.citation.source}:{s.citation.line}")
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "label", "type", "statements", "first_cited"])
        for e in kb.unresolved:
            w.writerow([e.id, e.label, e.type, counts.get(e.id, 0), first.get(e.id, "")])
    return path


def write_merges(kb: KnowledgeBase, path: Path) -> Path:
    """``merges.csv``: each name merged into a node the gazetteer lacks, with the rule and the line (for review)."""
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["entity", "label", "merged_name", "rule", "source", "line"])
        for m in kb.merges:
            w.writerow([m.entity, m.label, m.merged, m.rule, m.source, m.line])
    return path


def write_review(kb: KnowledgeBase, path: Path) -> Path:
    """``review.csv``: each judgement read, ``applied`` or ``stale`` (its target gone, with the nearest
    candidates), in file and entry order; only the header when there are none."""
    by_id = {j.id: j for j in getattr(kb, "judgements", [])}
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(REVIEW_COLUMNS)
        for o in getattr(kb, "outcomes", []):
            j = by_id.get(o.judgement)
            w.writerow([o.judgement, Path(o.file).name, o.entry, o.kind, o.status, o.target, o.detail,
                        " ".join(o.candidates), j.who if j else "", j.when if j else "", j.why if j else ""])
    return path
