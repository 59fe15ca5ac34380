"""Briefings: who an entity (or topic) is, what happened when, the money, the partners — all cited.

``briefing(kb, name)`` returns a plain dict; ``to_markdown``, ``to_json`` and
``to_html`` render it. Every rendered line that states a fact ends with its
citation ``[file:line]`` (identity facts from the gazetteer cite the gazetteer
file).

Name resolution reuses :func:`viz.focus.resolve_name` (labels, aliases,
spacing, case) and adds punctuation tolerance and *topics*: a name that is
part of several labels (``"몽골"``) gathers every entity whose label contains
it, and a Country also gathers the entities located in it.
"""
from __future__ import annotations

import difflib
import html
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from . import schema
from .analysis import ACTOR_TYPES
from .errors import NotFoundError
from .model import KnowledgeBase, Statement
from .textnorm import key as norm_key

#: Classes whose briefing also covers entities named after them (programs of a zone, …).
TOPIC_TYPES = frozenset({"Country", "Zone", "Program"})
#: Relations reported under money rather than in the timeline.
MONEY_RELATIONS = frozenset({"funded_by", "budget"})
#: Shortest alias (after normalisation) used to gather a topic's members; "특구" alone is too vague.
MIN_TOPIC_KEY = 5

_HEAD = {
    "ko": {"title": "브리핑", "who": "개요", "scope": "포함 범위", "summary": "관계 요약", "timeline": "연표",
           "done": "실적", "planned": "계획", "undated": "날짜 미상", "money": "예산·재원",
           "money_total": "합계 (회계연도·재원·구분별)", "money_rows": "내역 (사업별)", "related": "관련 주체",
           "type": "유형", "label": "정식 명칭", "label_en": "영문 명칭", "aliases": "별칭", "attr": "속성",
           "first": "처음 언급", "topic": "주제어", "members": "관련 개체", "count": "건",
           "shared": "공유 진술", "none": "(해당 없음)", "as_of": "기준일", "since": "시작 연도",
           "budget": "예산", "executed": "집행", "total": "총액", "more": "외", "won": "원",
           "gazetteer": "gazetteer", "programs": "사업", "network": "관계망 보기 (반경 2)"},
    "en": {"title": "Briefing", "who": "Overview", "scope": "Scope", "summary": "Relations", "timeline": "Timeline",
           "done": "Done", "planned": "Planned", "undated": "Undated", "money": "Budget and funding",
           "money_total": "Totals (fiscal year, source, basis)", "money_rows": "Details (by program)",
           "related": "Related actors", "type": "Type", "label": "Canonical name", "label_en": "English name",
           "aliases": "Aliases", "attr": "Attribute", "first": "First mention", "topic": "Topic",
           "members": "Entities covered", "count": "", "shared": "shared statements", "none": "(none)",
           "as_of": "As of", "since": "Since", "budget": "budget", "executed": "executed", "total": "total",
           "more": "more", "won": " KRW", "gazetteer": "gazetteer", "programs": "programs",
           "network": "Network view (radius 2)"},
}


# --------------------------------------------------------------------------- resolution

@dataclass
class Match:
    """What a name resolved to: one entity, a topic, or both (an entity that is also a topic)."""

    query: str
    node: str | None
    members: dict[str, str] = field(default_factory=dict)  # node id → why it is included


def _names(G: nx.MultiDiGraph, n: str) -> list[str]:
    d = G.nodes[n]
    return [str(x) for x in (d.get("label"), d.get("label_en"), *(d.get("aliases") or [])) if x]


