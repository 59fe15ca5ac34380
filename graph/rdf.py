"""The knowledge base as an RDF dataset: one named graph per report, one for entities.

One generator, :func:`quads`, holds the whole mapping; every output (rdflib
``Dataset``, ``pyoxigraph.Store``, TriG, N-Quads, Turtle, JSON-LD) is built
from its sorted output, so the files are byte-identical for the same input and
carry no blank nodes.

Layout::

    <https://w3id.org/ydkg/graph/entities>      entities and report metadata
    <https://w3id.org/ydkg/report/{report id}>  the report's statements, truthy
                                                triples and source lines
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from .atomic import atomic_open
from .model import KnowledgeBase, ReportMeta, Statement
from .schema import classes, relations

BASE = "https://w3id.org/ydkg/"
YDK = BASE + "ontology#"
ID = BASE + "id/"
REPORT = BASE + "report/"
STATEMENT = BASE + "statement/"
ENTITIES_GRAPH = BASE + "graph/entities"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

#: Prefixes written in TriG / Turtle / JSON-LD (only used for vocabulary terms).
PREFIXES: dict[str, str] = {
    "dcterms": DCT,
    "prov": PROV,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
    "ydk": YDK,
}

FILES = ("dataset.trig", "dataset.nq", "dataset.ttl", "dataset.jsonld")


class IRI(str):
    """An IRI term (a ``str`` so it sorts and hashes like one)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical value, datatype IRI (None = xsd:string) and language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Term = IRI | Lit
Quad = tuple[IRI, IRI, Term, IRI]

