"""The extractor's recall and precision on a synthetic corpus, per relation and per template.

``python -m bench.recall DIR`` builds the knowledge base of the synthetic corpus
in DIR (written by ``bench.synth``; ``--n N --seed S`` writes it first when DIR
has no ``truth.jsonl``) with ``graph.pipeline.build.build_kb`` and compares its
statements with ``truth.jsonl``.

A truth row is matched by a statement of the same source whose line lies in
the row's span (``line`` .. ``line_end``) and whose relation is the same; then,
level by level:

1. ``line``: a statement of that relation on that line,
2. ``object``: its object's label (or an alias) matches the truth object,
3. ``subject``: its subject matches too,
4. ``date``: start (or fiscal year), end and status match,
5. ``strict``: amount and basis match where the truth has them.

Labels match ignoring spaces and punctuation, ``(주)``, and province spellings
(경상남도 = 경남), and when one contains the other (``고성군`` in ``경남 고성군``).
Recall is strict matches / truth rows; precision is the share of extracted
statements (from the synthetic sources, in the relations the generator
writes) that strictly match a truth row, one to one. ``precision (facts)``
also counts a statement that restates a true (subject, relation, object) of
the same report on another line (e.g. team part_of division read again from
a program heading).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

LEVELS = ("none", "line", "object", "subject", "date", "strict")
_PROVINCES = {
    "서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천", "광주광역시": "광주",
    "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종", "경기도": "경기", "강원도": "강원",
    "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남", "전라북도": "전북", "전북특별자치도": "전북",
    "전라남도": "전남", "경상북도": "경북", "경상남도": "경남", "제주특별자치도": "제주",
}
_PUNCT = re.compile(r"[\s「」『』\"'“”‘’()（）\[\]·ㆍ.,\-]+")


def norm(label: str | None) -> str:
    """A label reduced for comparison."""
    if not label:
        return ""
    text = label.replace("(주)", "").replace("㈜", "").replace("주식회사", "")
    for full, short in _PROVINCES.items():
        text = text.replace(full, short)
    return _PUNCT.sub("", text).lower()


def labels_match(truth: str | None, names: Iterable[str]) -> bool:
    """True if the truth label equals, contains or is contained in one of ``names``."""
    t = norm(truth)
    if not t:
        return False
    for name in names:
        n = norm(name)
        if n and (n == t or (len(n) >= 2 and n in t) or (len(t) >= 2 and t in n)):
            return True
    return False


@dataclass
class _Ext:
    """One extracted statement, flattened for matching."""

    source: str
    line: int
    relation: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    date: str | None
    end: str | None
    fiscal_year: str | None
    status: str
    amount: int | None
    basis: str | None
    quote: str


def _names(kb: Any, entity_id: str | None) -> tuple[str, ...]:
    if entity_id is None:
        return ()
    e = kb.entities.get(entity_id)
    if e is None:
        return (entity_id,)
    return (e.label, *e.aliases)


def flatten(kb: Any, sources: set[str] | None = None) -> list[_Ext]:
    """The kb's statements as matchable records (only from ``sources`` if given)."""
    out = []
    for s in kb.statements:
        c = s.citation
        if sources is not None and c.source not in sources:
            continue
        out.append(_Ext(
            source=c.source, line=c.line, relation=s.relation,
            subject=_names(kb, s.subject), object=_names(kb, s.object),
            date=s.when.start if s.when else None, end=s.when.end if s.when else None,
            fiscal_year=str(s.fiscal_year) if s.fiscal_year else None, status=s.status,
            amount=s.amount_krw, basis=s.basis, quote=c.quote,
        ))
    return out


def _level(row: dict[str, Any], ext: _Ext) -> int:
    """How far ``ext`` matches the truth ``row`` (index into LEVELS)."""
    if row["object"] is None:
        if ext.object:
            return 1
    elif not labels_match(row["object"], ext.object):
        return 1
    if not labels_match(row["subject"], ext.subject):
        return 2
    if row["date"] is not None:
        if ext.date != row["date"] and not (ext.date is None and ext.fiscal_year == row["date"]):
            return 3
    if (row["end"] or None) != (ext.end or None) or row["status"] != ext.status:
        return 3
    if row["amount_krw"] is not None and ext.amount != row["amount_krw"]:
        return 4
    if row["basis"] is not None and ext.basis != row["basis"]:
        return 4
    return 5


