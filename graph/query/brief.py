"""Briefings: who an entity (or topic) is, what happened when, the money, the partners — all cited.

``briefing(kb, name)`` returns a plain dict; ``to_markdown``, ``to_json`` and
``to_html`` render it. Every rendered line that states a fact ends with its
citation ``[file:line]`` (identity facts from the gazetteer cite the gazetteer
file).

Name resolution reuses :func:`viz.focus.resolve_name` (labels, aliases,
spacing, case) and adds punctuation tolerance and *topics*: a name that is
part of several labels (``"몽골"``) gathers every entity whose label contains
it, and a Country also gathers the entities located in it.

A briefing reads a :class:`BriefData`: the knowledge base in memory with its
statements indexed by node (:class:`KbData`, built once per ``kb`` and
reused), or the index a build writes next to ``kb.pickle``
(``graph.query.persist.BriefIndex``), which answers without loading the whole
knowledge base. Both give the same briefing.
"""
from __future__ import annotations

import difflib
import html
import json
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from viz.focus import NameIndex, brief_names, resolve_name

from ..errors import NotFoundError
from ..model.statements import KnowledgeBase, Statement
from ..read.textnorm import key as norm_key

if TYPE_CHECKING:
    import networkx as nx

#: Classes whose briefing also covers entities named after them (programs of a zone, …).
#: Entity classes that act (the partners of a briefing, the nodes of the actor projection).
ACTOR_TYPES = frozenset({"Agency", "CivicGroup", "Company", "Country", "District", "Division", "Hospital",
                         "Person", "Team", "Zone"})
TOPIC_TYPES = frozenset({"Country", "Zone", "Program"})
#: Relations reported under money rather than in the timeline.
MONEY_RELATIONS = frozenset({"funded_by", "budget"})
#: Shortest alias (after normalisation) used to gather a topic's members; "특구" alone is too vague.
MIN_TOPIC_KEY = 5

_HEAD = {
    "ko": {"title": "브리핑", "who": "개요", "scope": "포함 범위", "summary": "관계 요약", "timeline": "연표",
           "done": "실적", "planned": "계획", "undated": "날짜 미상", "money": "예산·재원",
           "money_total": "합계 (회계연도·재원·구분·문서 종류별)", "money_rows": "내역 (사업별)", "related": "관련 주체",
           "type": "유형", "label": "정식 명칭", "label_en": "영문 명칭", "aliases": "별칭", "attr": "속성",
           "first": "처음 언급", "topic": "주제어", "members": "관련 개체", "count": "건",
           "shared": "공유 진술", "none": "(해당 없음)", "as_of": "기준일", "since": "시작 연도",
           "budget": "예산", "executed": "집행", "total": "총액", "more": "외", "won": "원",
           "gazetteer": "gazetteer", "programs": "사업", "network": "관계망 보기 (반경 2)", "reviewed": "검토",
           "kinds": {"work_report": "주요업무 보고", "pledge_card": "공약 이행 카드"}},
    "en": {"title": "Briefing", "who": "Overview", "scope": "Scope", "summary": "Relations", "timeline": "Timeline",
           "done": "Done", "planned": "Planned", "undated": "Undated", "money": "Budget and funding",
           "money_total": "Totals (fiscal year, source, basis, document kind)", "money_rows": "Details (by program)",
           "related": "Related actors", "type": "Type", "label": "Canonical name", "label_en": "English name",
           "aliases": "Aliases", "attr": "Attribute", "first": "First mention", "topic": "Topic",
           "members": "Entities covered", "count": "", "shared": "shared statements", "none": "(none)",
           "as_of": "As of", "since": "Since", "budget": "budget", "executed": "executed", "total": "total",
           "more": "more", "won": " KRW", "gazetteer": "gazetteer", "programs": "programs",
           "network": "Network view (radius 2)", "reviewed": "reviewed", "kinds": {"work_report": "work report", "pledge_card": "pledge card"}},
}


# --------------------------------------------------------------------------- where a briefing reads