# -------------------------------------------------------------------- IRIs

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`#?%\[\]\x7f]')


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def _escape_iri_part(text: str) -> str:
    """Percent-encode the characters IRIs do not allow (and ``# ? %``), keep the rest."""
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def entity_iri(entity_id: str) -> IRI:
    """``https://w3id.org/ydkg/id/{entity id}``."""
    return IRI(ID + _escape_iri_part(entity_id))


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def report_iri(report_id: str) -> IRI:
    """The report's IRI, which is also its named graph."""
    return IRI(REPORT + _escape_iri_part(report_id))


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def line_iri(report_id: str, line: int) -> IRI:
    """The IRI of one source line of a report."""
    return IRI(f"{report_iri(report_id)}/line/{int(line)}")


def statement_iri(statement: Statement) -> IRI:
    """``https://w3id.org/ydkg/statement/{statement id}``."""
    return IRI(STATEMENT + statement.id)


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def _attr_iri(key: str) -> IRI:
    safe = re.sub(r"[^0-9A-Za-z_]", "_", key) or "_"
    return IRI(f"{YDK}attr_{safe}")


# -------------------------------------------------------------------- literals

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD + "date"),
    (re.compile(r"^\d{4}-\d{2}$"), XSD + "gYearMonth"),
    (re.compile(r"^\d{4}$"), XSD + "gYear"),
)


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def date_literal(iso: str) -> Lit:
    """An ISO date string typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    for pattern, dtype in _DATE_FORMS:
        if pattern.match(iso):
            return Lit(iso, dtype)
    return Lit(iso)  # not a date form: kept as text; SHACL reports it


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def _s(value: str) -> Lit:
    return Lit(value)


def _int(value: int) -> Lit:
    return Lit(str(int(value)), XSD + "integer")


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def _year(value: int) -> Lit:
    return Lit(f"{int(value):04d}", XSD + "gYear")


@lru_cache(maxsize=1 << 18)  # the same terms recur in every statement
def _p(local: str, ns: str = YDK) -> IRI:
    return IRI(ns + local)


# -------------------------------------------------------------------- mapping

def _report_id_of(source: str) -> str:
    return source.rsplit(".", 1)[0]


def _report_quads(report: ReportMeta, kb: KnowledgeBase) -> Iterator[Quad]:
    g = IRI(ENTITIES_GRAPH)
    r = report_iri(report.id)
    yield r, IRI(RDF_TYPE), _p("Report"), g
    yield r, _p("sourceFile"), _s(report.file), g
    yield r, _p("reportYear"), _year(report.year), g
    yield r, _p("reportKind"), _s(report.kind), g
    if report.plan_year:
        yield r, _p("planYear"), _year(report.plan_year), g
    if report.title:
        yield r, _p("title", DCT), Lit(report.title, lang="ko"), g
    if report.as_of:
        yield r, _p("date", DCT), date_literal(report.as_of), g
    if report.council_session:
        yield r, _p("councilSession"), _s(report.council_session), g
    if report.sha256:
        yield r, _p("sha256"), _s(report.sha256), g
    if report.division:
        yield r, _p("divisionName"), _s(report.division), g
        for ent in kb.entities.values():
            if ent.type == "Division" and (ent.label == report.division or report.division in ent.aliases):
                yield r, _p("creator", DCT), entity_iri(ent.id), g


def _entity_quads(kb: KnowledgeBase) -> Iterator[Quad]:
    g = IRI(ENTITIES_GRAPH)
    known = classes()
    attr_keys: set[str] = set()
    for ent in kb.entities.values():
        e = entity_iri(ent.id)
        cls = known.get(ent.type)
        yield e, IRI(RDF_TYPE), IRI(cls.iri if cls else YDK + ent.type), g
        yield e, _p("identifier", DCT), _s(ent.id), g
        yield e, _p("prefLabel", SKOS), Lit(ent.label, lang="ko"), g
        if ent.label_en:
            yield e, _p("prefLabel", SKOS), Lit(ent.label_en, lang="en"), g
        for alias in ent.aliases:
            if alias != ent.label:
                yield e, _p("altLabel", SKOS), Lit(alias, lang="ko"), g
        for key, value in ent.attributes:
            attr_keys.add(key)
            yield e, _attr_iri(key), _s(value), g
        yield e, _p("inGazetteer"), Lit("true" if ent.in_gazetteer else "false", XSD + "boolean"), g
    for key in attr_keys:
        a = _attr_iri(key)
        yield a, IRI(RDFS + "subPropertyOf"), _p("attribute"), g
        yield a, IRI(RDFS + "label"), Lit(key, lang="en"), g


def _statement_quads(st: Statement, rel_iris: dict[str, str]) -> Iterator[Quad]:
    rid = _report_id_of(st.citation.source)
    g = report_iri(rid)
    s = statement_iri(st)
    rel = IRI(rel_iris.get(st.relation, YDK + st.relation))
    subj = entity_iri(st.subject)
    src = line_iri(rid, st.citation.line)
    yield s, IRI(RDF_TYPE), _p("Statement"), g
    yield s, _p("subject"), subj, g
    yield s, _p("relation"), rel, g
    if st.object is not None:
        obj = entity_iri(st.object)
        yield s, _p("object"), obj, g
        yield subj, rel, obj, g  # the truthy triple
    if st.when is not None:
        if st.when.start:
            yield s, _p("date"), date_literal(st.when.start), g
        if st.when.end:
            yield s, _p("end"), date_literal(st.when.end), g
        if st.when.precision:
            yield s, _p("precision"), _s(st.when.precision), g
        if st.when.text:
            yield s, _p("dateText"), _s(st.when.text), g
    yield s, _p("status"), _s(st.status), g
    if st.role:
        yield s, _p("role"), _s(st.role), g
    if st.basis:
        yield s, _p("basis"), _s(st.basis), g
    if st.fiscal_year is not None:
        yield s, _p("fiscalYear"), _year(st.fiscal_year), g
    if st.note:
        yield s, _p("note"), _s(st.note), g
    if st.amount_krw is not None:
        yield s, _p("amount", SCHEMA), _int(st.amount_krw), g
        yield s, _p("currency", SCHEMA), _s("KRW"), g
    yield s, _p("wasDerivedFrom", PROV), src, g
    yield src, IRI(RDF_TYPE), _p("SourceLine"), g
    yield src, _p("line"), _int(st.citation.line), g
    yield src, _p("quote"), _s(st.citation.quote), g
    yield src, _p("sourceFile"), _s(st.citation.source), g
    yield src, _p("isPartOf", DCT), g, g


def quads(kb: KnowledgeBase) -> Iterator[Quad]:
    """Every quad of the dataset, sorted and without duplicates (the one mapping)."""
    rel_iris = {key: term.iri for key, term in relations().items()}
    out: set[Quad] = set()
    for report in kb.reports:
        out.update(_report_quads(report, kb))
    out.update(_entity_quads(kb))
    files = {r.file for r in kb.reports}
    for st in kb.statements:
        out.update(_statement_quads(st, rel_iris))
        if st.citation.source not in files:  # a statement from a report without metadata
            files.add(st.citation.source)
            g = IRI(ENTITIES_GRAPH)
            r = report_iri(_report_id_of(st.citation.source))
            out.add((r, IRI(RDF_TYPE), _p("Report"), g))
            out.add((r, _p("sourceFile"), _s(st.citation.source), g))
    yield from sorted(out, key=_quad_key)


def _quad_key(q: Quad) -> tuple[str, str, str, str]:
    """Sort by graph, subject, predicate, then object (IRIs before literals; no escaping needed)."""
    o = q[2]
    if isinstance(o, str):
        return (q[3], q[0], q[1], o)
    return (q[3], q[0], q[1], f"\x01{o.value}\x02{o.datatype or ''}\x03{o.lang or ''}")


# -------------------------------------------------------------------- N-Quads / TriG

_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESC_RE = re.compile(r'[\\"\n\r\t\b\f]')


def _quote(text: str) -> str:
    return '"' + _ESC_RE.sub(lambda m: _ESC[m.group()], text) + '"'


def _nt(term: Term) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, IRI):
        return f"<{term}>"
    out = _quote(term.value)
    if term.lang:
        return f"{out}@{term.lang}"
    if term.datatype and term.datatype != XSD + "string":
        return f"{out}^^<{term.datatype}>"
    return out


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _ttl(term: Term) -> str:
    """A term in Turtle syntax, with vocabulary prefixes where the local name is simple."""
    if isinstance(term, IRI):
        for prefix, ns in PREFIXES.items():
            if term.startswith(ns) and _LOCAL.match(term[len(ns):]):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if term.datatype and not term.lang and term.datatype != XSD + "string":
        if term.datatype == XSD + "integer" and re.fullmatch(r"-?\d+", term.value):
            return term.value
        return f"{_quote(term.value)}^^{_ttl(IRI(term.datatype))}"
    return _nt(term)


def nquads_text(qs: Iterable[Quad]) -> str:
    """Sorted quads as N-Quads text."""
    return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} <{g}> .\n" for s, p, o, g in qs)


def _prefix_header() -> str:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()) + "\n"


def _triples_block(triples: list[tuple[IRI, IRI, Term]], indent: str) -> list[str]:
    """Sorted triples as Turtle statements, one per subject, predicates joined by ``;``."""
    lines: list[str] = []
    sep = f" ;\n{indent}    "
    for subj, by_subj in groupby(triples, key=itemgetter(0)):
        preds = []
        for pred, by_pred in groupby(by_subj, key=itemgetter(1)):
            objs = ", ".join(_ttl(t[2]) for t in by_pred)
            preds.append(f"{'a' if pred == RDF_TYPE else _ttl(pred)} {objs}")
        lines.append(f"{indent}{_ttl(subj)} {sep.join(preds)} .\n")
    return lines


def trig_text(qs: list[Quad]) -> str:
    """Sorted quads as TriG, one ``GRAPH`` block per named graph."""
    parts = [_prefix_header()]
    for g, in_graph in groupby(qs, key=itemgetter(3)):
        parts.append(f"<{g}> {{\n")
        parts.extend(_triples_block([q[:3] for q in in_graph], "    "))
        parts.append("}\n\n")
    return "".join(parts)


def turtle_text(qs: list[Quad]) -> str:
    """The union of all graphs as Turtle."""
    triples = sorted({q[:3] for q in qs}, key=lambda t: (t[0], t[1], _nt(t[2])))
    return _prefix_header() + "".join(_triples_block(triples, ""))


def _jsonld_value(term: Term) -> dict[str, str]:
    if isinstance(term, IRI):
        return {"@id": term}
    if term.lang:
        return {"@value": term.value, "@language": term.lang}
    if term.datatype and term.datatype != XSD + "string":
        return {"@value": term.value, "@type": term.datatype}
    return {"@value": term.value}


def jsonld_text(qs: list[Quad]) -> str:
    """The dataset as JSON-LD (expanded IRIs, one ``@graph`` per named graph)."""
    graphs: dict[str, dict[str, dict[str, list]]] = {}
    for s, p, o, g in qs:
        node = graphs.setdefault(g, {}).setdefault(s, {})
        if p == RDF_TYPE and isinstance(o, IRI):
            node.setdefault("@type", []).append(o)
        else:
            node.setdefault(p, []).append(_jsonld_value(o))
    doc = {
        "@graph": [
            {"@id": g, "@graph": [{"@id": s, **props} for s, props in nodes.items()]}
            for g, nodes in graphs.items()
        ]
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# -------------------------------------------------------------------- stores

def _rdflib_term(term: Term):
    from rdflib import Literal, URIRef

    if isinstance(term, IRI):
        return URIRef(term)
    if term.lang:
        return Literal(term.value, lang=term.lang)
    if term.datatype and term.datatype != XSD + "string":
        return Literal(term.value, datatype=URIRef(term.datatype))
    return Literal(term.value)


def kb_to_dataset(kb: KnowledgeBase):
    """The knowledge base as an ``rdflib.Dataset`` (queries see the union of graphs)."""
    from rdflib import Dataset, URIRef

    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    qs = list(quads(kb))
    ctx: dict[str, object] = {}
    for s, p, o, g in qs:
        graph = ctx.get(g)
        if graph is None:
            graph = ctx[g] = ds.graph(URIRef(g))
        graph.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return ds


def _ox_term(term: Term, ox):
    if isinstance(term, IRI):
        return ox.NamedNode(term)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype and term.datatype != XSD + "string":
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def kb_to_store(kb: KnowledgeBase, path: Path | None = None):
    """The knowledge base as a ``pyoxigraph.Store`` (in memory, or persisted at ``path``)."""
    import pyoxigraph as ox

    store = ox.Store(str(path)) if path else ox.Store()
    store.bulk_extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _ox_term(o, ox), ox.NamedNode(g))
        for s, p, o, g in quads(kb)
    )
    return store


# -------------------------------------------------------------------- files

def write_dataset(kb: KnowledgeBase, out_dir: Path) -> list[Path]:
    """Write ``dataset.trig``, ``.nq``, ``.ttl`` (union) and ``.jsonld`` to ``out_dir``."""
    out_dir = Path(out_dir)
    qs = list(quads(kb))
    texts = {
        "dataset.trig": trig_text(qs),
        "dataset.nq": nquads_text(qs),
        "dataset.ttl": turtle_text(qs),
        "dataset.jsonld": jsonld_text(qs),
    }
    written: list[Path] = []
    for name in FILES:
        path = out_dir / name
        with atomic_open(path, "w") as fh:
            fh.write(texts[name])
        written.append(path)
    return written
