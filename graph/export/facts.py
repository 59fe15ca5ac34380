"""The facts table: one row per statement, the stable export other tools read."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from ..atomic import atomic_open
from ..model.statements import KnowledgeBase
from .coverage import date_errors

#: Column order of the facts table (the DESIGN contract first, then extras).
COLUMNS = [
    "subject", "subject_type", "relation", "object", "object_type", "date", "end", "status", "amount_krw",
    "source", "line", "quote",
    "statement_id", "subject_id", "object_id", "precision", "date_text", "role", "basis", "fiscal_year", "note",
    "page", "locator", "report_year", "report_kind", "date_error", "review",
]
#: Columns of ``review.csv``: one row per judgement read, with what the build made of it.
REVIEW_COLUMNS = ["judgement", "file", "entry", "kind", "status", "target", "detail", "candidates", "who", "when",
                  "why"]

_DATE = {"base": "string", "format": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
#: Each column's CSVW datatype (``facts.csv-metadata.json``) and meaning; every other column is a string.
COLUMN_TYPES: dict[str, tuple[object, str]] = {
    "subject": ("string", "the subject entity's Korean label"),
    "relation": ("string", "the relation's key in ontology/ydkg.ttl (agreement, sister_city …)"),
    "object": ("string", "the object entity's Korean label (empty for a statement of money only)"),
    "date": (_DATE, "the date the line states, at its precision: YYYY, YYYY-MM or YYYY-MM-DD"),
    "end": (_DATE, "the end of a date range, at its own precision"),
    "status": ({"base": "string", "format": "done|planned"}, "done (추진실적) or planned (추진계획)"),
    "amount_krw": ("integer", "an amount in won"),
    "source": ("string", "the report file the statement cites"),
    "line": ("integer", "the cited line's number in that file (as ydkg reads it)"),
    "quote": ("string", "the cited line"),
    "statement_id": ("string", "the statement's stable id"),
    "fiscal_year": ("gYear", "the fiscal year an amount belongs to"),
    "page": ("integer", "the PDF page of the cited line"),
    "report_year": ("gYear", "the year of the report that states it"),
    "report_kind": ({"base": "string", "format": "work_report|pledge_card"},
                    "work_report (주요업무 보고) or pledge_card (공약 이행 카드): a pledge card's money restates the reports'"),
    "date_error": ("string", "a date the line writes that the calendar refuses, as written, and why"),
}


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
    report_kind = {r.file: r.kind for r in kb.reports}
    refused = date_errors(kb)
    for s in kb.statements:
        layout = layouts.get(s.citation.source)
        subj = ents[s.subject]
        obj = ents[s.object] if s.object else None
        w = s.when
        error = refused.get((s.citation.source, s.citation.line))
        out.append({
            "subject": subj.label, "subject_type": subj.type, "relation": s.relation,
            "object": obj.label if obj else None, "object_type": obj.type if obj else None,
            "date": w.start if w else None, "end": w.end if w else None, "status": s.status,
            "amount_krw": s.amount_krw, "source": s.citation.source, "line": s.citation.line,
            "quote": s.citation.quote, "statement_id": s.id, "subject_id": s.subject, "object_id": s.object,
            "precision": w.precision if w else None,
            "date_text": w.text if w else (error.split(" (", 1)[0] if error else None), "role": s.role,
            "basis": s.basis, "fiscal_year": s.fiscal_year, "note": s.note,
            "page": layout.page(s.citation.line) if layout else None,
            "locator": layout.locator(s.citation.line) if layout else None,
            "report_year": report_year.get(s.citation.source), "report_kind": report_kind.get(s.citation.source),
            "date_error": error, "review": " ".join(s.review) or None,
        })
    return out


def facts_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """The facts table as a pandas DataFrame (amounts as nullable integers)."""
    df = pd.DataFrame(rows(kb), columns=COLUMNS)
    for col in ("amount_krw", "line", "fiscal_year", "page", "report_year"):
        df[col] = df[col].astype("Int64")
    return df


def csvw_metadata(csv_name: str = "facts.csv") -> dict[str, object]:
    """W3C CSV on the Web metadata of the facts table: each column's name, datatype and meaning."""
    columns = []
    for name in COLUMNS:
        datatype, meaning = COLUMN_TYPES.get(name, ("string", ""))
        col: dict[str, object] = {"name": name, "titles": name, "datatype": datatype}
        if meaning:
            col["dc:description"] = meaning
        columns.append(col)
    return {"@context": "http://www.w3.org/ns/csvw", "url": csv_name,
            "dc:title": "ydkg facts: one row per statement, with its citation",
            "dialect": {"header": True, "encoding": "utf-8"},
            "tableSchema": {"columns": columns, "primaryKey": "statement_id"}}


def write_csvw(path: Path, csv_name: str = "facts.csv") -> Path:
    """Write ``facts.csv-metadata.json`` (the CSVW metadata file found beside ``facts.csv`` by convention)."""
    with atomic_open(path) as fh:
        fh.write(json.dumps(csvw_metadata(csv_name), ensure_ascii=False, indent=1) + "\n")
    return path


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