class BriefData:
    """What a briefing reads: nodes, their names, the statements touching them, labels.

    ``nodes`` maps a node id to its attributes (as in :func:`graph.export.network.to_networkx`);
    ``names`` is their :class:`viz.focus.NameIndex`. Subclasses answer from a
    knowledge base in memory (:class:`KbData`), a graph (:class:`GraphData`) or
    the index a build writes next to ``kb.pickle`` (``graph.query.persist.BriefIndex``).
    """

    nodes: Mapping[str, dict[str, Any]]
    names: NameIndex

    def statements(self, nodes: Iterable[str]) -> list[Statement]:
        """The statements whose subject or object is one of ``nodes``, in the knowledge base's order."""
        raise NotImplementedError

    def first(self, node: str) -> dict[str, Any] | None:
        """The citation of the first statement naming ``node``."""
        raise NotImplementedError

    def report_years(self) -> dict[str, int]:
        """Report file → year."""
        raise NotImplementedError

    def report_kinds(self) -> dict[str, str]:
        """Report file → kind (``work_report``, ``pledge_card``)."""
        raise NotImplementedError

    def located_in(self, node: str) -> list[str]:
        """The subjects of ``node``'s incoming edges that include a ``located_in``, in edge order."""
        subjects: dict[str, bool] = {}
        for s in self.statements([node]):
            if s.object == node:
                subjects[s.subject] = subjects.get(s.subject, False) or s.relation == "located_in"
        return [u for u, located in subjects.items() if located]

    def type_of(self, node: str) -> Any:
        """A node's class (None if unknown)."""
        i = self.names.position.get(node)
        return self.names.types[i] if i is not None else self.nodes[node].get("type")

    def rel_label(self, rel: str, lang: str) -> str:
        """See :func:`rel_label`."""
        return rel_label(rel, lang)

    def type_label(self, cls: str, lang: str) -> str:
        """See :func:`type_label`."""
        return type_label(cls, lang)


class GraphData(BriefData):
    """Name resolution on a NetworkX graph alone (no statements: no briefing)."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.nodes = G.nodes

    @cached_property
    def names(self) -> NameIndex:  # type: ignore[override]
        return NameIndex.of_graph(self.G)

    def located_in(self, node: str) -> list[str]:
        out: dict[str, None] = {}
        for u, _, a in self.G.in_edges(node, data=True):
            if a.get("relation") == "located_in":
                out.setdefault(u)
        return list(out)


def entity_nodes(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """The node attributes :func:`graph.export.network.to_networkx` gives ``kb``'s entities, in its node order."""
    nodes = {e.id: {"label": e.label, "label_en": e.label_en or "", "type": e.type, "aliases": list(e.aliases),
                    "attributes": dict(e.attributes), "in_gazetteer": e.in_gazetteer} for e in kb.entities.values()}
    for eid, marks in (getattr(kb, "entity_review", None) or {}).items():
        if eid in nodes:
            nodes[eid]["review"] = " ".join(marks)
    for s in kb.statements:  # ends of statements that are not entities become bare nodes
        if s.object is not None:
            nodes.setdefault(s.subject, {})
            nodes.setdefault(s.object, {})
    return nodes


class KbData(BriefData):
    """A knowledge base in memory, with its statements indexed by the nodes they touch.

    It keeps the statements and the node attributes, not ``kb`` or ``G``
    themselves (see :func:`kb_data`). The attributes are ``G``'s when given.
    """

    def __init__(self, kb: KnowledgeBase, G: nx.MultiDiGraph | None = None) -> None:
        self.all_statements = kb.statements
        self.reports = kb.reports
        self.nodes = dict(G.nodes(data=True)) if G is not None else entity_nodes(kb)

    @cached_property
    def names(self) -> NameIndex:  # type: ignore[override]
        return NameIndex(self.nodes.items())

    @cached_property
    def by_node(self) -> dict[str, list[int]]:
        """Node → positions of the statements touching it (ascending)."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(self.all_statements):
            out[s.subject].append(i)
            if s.object is not None and s.object != s.subject:
                out[s.object].append(i)
        return dict(out)

    @cached_property
    def firsts(self) -> dict[str, dict[str, Any]]:
        """Node → citation of the first statement naming it."""
        first: dict[str, dict[str, Any]] = {}
        for s in self.all_statements:
            for n in (s.subject, s.object):
                if n and n not in first:
                    first[n] = _citation(s)
        return first

    def statements(self, nodes: Iterable[str]) -> list[Statement]:
        by_node = self.by_node
        found: set[int] = set()
        for n in nodes:
            found.update(by_node.get(n, ()))
        st = self.all_statements
        return [st[i] for i in sorted(found)]

    def first(self, node: str) -> dict[str, Any] | None:
        return self.firsts.get(node)

    def report_years(self) -> dict[str, int]:
        return self.years

    def report_kinds(self) -> dict[str, str]:
        return self.kinds

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Report file → kind."""
        return {r.file: r.kind for r in self.reports}

    @cached_property
    def years(self) -> dict[str, int]:
        """Report file → year."""
        return {r.file: r.year for r in self.reports}