def evaluate(kb: Any, truth: list[dict[str, Any]], examples: int = 3) -> dict[str, Any]:
    """Recall and precision of ``kb`` against ``truth``, per relation and per template (kind)."""
    sources = {r["source"] for r in truth}
    exts = flatten(kb, sources)
    by_key: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, e in enumerate(exts):
        by_key[(e.source, e.line, e.relation)].append(i)
    used: set[int] = set()
    best: list[int] = []
    closest: list[int | None] = []
    for row in truth:
        cands = [i for n in range(row["line"], (row["line_end"] or row["line"]) + 1)
                 for i in by_key.get((row["source"], n, row["relation"]), ())]
        top, pick, free_strict = 0, None, None
        for i in cands:
            lv = _level(row, exts[i])
            if lv == 5 and i not in used and free_strict is None:
                free_strict = i
            if lv > top:
                top, pick = lv, i
        if free_strict is not None:
            used.add(free_strict)
            top, pick = 5, free_strict
        elif top == 5:
            top = 4  # every strict candidate already taken by another row (a duplicate truth row)
        best.append(top)
        closest.append(pick)

    triples: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in truth:
        triples[(row["source"], row["relation"])].append(row)

    def restates(e: _Ext) -> bool:
        for row in triples.get((e.source, e.relation), ()):
            if (labels_match(row["subject"], e.subject)
                    and (not e.object if row["object"] is None else labels_match(row["object"], e.object))):
                return True
        return False

    rel_of = {r["relation"] for r in truth}
    extracted = Counter(e.relation for e in exts if e.relation in rel_of)
    matched_ext = Counter(exts[i].relation for i in used)
    fact_ok = Counter(e.relation for i, e in enumerate(exts)
                      if e.relation in rel_of and (i in used or restates(e)))
    other = Counter(e.relation for e in exts if e.relation not in rel_of)

    def table(key: str) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for row, lv, pick in zip(truth, best, closest):
            k = row[key]
            t = rows.setdefault(k, {"truth": 0, **{name: 0 for name in LEVELS[1:]}, "misses": Counter(), "examples": []})
            t["truth"] += 1
            for j in range(1, lv + 1):
                t[LEVELS[j]] += 1
            if lv < 5:
                t["misses"][LEVELS[lv + 1]] += 1
                if len(t["examples"]) < examples:
                    ex = {"source": row["source"], "line": row["line"], "missing": LEVELS[lv + 1],
                          "want": {x: row[x] for x in ("subject", "relation", "object", "date", "end", "status",
                                                       "amount_krw", "basis")}}
                    if pick is not None:
                        e = exts[pick]
                        ex["got"] = {"subject": e.subject[:1], "object": e.object[:1], "date": e.date, "end": e.end,
                                     "fiscal_year": e.fiscal_year, "status": e.status, "amount_krw": e.amount,
                                     "basis": e.basis}
                    t["examples"].append(ex)
        for k, t in rows.items():
            t["recall"] = t["strict"] / t["truth"] if t["truth"] else 0.0
            t["misses"] = dict(t["misses"].most_common())
            if key == "relation":
                t["extracted"] = extracted.get(k, 0)
                t["precision"] = matched_ext.get(k, 0) / t["extracted"] if t["extracted"] else 0.0
                t["precision_facts"] = fact_ok.get(k, 0) / t["extracted"] if t["extracted"] else 0.0
        return dict(sorted(rows.items()))

    n_strict = sum(1 for lv in best if lv == 5)
    n_ext = sum(extracted.values())
    return {
        "truth": len(truth),
        "strict": n_strict,
        "recall": n_strict / len(truth) if truth else 0.0,
        "extracted": n_ext,
        "precision": len(used) / n_ext if n_ext else 0.0,
        "precision_facts": sum(fact_ok.values()) / n_ext if n_ext else 0.0,
        "by_relation": table("relation"),
        "by_kind": table("kind"),
        "other_relations": dict(other.most_common()),
    }