def closest(G: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    """The ``n`` labels closest to ``name`` (difflib over normalised labels and aliases)."""
    by_key: dict[str, str] = {}
    for node in sorted(G):
        label = str(G.nodes[node].get("label") or node)
        for x in _names(G, node):
            by_key.setdefault(norm_key(x), label)
    out: list[str] = []
    q = norm_key(name)
    close = difflib.get_close_matches(q, list(by_key), n=n * 3, cutoff=0.3)
    for k in close or difflib.get_close_matches(q, list(by_key), n=n * 3, cutoff=0.0):
        if by_key[k] not in out:
            out.append(by_key[k])
    return out[:n]


def resolve_entity(G: nx.MultiDiGraph, name: str) -> str:
    """The one node ``name`` designates (id, label or alias; spacing, case and punctuation ignored).

    Raises :class:`NotFoundError` with the 5 closest labels on a miss or an ambiguity.
    """
    from viz.focus import resolve_name

    try:
        return resolve_name(G, name)
    except NotFoundError as exc:
        k = norm_key(name)
        hits = sorted({n for n in G if k and k in {norm_key(x) for x in _names(G, n)}})
        if len(hits) == 1:
            return hits[0]
        cands = exc.candidates if hits or any(k in norm_key(x) for n in G for x in _names(G, n)) else []
        raise NotFoundError(name, (cands or closest(G, name))[:5]) from None


def resolve(G: nx.MultiDiGraph, name: str) -> Match:
    """Resolve ``name`` to an entity and/or a topic (see the module docstring)."""
    try:
        node = resolve_entity(G, name)
    except NotFoundError:
        node = None
    k = norm_key(name)
    match = Match(name, node)
    terms: set[str] = set()
    if node is None:
        if len(k) >= 2:
            terms.add(k)
    else:
        match.members[node] = "direct"
        d = G.nodes[node]
        if d.get("type") in TOPIC_TYPES:
            terms |= {t for t in (norm_key(x) for x in _names(G, node)) if len(t) >= MIN_TOPIC_KEY}
            terms.add(norm_key(str(d.get("label") or "")))
        if d.get("type") == "Country":
            for u, _, a in G.in_edges(node, data=True):
                if a.get("relation") == "located_in":
                    match.members.setdefault(u, "located_in")
        country = (d.get("attributes") or {}).get("country")
        if country:  # e.g. an agency of Mongolia: the Mongolia-named events and activities too
            ck = norm_key(country)
            for n in G:
                if G.nodes[n].get("type") in ("Event", "Activity") and ck in norm_key(str(G.nodes[n].get("label"))):
                    match.members.setdefault(n, f"country:{country}")
    terms.discard("")
    for n in sorted(G):
        if n not in match.members and any(t in norm_key(x) for t in terms for x in _names(G, n)):
            match.members[n] = "label"
    if node is None:
        for n in [m for m in match.members if G.nodes[m].get("type") == "Country"]:
            for u, _, a in G.in_edges(n, data=True):
                if a.get("relation") == "located_in":
                    match.members.setdefault(u, "located_in")
    if not match.members:
        raise NotFoundError(name, closest(G, name))
    return match


# --------------------------------------------------------------------------- helpers

def rel_label(rel: str, lang: str = "ko") -> str:
    """The ontology label of a relation in ``lang`` (the key itself if unknown)."""
    t = schema.relations().get(rel)
    return (t.label(lang) or rel) if t else rel


def type_label(cls: str, lang: str = "ko") -> str:
    """The ontology label of an entity class in ``lang``."""
    t = schema.classes().get(cls)
    return (t.label(lang) or cls) if t else cls


def node_label(G: nx.MultiDiGraph, n: str, lang: str = "ko") -> str:
    """A node's display label (English where known and asked for)."""
    d = G.nodes[n]
    if lang == "en" and d.get("label_en"):
        return str(d["label_en"])
    return str(d.get("label") or n)


def fmt_date(start: str | None, end: str | None) -> str:
    """Compact ISO range: ``2019-05-23~26``, ``2021-02~12``, ``2019-12~2020-01-17``."""
    if not start:
        return ""
    if not end or end == start:
        return start
    if len(end) == len(start) and end[:4] == start[:4]:
        if len(start) == 10 and end[:7] == start[:7]:
            return f"{start}~{end[8:]}"
        return f"{start}~{end[5:]}"
    return f"{start}~{end}"


def cite(c: dict[str, Any]) -> str:
    """``file:line``."""
    return f"{c['source']}:{c['line']}"


def cites(cs: list[dict[str, Any]], limit: int = 0, lang: str = "ko") -> str:
    """``[a:1; b:2]``, cut to ``limit`` citations (``0``: all) with a count of the rest."""
    shown = cs[:limit] if limit else cs
    text = "; ".join(cite(c) if c.get("line") is not None else str(c["source"]) for c in shown)
    rest = len(cs) - len(shown)
    if rest > 0:
        text += f"; {_HEAD[lang]['more']} {rest}"
    return f"[{text}]"


def _citation(s: Statement) -> dict[str, Any]:
    return {"source": s.citation.source, "line": s.citation.line, "quote": s.citation.quote}


def _uniq(cs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, int]] = set()
    out = []
    for c in sorted(cs, key=lambda c: (str(c["source"]), c["line"] or 0)):
        if (c["source"], c["line"]) not in seen:
            seen.add((c["source"], c["line"]))
            out.append(c)
    return out