#: The last :class:`KbData` made by :func:`kb_data`: (kb, G, signature, data); weakly held kb and G.
_LAST: list[tuple[weakref.ref, weakref.ref | None, tuple, KbData]] = []


def kb_data(kb: KnowledgeBase, G: nx.MultiDiGraph | None = None) -> KbData:
    """``KbData(kb, G)``, reused while the same ``kb`` and ``G`` (same sizes) are asked for again.

    The cache holds neither ``kb`` nor ``G``: it is dropped when either is collected.
    """
    sig = (id(kb.statements), len(kb.statements), id(kb.entities), len(kb.entities), id(kb.reports),
           len(kb.reports), None if G is None else len(G))
    if _LAST:
        kref, gref, old, data = _LAST[0]
        if kref() is kb and (gref() if gref is not None else None) is G and old == sig:
            return data
    data = KbData(kb, G)
    _LAST[:] = [(weakref.ref(kb, _forget), weakref.ref(G, _forget) if G is not None else None, sig, data)]
    return data


def _forget(ref: weakref.ref) -> None:
    if _LAST and ref in (_LAST[0][0], _LAST[0][1]):
        _LAST.clear()


def _as_data(G: nx.MultiDiGraph | BriefData) -> BriefData:
    return G if isinstance(G, BriefData) else GraphData(G)


# --------------------------------------------------------------------------- resolution

@dataclass
class Match:
    """What a name resolved to: one entity, a topic, or both (an entity that is also a topic)."""

    query: str
    node: str | None
    members: dict[str, str] = field(default_factory=dict)  # node id → why it is included


#: Name index → {(query key, n): closest labels}: a miss asks twice, and difflib is slow on big graphs.
_CLOSEST: weakref.WeakKeyDictionary[NameIndex, dict[tuple[str, int], list[str]]] = weakref.WeakKeyDictionary()


def closest(G: nx.MultiDiGraph | BriefData, name: str, n: int = 5) -> list[str]:
    """The ``n`` labels closest to ``name`` (difflib over normalised labels and aliases)."""
    names = _as_data(G).names
    q = norm_key(name)
    memo = _CLOSEST.setdefault(names, {})
    if (q, n) not in memo:
        by_key = names.by_key
        out: list[str] = []
        close = difflib.get_close_matches(q, list(by_key), n=n * 3, cutoff=0.3)
        for k in close or difflib.get_close_matches(q, list(by_key), n=n * 3, cutoff=0.0):
            if by_key[k] not in out:
                out.append(by_key[k])
        memo[q, n] = out[:n]
    return list(memo[q, n])


def resolve_entity(G: nx.MultiDiGraph | BriefData, name: str) -> str:
    """The one node ``name`` designates (id, label or alias; spacing, case and punctuation ignored).

    Raises :class:`NotFoundError` with the 5 closest labels on a miss or an ambiguity.
    """
    data = _as_data(G)
    if isinstance(data, GraphData) and name in data.G:
        return name  # no name index needed
    names = data.names
    try:
        return resolve_name(None, name, names)
    except NotFoundError as exc:
        k = norm_key(name)
        hits = names.nodes_of(names.keys.equal(k)) if k else []
        if len(hits) == 1:
            return hits[0]
        cands = exc.candidates if hits or names.keys.containing(k) else []
        raise NotFoundError(name, (cands or closest(data, name))[:5]) from None