def _kb_from_claims(folder: Path) -> Any:
    """Stand-in for ``build_kb`` while graph.pipeline.build is missing: claims, mentions as labels, no resolver."""
    from graph.extract import extract
    from graph.model.statements import Entity, KnowledgeBase, ReportMeta, Statement
    from graph.parse.parser import parse
    from graph.read.manifest import read_manifest
    from graph.read.sources import discover, read_source

    manifest = read_manifest(folder)
    kb = KnowledgeBase()
    for path in discover([folder]):
        row = manifest.get(path.name, {})
        src = read_source(path)
        meta = ReportMeta(
            file=path.name, year=int(row.get("report_year") or 0),
            plan_year=int(row["plan_year"]) if row.get("plan_year") else None,
            division=row.get("division") or None, title=row.get("title") or None,
            council_session=row.get("council_session") or None, as_of=row.get("as_of") or None,
            n_lines=len(src.lines),
        )
        kb.reports.append(meta)
        for c in extract(parse(src, meta)).claims:
            ids = []
            for m in (c.subject, c.object):
                if m is None:
                    ids.append(None)
                    continue
                key = f"{m.type}/{m.text}"
                kb.entities.setdefault(key, Entity(key, m.text, m.type, in_gazetteer=False))
                ids.append(key)
            kb.statements.append(Statement(
                ids[0], c.relation, ids[1], c.citation, status=c.status, when=c.when, amount_krw=c.amount_krw,
                role=c.role, basis=c.basis, fiscal_year=c.fiscal_year, note=c.note,
            ))
    return kb


def read_truth(folder: Path) -> list[dict[str, Any]]:
    """The truth rows bench.synth wrote into ``folder``."""
    with (folder / "truth.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def format_report(res: dict[str, Any]) -> str:
    """Markdown tables: per relation (with precision) and per template."""
    lines = [
        f"overall: recall {res['recall']:.1%} ({res['strict']}/{res['truth']}), "
        f"precision {res['precision']:.1%} of {res['extracted']} extracted "
        f"({res['precision_facts']:.1%} counting restatements of a true fact on another line)",
        "",
        "| relation | truth | on line | +object | +subject | +date/status | strict | recall | extracted "
        "| precision | precision (facts) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k, t in res["by_relation"].items():
        lines.append(f"| {k} | {t['truth']} | {t['line']} | {t['object']} | {t['subject']} | {t['date']} | "
                     f"{t['strict']} | {t['recall']:.1%} | {t['extracted']} | {t['precision']:.1%} "
                     f"| {t['precision_facts']:.1%} |")
    lines += ["", "| template (kind) | truth | strict | recall | first missing level |", "|---|---:|---:|---:|---|"]
    for k, t in res["by_kind"].items():
        miss = ", ".join(f"{m} {c}" for m, c in t["misses"].items()) or "-"
        lines.append(f"| {k} | {t['truth']} | {t['strict']} | {t['recall']:.1%} | {miss} |")
    if res["other_relations"]:
        lines += ["", "relations extracted that the generator does not write: "
                  + ", ".join(f"{k} {v}" for k, v in res["other_relations"].items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m bench.recall DIR [--n N --seed S] [--json FILE] [--examples K]``."""
    ap = argparse.ArgumentParser(prog="python -m bench.recall", description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, help="synthetic corpus folder (with truth.jsonl)")
    ap.add_argument("--n", type=int, help="generate N reports into FOLDER first if it has no truth.jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write the full result (with examples of misses) here")
    ap.add_argument("--examples", type=int, default=3, help="examples of misses kept per template")
    args = ap.parse_args(argv)
    if not (args.folder / "truth.jsonl").is_file():
        if not args.n:
            ap.error(f"{args.folder} has no truth.jsonl; pass --n N to generate a corpus there")
        from bench.synth import generate

        generate(args.n, args.folder, args.seed)
    truth = read_truth(args.folder)
    t0 = time.perf_counter()
    try:
        from graph.pipeline.build import build_kb
    except ImportError:
        print("graph.pipeline.build is missing: scoring parse + extract claims without the resolver", file=sys.stderr)
        kb = _kb_from_claims(args.folder)
    else:
        kb = build_kb([args.folder])
    dt = time.perf_counter() - t0
    res = evaluate(kb, truth, args.examples)
    n = len({r["source"] for r in truth})
    res["build_seconds"] = round(dt, 3)
    print(f"built {len(kb.reports)} reports ({n} with truth) in {dt:.2f} s: {len(kb.statements)} statements")
    print(format_report(res))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