@lru_cache(maxsize=1)
def _gazetteer_files() -> dict[str, str]:
    """Entity id → gazetteer file name (for citing identity facts)."""
    from .resources import GAZETTEER_DIR

    out: dict[str, str] = {}
    for path in sorted(GAZETTEER_DIR.glob("*.toml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("id") and "=" in line:
                out.setdefault(line.split("=", 1)[1].strip().strip('"'), f"gazetteer/{path.name}")
    return out


def _kept(s: Statement, report_year: dict[str, int], as_of: str | None, since: int | None) -> bool:
    """Whether a statement falls in the ``as_of``/``since`` window (undated: by its report's year)."""
    w = s.when
    if w and w.start:
        if as_of and not w.holds_on(as_of):
            return False
        if since is not None and int((w.end or w.start)[:4]) < since:
            return False
        return True
    year = s.fiscal_year or report_year.get(s.citation.source)
    if year is None:
        return True
    if as_of and year > int(as_of[:4]):
        return False
    return not (since is not None and year < since)


# --------------------------------------------------------------------------- the briefing

def briefing(kb: KnowledgeBase, name: str, as_of: str | None = None, since: int | None = None,
             lang: str = "ko", G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """The briefing on ``name`` as a JSON-ready dict (see :func:`to_markdown` for its sections)."""
    from .network import to_networkx

    if lang not in _HEAD:
        raise ValueError(f"lang must be one of {', '.join(_HEAD)}")
    G = G if G is not None else to_networkx(kb)
    m = resolve(G, name)
    scope = m.members
    report_year = {r.file: r.year for r in kb.reports}
    stmts = [s for s in kb.statements
             if (s.subject in scope or (s.object in scope)) and _kept(s, report_year, as_of, since)]

    first: dict[str, dict[str, Any]] = {}
    for s in kb.statements:
        for n in (s.subject, s.object):
            if n and n not in first:
                first[n] = _citation(s)
    gaz = _gazetteer_files()

    def ent(n: str) -> dict[str, Any]:
        d = G.nodes[n]
        src = gaz.get(n)
        return {"id": n, "label": d.get("label") or n, "label_en": d.get("label_en") or "",
                "display": node_label(G, n, lang), "type": d.get("type"),
                "type_label": type_label(str(d.get("type")), lang), "aliases": list(d.get("aliases") or []),
                "attributes": dict(d.get("attributes") or {}), "in_gazetteer": bool(d.get("in_gazetteer")),
                "citation": {"source": src, "line": None, "quote": ""} if src else first.get(n)}

    # summary by relation
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in stmts:
        by_rel[s.relation].append(_citation(s))
    summary = [{"relation": r, "label": rel_label(r, lang), "count": len(cs), "citations": _uniq(cs)}
               for r, cs in sorted(by_rel.items(), key=lambda kv: (-len(kv[1]), kv[0]))]

    # timeline, merging the same fact restated in several reports
    rows: dict[tuple, dict[str, Any]] = {}
    for s in stmts:
        if s.relation in MONEY_RELATIONS:
            continue
        w = s.when
        k = (w.start if w else None, w.end if w else None, s.relation, s.subject, s.object, s.role, s.status)
        row = rows.get(k)
        if row is None:
            if m.node and s.subject == m.node:
                other, direction = s.object, "→"
            elif m.node and s.object == m.node:
                other, direction = s.subject, "←"
            else:
                other, direction = None, ""
            row = rows[k] = {
                "date": w.start if w else None, "end": w.end if w else None,
                "when": fmt_date(w.start if w else None, w.end if w else None),
                "relation": s.relation, "relation_label": rel_label(s.relation, lang), "direction": direction,
                "subject": s.subject, "subject_label": node_label(G, s.subject, lang),
                "object": s.object, "object_label": node_label(G, s.object, lang) if s.object else "",
                "other": other, "other_label": node_label(G, other, lang) if other else "",
                "role": s.role or "", "status": s.status, "citations": []}
        row["citations"].append(_citation(s))
    timeline: dict[str, list[dict[str, Any]]] = {"done": [], "planned": [], "undated": []}
    for row in rows.values():
        row["citations"] = _uniq(row["citations"])
        timeline["undated" if not row["date"] else row["status"]].append(row)
    for part in timeline.values():
        part.sort(key=lambda r: (r["date"] or "", r["end"] or "", r["relation"], r["subject_label"],
                                 r["object_label"]))

    # money: distinct facts, then sums by fiscal year × basis × source
    facts: dict[tuple, dict[str, Any]] = {}
    for s in stmts:
        if s.relation not in MONEY_RELATIONS or s.amount_krw is None:
            continue
        src = s.object if s.relation == "funded_by" else None
        fy = s.fiscal_year or (s.when.year if s.when else None)
        # one program written two ways ("영등포스마트메디컬특구활성화") is one program
        k = (norm_key(node_label(G, s.subject)), fy, s.basis, src, s.amount_krw, s.role)
        f = facts.setdefault(k, {"program": s.subject, "program_label": node_label(G, s.subject, lang),
                                 "fiscal_year": fy, "basis": s.basis or "", "source": src,
                                 "source_label": node_label(G, src, lang) if src else _HEAD[lang]["total"],
                                 "amount_krw": s.amount_krw, "role": s.role or "", "status": s.status,
                                 "citations": []})
        f["citations"].append(_citation(s))
    money_rows = sorted(facts.values(), key=lambda f: (f["fiscal_year"] or 0, f["program_label"], f["basis"],
                                                       f["source"] is not None, f["source_label"]))
    totals: dict[tuple, dict[str, Any]] = {}
    for f in money_rows:
        if f["role"]:  # a division's total, not the program's own money
            continue
        k = (f["fiscal_year"], f["basis"], f["source"])
        t = totals.setdefault(k, {"fiscal_year": f["fiscal_year"], "basis": f["basis"], "source": f["source"],
                                  "source_label": f["source_label"], "amount_krw": 0, "programs": [],
                                  "citations": []})
        t["amount_krw"] += f["amount_krw"]
        if f["program_label"] not in t["programs"]:
            t["programs"].append(f["program_label"])
        t["citations"] += f["citations"]
    money_totals = sorted(totals.values(), key=lambda t: (t["fiscal_year"] or 0, t["basis"],
                                                          t["source"] is not None, t["source_label"]))
    for t in money_totals:
        t["citations"] = _uniq(t["citations"])
    for f in money_rows:
        f["citations"] = _uniq(f["citations"])

    # related actors: the other ends of the scope's statements, by number of statements shared
    shared: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in stmts:
        for n in (s.subject, s.object):
            if n and n not in scope and G.nodes[n].get("type") in ACTOR_TYPES:
                shared[n].append(_citation(s))
    related = [{**ent(n), "count": len(cs), "citations": _uniq(cs)}
               for n, cs in sorted(shared.items(), key=lambda kv: (-len(kv[1]), node_label(G, kv[0], lang)))]

    return {
        "query": name, "lang": lang, "as_of": as_of, "since": since,
        "entity": ent(m.node) if m.node else None,
        "scope": [{**ent(n), "why": why} for n, why in m.members.items() if n != m.node],
        "summary": summary,
        "timeline": timeline,
        "money": {"totals": money_totals, "rows": money_rows},
        "related": related,
        "n_statements": len(stmts),
    }


# --------------------------------------------------------------------------- renderers

def _won(amount: int, lang: str) -> str:
    return f"{amount:,}{_HEAD[lang]['won']}"


def _basis(b: str, lang: str) -> str:
    return _HEAD[lang].get(b, b) if b in ("budget", "executed") else b


def _entity_cite(e: dict[str, Any]) -> str:
    c = e.get("citation")
    if not c:
        return "[?]"
    return f"[{c['source']}]" if c.get("line") is None else f"[{cite(c)}]"


def lines(b: dict[str, Any]) -> list[tuple[str, str]]:
    """The briefing as (kind, text) pairs: ``h1``/``h2``/``h3``/``p``/``li`` — shared by the renderers."""
    lang = b["lang"]
    H = _HEAD[lang]
    e = b["entity"]
    out: list[tuple[str, str]] = []
    title = e["display"] if e else b["query"]
    out.append(("h1", f"{H['title']}: {title}"))
    window = [f"{H['as_of']} {b['as_of']}" if b["as_of"] else "", f"{H['since']} {b['since']}" if b["since"] else ""]
    if any(window):
        out.append(("p", " · ".join(w for w in window if w)))
    if b.get("page"):
        out.append(("link", b["page"]))

    out.append(("h2", H["who"]))
    if e:
        c = _entity_cite(e)
        out.append(("li", f"{H['type']}: {e['type_label']} ({e['type']}) {c}"))
        out.append(("li", f"{H['label']}: {e['label']} {c}"))
        if e["label_en"]:
            out.append(("li", f"{H['label_en']}: {e['label_en']} {c}"))
        if e["aliases"]:
            out.append(("li", f"{H['aliases']}: {', '.join(e['aliases'])} {c}"))
        for k, v in sorted(e["attributes"].items()):
            out.append(("li", f"{H['attr']} {k}: {v} {c}"))
    else:
        unit = "개" if lang == "ko" else ""
        out.append(("li", f"{H['topic']}: {b['query']} — {H['members']} {len(b['scope'])}{unit} "
                          f"{cites([s['citation'] for s in b['scope'] if s['citation']], 3, lang)}"))
    if b["scope"]:
        out.append(("h2", f"{H['scope']} ({len(b['scope'])})"))
        for s in b["scope"]:
            out.append(("li", f"{s['display']} ({s['type_label']}) {_entity_cite(s)}"))

    out.append(("h2", H["summary"]))
    if not b["summary"]:
        out.append(("p", H["none"]))
    for s in b["summary"]:
        out.append(("li", f"{s['label']}: {s['count']}{H['count']} {cites(s['citations'], 3, lang)}"))

    out.append(("h2", H["timeline"]))
    for part in ("done", "planned", "undated"):
        rows = b["timeline"][part]
        out.append(("h3", f"{H[part]} ({len(rows)})"))
        if not rows:
            out.append(("p", H["none"]))
        for r in rows:
            when = r["when"] or H["undated"]
            if r["other"]:
                what = f"{r['relation_label']} {r['direction']} {r['other_label']}"
            else:
                what = f"{r['subject_label']} —{r['relation_label']}→ {r['object_label']}"
            role = f" ({r['role']})" if r["role"] else ""
            out.append(("li", f"{when} {what}{role} {cites(r['citations'], 0, lang)}"))

    out.append(("h2", H["money"]))
    if not b["money"]["rows"]:
        out.append(("p", H["none"]))
    else:
        out.append(("h3", H["money_total"]))
        for t in b["money"]["totals"]:
            out.append(("li", f"{t['fiscal_year']} {t['source_label']} {_basis(t['basis'], lang)} "
                              f"{_won(t['amount_krw'], lang)} ({H['programs']} {len(t['programs'])}) "
                              f"{cites(t['citations'], 0, lang)}"))
        out.append(("h3", H["money_rows"]))
        for f in b["money"]["rows"]:
            role = f" ({f['role']})" if f["role"] else ""
            out.append(("li", f"{f['fiscal_year']} {f['program_label']}: {f['source_label']} "
                              f"{_basis(f['basis'], lang)} {_won(f['amount_krw'], lang)}{role} "
                              f"{cites(f['citations'], 0, lang)}"))

    out.append(("h2", H["related"]))
    if not b["related"]:
        out.append(("p", H["none"]))
    for r in b["related"]:
        out.append(("li", f"{r['display']} ({r['type_label']}): {H['shared']} {r['count']}{H['count']} "
                          f"{cites(r['citations'], 3, lang)}"))
    return out


def to_markdown(b: dict[str, Any]) -> str:
    """The briefing as Markdown (one fact per bullet, each with its citation)."""
    marks = {"h1": "# ", "h2": "\n## ", "h3": "\n### ", "p": "", "li": "- "}
    link = _HEAD[b["lang"]]["network"]
    return "\n".join(f"[{link}]({t})" if k == "link" else marks[k] + t for k, t in lines(b)).strip() + "\n"


def to_json(b: dict[str, Any]) -> str:
    """The briefing as JSON (UTF-8 text, Korean kept as is)."""
    return json.dumps(b, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def to_html(b: dict[str, Any]) -> str:
    """The briefing as a self-contained HTML page; every string is escaped."""
    esc = html.escape
    body: list[str] = []
    in_list = False
    parts = lines(b)
    for kind, text in parts:
        if kind == "li" and not in_list:
            body.append("<ul>")
            in_list = True
        elif kind != "li" and in_list:
            body.append("</ul>")
            in_list = False
        if kind == "link":
            label = esc(_HEAD[b["lang"]]["network"])
            body.append(f'<p><a href="{esc(text, quote=True)}">{label}</a></p>')
            continue
        tag = {"h1": "h1", "h2": "h2", "h3": "h3", "p": "p", "li": "li"}[kind]
        body.append(f"<{tag}>{esc(text)}</{tag}>")
    if in_list:
        body.append("</ul>")
    title = esc(parts[0][1])
    lang = esc(b["lang"])
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
            "li{margin:.2em 0}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def render(b: dict[str, Any], fmt: str = "md") -> str:
    """Render in ``md``, ``json`` or ``html``."""
    return {"md": to_markdown, "json": to_json, "html": to_html}[fmt](b)