def resolve(G: nx.MultiDiGraph | BriefData, name: str) -> Match:
    """Resolve ``name`` to an entity and/or a topic (see the module docstring)."""
    data = _as_data(G)
    names = data.names
    try:
        node = resolve_entity(data, name)
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
        d = data.nodes[node]
        if d.get("type") in TOPIC_TYPES:
            terms |= {t for t in (norm_key(x) for x in brief_names(d)) if len(t) >= MIN_TOPIC_KEY}
            terms.add(norm_key(str(d.get("label") or "")))
        if d.get("type") == "Country":
            for u in data.located_in(node):
                match.members.setdefault(u, "located_in")
        country = (d.get("attributes") or {}).get("country")
        if country:  # e.g. an agency of Mongolia: the Mongolia-named events and activities too
            for i in names.label_keys.containing(norm_key(country)):
                if names.types[i] in ("Event", "Activity"):
                    match.members.setdefault(names.ids[i], f"country:{country}")
    terms.discard("")
    for n in names.nodes_of(i for t in sorted(terms) for i in names.keys.containing(t)):
        match.members.setdefault(n, "label")
    if node is None:
        for n in [m for m in match.members if data.type_of(m) == "Country"]:
            for u in data.located_in(n):
                match.members.setdefault(u, "located_in")
    if not match.members:
        raise NotFoundError(name, closest(data, name))
    return match


# --------------------------------------------------------------------------- helpers

def rel_label(rel: str, lang: str = "ko") -> str:
    """The ontology label of a relation in ``lang`` (the key itself if unknown)."""
    from ..model import schema

    t = schema.relations().get(rel)
    return (t.label(lang) or rel) if t else rel


def type_label(cls: str, lang: str = "ko") -> str:
    """The ontology label of an entity class in ``lang``."""
    from ..model import schema

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


