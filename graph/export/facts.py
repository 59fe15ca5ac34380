"""The facts table: one row per statement, the stable export other tools read."""
from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_open
from ..model.statements import KnowledgeBase
from .coverage import date_errors

if TYPE_CHECKING:
    import pandas as pd

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


def row_values(kb: KnowledgeBase) -> Iterator[tuple[object, ...]]:
    """Each fact's values in :data:`COLUMNS` order, in statement order (one at a time: at 5,000
    reports the rows as dicts would hold a gigabyte).

    ``review`` holds the ids of the judgements that changed or added the statement (space-separated).
    ``page`` (PDF) and ``locator`` (HWPX, HWP: ``section 1 paragraph 12``, ``section 1 table 2 row 3``)
    say where the cited line stands in its file; both are empty for text reports.
    """
    ents = kb.entities
    layouts = getattr(kb, "layouts", None) or {}  # a knowledge base pickled before layouts existed has none
    report_year = {r.file: r.year for r in kb.reports}
    report_kind = {r.file: r.kind for r in kb.reports}
    refused = date_errors(kb)
    for s in kb.statements:
        c = s.citation
        layout = layouts.get(c.source)
        subj = ents[s.subject]
        obj = ents[s.object] if s.object else None
        w = s.when
        error = refused.get((c.source, c.line))
        yield (
            subj.label, subj.type, s.relation, obj.label if obj else None, obj.type if obj else None,
            w.start if w else None, w.end if w else None, s.status, s.amount_krw, c.source, c.line, c.quote,
            s.id, s.subject, s.object, w.precision if w else None,
            w.text if w else (error.split(" (", 1)[0] if error else None), s.role, s.basis, s.fiscal_year, s.note,
            layout.page(c.line) if layout else None, layout.locator(c.line) if layout else None,
            report_year.get(c.source), report_kind.get(c.source), error, " ".join(s.review) or None,
        )


def rows(kb: KnowledgeBase) -> list[dict[str, object]]:
    """The facts as plain dicts (keys in :data:`COLUMNS` order), in statement order; see :func:`row_values`."""
    return [dict(zip(COLUMNS, values)) for values in row_values(kb)]


def facts_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """The facts table as a pandas DataFrame (amounts as nullable integers)."""
    import pandas as pd  # here: the writers of the table do without it (0.3 s to import)

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


#: One compact JSON encoder for the JSON Lines rows (``json.dumps`` would build one per row).
_JSON = json.JSONEncoder(ensure_ascii=False)
FORMATS = ("csv", "jsonl")


def write_facts(kb: KnowledgeBase, path: Path, fmt: str = "csv") -> Path:
    """Write the facts table as ``csv`` or ``jsonl`` (atomically)."""
    return write_fact_files(kb, {fmt: path})[0]


def write_fact_files(kb: KnowledgeBase, paths: dict[str, Path]) -> list[Path]:
    """Write the facts table in each format of ``paths`` (``csv``, ``jsonl`` → path) in one pass over
    the statements; each file is written atomically. An empty value is an empty CSV cell and a JSON null."""
    unknown = [fmt for fmt in paths if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    with contextlib.ExitStack() as stack:
        files = {fmt: stack.enter_context(atomic_open(path)) for fmt, path in paths.items()}
        csv_out = csv.writer(files["csv"], lineterminator="\n") if "csv" in files else None
        jsonl = files.get("jsonl")
        if csv_out is not None:
            csv_out.writerow(COLUMNS)
        for values in row_values(kb):
            if csv_out is not None:
                csv_out.writerow(values)  # None is written as an empty cell
            if jsonl is not None:
                jsonl.write(_JSON.encode(dict(zip(COLUMNS, values))) + "\n")
    return list(paths.values())


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