def _copy(c: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a cached citation (the briefing is the caller's to change)."""
    return dict(c) if c is not None else None


def _uniq(cs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first citation of each (source, line), in source and line order."""
    if len(cs) < 2:
        return list(cs)
    first: dict[tuple[Any, Any], dict[str, Any]] = {}
    for c in cs:
        first.setdefault((c["source"], c["line"]), c)
    return [first[k] for k in sorted(first, key=lambda k: (str(k[0]), k[1] or 0))]


@lru_cache(maxsize=1)
def _gazetteer_files() -> dict[str, str]:
    """Entity id → gazetteer file name (for citing identity facts)."""
    from ..resources import GAZETTEER_DIR

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
    """The briefing on ``name`` as a JSON-ready dict (see :func:`to_markdown` for its sections).

    ``G`` is ``kb``'s graph if at hand (its node attributes are then used).
    The statements of ``kb`` are indexed by node on the first call and the
    index reused while the same ``kb`` (and ``G``) are passed again.
    """
    if lang not in _HEAD:
        raise ValueError(f"lang must be one of {', '.join(_HEAD)}")
    return briefing_from(kb_data(kb, G), name, as_of=as_of, since=since, lang=lang)


def briefing_from(data: BriefData, name: str, as_of: str | None = None, since: int | None = None,
                  lang: str = "ko") -> dict[str, Any]:
    """:func:`briefing` on any :class:`BriefData` (e.g. the index a build writes)."""
    if lang not in _HEAD:
        raise ValueError(f"lang must be one of {', '.join(_HEAD)}")
    m = resolve(data, name)
    scope = m.members
    report_year = data.report_years()
    stmts = [s for s in data.statements(scope) if _kept(s, report_year, as_of, since)]
    cited = [(s, _citation(s)) for s in stmts]  # one citation dict per statement, shared by the sections
    sections = _Sections(data, lang)
    summary = sections.summary(cited)
    timeline = sections.timeline(cited, m.node)
    money_totals, money_rows = sections.money(cited)
    related = sections.related(cited, scope)
    return {
        "query": name, "lang": lang, "as_of": as_of, "since": since,
        "entity": sections.entity(m.node) if m.node else None,
        "scope": [{**sections.entity(n), "why": why} for n, why in m.members.items() if n != m.node],
        "summary": summary,
        "timeline": timeline,
        "money": {"totals": money_totals, "rows": money_rows},
        "related": related,
        "n_statements": len(stmts),
    }


#: The statements of a briefing, each with its citation dict (shared by the sections).
Cited = list[tuple[Statement, dict[str, Any]]]


@dataclass
class _Sections:
    """The sections of one briefing, built from ``data`` in ``lang``; relation labels are looked up once."""

    data: BriefData
    lang: str
    gaz: dict[str, str] = field(default_factory=_gazetteer_files)
    rel_labels: dict[str, str] = field(default_factory=dict)

    def rel(self, r: str) -> str:
        """The label of relation ``r``."""
        if r not in self.rel_labels:
            self.rel_labels[r] = self.data.rel_label(r, self.lang)
        return self.rel_labels[r]

    def entity(self, n: str) -> dict[str, Any]:
        """Node ``n`` as a briefing names it: labels, type, aliases, attributes and where it is first cited."""
        data, lang = self.data, self.lang
        d = data.nodes[n]
        src = self.gaz.get(n)
        return {"id": n, "label": d.get("label") or n, "label_en": d.get("label_en") or "",
                "display": node_label(data, n, lang), "type": d.get("type"),
                "type_label": data.type_label(str(d.get("type")), lang), "aliases": list(d.get("aliases") or []),
                "attributes": dict(d.get("attributes") or {}), "in_gazetteer": bool(d.get("in_gazetteer")),
                "review": str(d.get("review") or ""),
                "citation": {"source": src, "line": None, "quote": ""} if src else _copy(data.first(n))}

    def summary(self, cited: Cited) -> list[dict[str, Any]]:
        """The statements counted by relation, the most frequent first."""
        by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s, c in cited:
            by_rel[s.relation].append(c)
        return [{"relation": r, "label": self.rel(r), "count": len(cs), "citations": _uniq(cs)}
                for r, cs in sorted(by_rel.items(), key=lambda kv: (-len(kv[1]), kv[0]))]

    def timeline(self, cited: Cited, node: str | None) -> dict[str, list[dict[str, Any]]]:
        """The dated facts (done, planned) and the undated ones, merging the same fact restated in
        several reports; money is left to :meth:`money`."""
        rows: dict[tuple, dict[str, Any]] = {}
        for s, c in cited:
            if s.relation in MONEY_RELATIONS:
                continue
            w = s.when
            k = (w.start if w else None, w.end if w else None, s.relation, s.subject, s.object, s.role, s.status,
                 s.note)
            row = rows.get(k)
            if row is None:
                row = rows[k] = self._timeline_row(s, node)
            row["citations"].append(c)
            _add_review(row, s)
        timeline: dict[str, list[dict[str, Any]]] = {"done": [], "planned": [], "undated": []}
        for row in rows.values():
            row["citations"] = _uniq(row["citations"])
            timeline["undated" if not row["date"] else row["status"]].append(row)
        for part in timeline.values():
            part.sort(key=lambda r: (r["date"] or "", r["end"] or "", r["relation"], r["subject_label"],
                                     r["object_label"]))
        return timeline

    def _timeline_row(self, s: Statement, node: str | None) -> dict[str, Any]:
        """A row of the timeline for ``s`` (its citations still to add), with the other end than ``node``."""
        data, lang, w = self.data, self.lang, s.when
        if node and s.subject == node:
            other, direction = s.object, "→"
        elif node and s.object == node:
            other, direction = s.subject, "←"
        else:
            other, direction = None, ""
        return {
            "date": w.start if w else None, "end": w.end if w else None,
            "when": fmt_date(w.start if w else None, w.end if w else None),
            "relation": s.relation, "relation_label": self.rel(s.relation), "direction": direction,
            "subject": s.subject, "subject_label": node_label(data, s.subject, lang),
            "object": s.object, "object_label": node_label(data, s.object, lang) if s.object else "",
            "other": other, "other_label": node_label(data, other, lang) if other else "",
            "role": s.role or "", "status": s.status, "note": s.note or "", "review": [], "citations": []}

    def money(self, cited: Cited) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(totals, rows): distinct money facts, then sums by fiscal year × basis × source × document
        kind. A pledge card restates programs that work reports budget (under other names), so the two
        kinds are never added together."""
        money_rows = self._money_rows(cited)
        totals: dict[tuple, dict[str, Any]] = {}
        for f in money_rows:
            if f["role"]:  # a division's total, not the program's own money
                continue
            k = (f["fiscal_year"], f["basis"], f["source"], f["kind"])
            t = totals.setdefault(k, {"fiscal_year": f["fiscal_year"], "basis": f["basis"], "source": f["source"],
                                      "source_label": f["source_label"], "kind": f["kind"],
                                      "kind_label": f["kind_label"], "amount_krw": 0, "programs": [],
                                      "citations": []})
            t["amount_krw"] += f["amount_krw"]
            if f["program_label"] not in t["programs"]:
                t["programs"].append(f["program_label"])
            t["citations"] += f["citations"]
        money_totals = sorted(totals.values(), key=lambda t: (t["fiscal_year"] or 0, t["basis"],
                                                              t["source"] is not None, t["source_label"], t["kind"]))
        for t in money_totals:
            t["citations"] = _uniq(t["citations"])
        for f in money_rows:
            f["citations"] = _uniq(f["citations"])
        return money_totals, money_rows

    def _money_rows(self, cited: Cited) -> list[dict[str, Any]]:
        """The distinct money facts (program, fiscal year, basis, source, amount, role, document kind),
        each with all its citations, by fiscal year and program."""
        data, lang = self.data, self.lang
        facts: dict[tuple, dict[str, Any]] = {}
        report_kind = data.report_kinds()
        for s, c in cited:
            if s.relation not in MONEY_RELATIONS or s.amount_krw is None:
                continue
            src = s.object if s.relation == "funded_by" else None
            fy = s.fiscal_year or (s.when.year if s.when else None)
            kind = report_kind.get(s.citation.source, "")
            # one program written two ways ("영등포스마트메디컬특구활성화") is one program
            k = (norm_key(node_label(data, s.subject)), fy, s.basis, src, s.amount_krw, s.role, kind)
            f = facts.setdefault(k, {"program": s.subject, "program_label": node_label(data, s.subject, lang),
                                     "fiscal_year": fy, "basis": s.basis or "", "source": src,
                                     "source_label": node_label(data, src, lang) if src else _HEAD[lang]["total"],
                                     "amount_krw": s.amount_krw, "role": s.role or "", "status": s.status,
                                     "kind": kind, "kind_label": _HEAD[lang]["kinds"].get(kind, kind),
                                     "review": [], "citations": []})
            f["citations"].append(c)
            _add_review(f, s)
        return sorted(facts.values(), key=lambda f: (f["fiscal_year"] or 0, f["program_label"], f["basis"],
                                                     f["source"] is not None, f["source_label"]))

    def related(self, cited: Cited, scope: Mapping[str, str]) -> list[dict[str, Any]]:
        """The actors at the other ends of the scope's statements, by number of statements shared."""
        data = self.data
        shared: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s, c in cited:
            for n in (s.subject, s.object):
                if n and n not in scope and data.type_of(n) in ACTOR_TYPES:
                    shared[n].append(c)
        return [{**self.entity(n), "count": len(cs), "citations": _uniq(cs)}
                for n, cs in sorted(shared.items(), key=lambda kv: (-len(kv[1]), node_label(data, kv[0], self.lang)))]


def _add_review(row: dict[str, Any], s: Statement) -> None:
    """Add the ids of the judgements that changed or added ``s`` to a briefing row's ``review``."""
    for jid in s.review:
        if jid not in row["review"]:
            row["review"].append(jid)


# --------------------------------------------------------------------------- renderers

def _reviewed(row: dict[str, Any], lang: str) -> str:
    """`` [검토]`` (`` [reviewed]``) on a row a reviewer's judgement changed or added."""
    return f" [{_HEAD[lang]['reviewed']}]" if row.get("review") else ""


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
        out.append(("li", f"{H['label']}: {e['label']}{_reviewed(e, lang)} {c}"))
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
            note = f" [{r['note']}]" if r.get("note") else ""  # 취소, 연기 …: a plan that did not take place
            out.append(("li", f"{when} {what}{role}{note}{_reviewed(r, lang)} {cites(r['citations'], 0, lang)}"))

    out.append(("h2", H["money"]))
    if not b["money"]["rows"]:
        out.append(("p", H["none"]))
    else:
        out.append(("h3", H["money_total"]))
        for t in b["money"]["totals"]:
            out.append(("li", f"{t['fiscal_year']} {t['source_label']} {_basis(t['basis'], lang)} "
                              f"{_won(t['amount_krw'], lang)} ({t['kind_label']}, {H['programs']} "
                              f"{len(t['programs'])}) "
                              f"{cites(t['citations'], 0, lang)}"))
        out.append(("h3", H["money_rows"]))
        for f in b["money"]["rows"]:
            role = f" ({f['role']})" if f["role"] else ""
            out.append(("li", f"{f['fiscal_year']} {f['program_label']}: {f['source_label']} "
                              f"{_basis(f['basis'], lang)} {_won(f['amount_krw'], lang)}{role}{_reviewed(f, lang)} "
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
