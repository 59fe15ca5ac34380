"""The knowledge base as an RDF dataset: one named graph per report, one for entities.

One generator, :func:`graphs`, holds the whole mapping: it yields each named
graph with its triples sorted and de-duplicated, graphs in IRI order. Every
output (rdflib ``Dataset``, ``pyoxigraph.Store``, TriG, N-Quads, Turtle,
JSON-LD) streams from it one graph at a time, so the files are byte-identical
for the same input, carry no blank nodes, and memory holds one report's
triples rather than the whole dataset.

Layout::

    <https://w3id.org/ydkg/graph/entities>      entities, their relations (the truthy
                                                triples, each once) and report metadata
    <https://w3id.org/ydkg/report/{report id}>  the report's statements and source lines

A truthy triple (``<district> ydk:sisterCity <city>``) is what the graph concludes
from every report that states it, so it lives once, in the entities graph: the
union default graph then holds every triple once (Oxigraph's union does not
de-duplicate), and ``COUNT`` means the same on every store. What each report
says stays in its own graph as statement nodes with their date, status and
source line (``GRAPH ?g { ?st ydk:relation … }`` tells which report said it).
    <https://w3id.org/ydkg/graph/review>        the reviewer's judgements (if any)
    <https://w3id.org/ydkg/graph/rejected>      the statements a judgement rejected,
                                                out of the default view (if any)
"""
from __future__ import annotations

import contextlib
import json
import re
from json.encoder import encode_basestring as _enc  # the C encoder's, non-ASCII kept
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, Protocol

from ..atomic import atomic_open
from ..gcpause import paused_gc
from ..model.statements import KnowledgeBase, ReportMeta, Statement
from ..model.resolve import scoped_types
from ..model.schema import classes, index_terms, refinements, relations

BASE = "https://w3id.org/ydkg/"
YDK = BASE + "ontology#"
ID = BASE + "id/"
REPORT = BASE + "report/"
STATEMENT = BASE + "statement/"
ENTITIES_GRAPH = BASE + "graph/entities"
REVIEW = BASE + "review/"
REVIEW_GRAPH = BASE + "graph/review"
REJECTED_GRAPH = BASE + "graph/rejected"
WIKIDATA = "http://www.wikidata.org/entity/"

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF_NS + "type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

#: Prefixes written in TriG / Turtle / JSON-LD (only used for vocabulary terms).
PREFIXES: dict[str, str] = {
    "dcterms": DCT,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
    "ydk": YDK,
}

#: Output file → writer format (see :class:`DatasetWriter`), in writing order.
FORMATS = {"dataset.trig": "trig", "dataset.nq": "nq", "dataset.ttl": "ttl", "dataset.jsonld": "jsonld"}
FILES = tuple(FORMATS)


class IRI(str):
    """An IRI term (a ``str`` so it sorts and hashes like one)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical value, datatype IRI (None = xsd:string) and language tag.

    Literals sort after IRIs, then by value, datatype and language, so a set of
    ``(s, p, o)`` triples sorts with plain tuple comparison (no key function).
    """

    value: str
    datatype: str | None = None
    lang: str | None = None

    def _key(self) -> tuple[str, str, str]:
        return (self.value, self.datatype or "", self.lang or "")

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Lit):
            return self._key() < other._key()
        return False if isinstance(other, str) else NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Lit):
            return self._key() > other._key()
        return True if isinstance(other, str) else NotImplemented

    def __le__(self, other: object) -> bool:
        return not self.__gt__(other) if isinstance(other, (Lit, str)) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return not self.__lt__(other) if isinstance(other, (Lit, str)) else NotImplemented


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


def judgement_iri(judgement_id: str) -> IRI:
    """``https://w3id.org/ydkg/review/{judgement id}``."""
    return IRI(REVIEW + _escape_iri_part(judgement_id))


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

Triple = tuple[IRI, IRI, Term]


def _report_id_of(source: str) -> str:
    return source.rsplit(".", 1)[0]


def _division_index(kb: KnowledgeBase) -> dict[tuple[str | None, str], list[IRI]]:
    """(district, division label or alias) → the IRIs of the Division entities it names (for
    ``dcterms:creator``): two districts' divisions of one name stay two."""
    index: dict[tuple[str | None, str], list[IRI]] = {}
    for ent in kb.entities.values():
        if ent.type == "Division":
            for name in dict.fromkeys((ent.label, *ent.aliases)):
                index.setdefault((ent.attribute("district"), name), []).append(entity_iri(ent.id))
    return index


@lru_cache(maxsize=1 << 12)
def office_iri(district: str) -> IRI:
    """The district office (구청) of a district: the organisation its divisions and teams are units of."""
    return IRI(ID + "office/" + _escape_iri_part(district))


def _office_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each district office (org:FormalOrganization, an Agency) with its units (``org:unitOf``), beside the
    district (a place) it serves (``schema:areaServed``)."""
    places = {e.label: e.id for e in kb.entities.values() if e.type == "District"}
    offices: set[str] = set()
    for ent in kb.entities.values():
        district = ent.attribute("district") if ent.type in scoped_types() else None
        if district:
            offices.add(district)
            yield entity_iri(ent.id), IRI(ORG + "unitOf"), office_iri(district)
    for district in sorted(offices):
        o = office_iri(district)
        label = f"{district}청"
        yield o, IRI(RDF_TYPE), IRI(ORG + "FormalOrganization")
        yield o, IRI(RDF_TYPE), _p("Agency")
        yield o, _p("identifier", DCT), _s(f"office/{district}")
        yield o, _p("prefLabel", SKOS), Lit(label, lang="ko")
        yield o, _p("name"), _s(label)
        yield o, _p("inGazetteer"), Lit("false", XSD + "boolean")
        if district in places:
            yield o, _p("areaServed", SCHEMA), entity_iri(places[district])


def _report_triples(report: ReportMeta, divisions: dict[str, list[IRI]]) -> Iterator[Triple]:
    r = report_iri(report.id)
    yield r, IRI(RDF_TYPE), _p("Report")
    yield r, _p("sourceFile"), _s(report.file)
    yield r, _p("reportYear"), _year(report.year)
    yield r, _p("reportKind"), _s(report.kind)
    if report.plan_year:
        yield r, _p("planYear"), _year(report.plan_year)
    if report.title:
        yield r, _p("title", DCT), Lit(report.title, lang="ko")
    if report.as_of:
        yield r, _p("date", DCT), date_literal(report.as_of)
    if report.council_session:
        yield r, _p("councilSession"), _s(report.council_session)
    if report.sha256:
        yield r, _p("sha256"), _s(report.sha256)
    # the scope of the named queries: a district's report graphs, read alone; every report has one
    # ("" when a hand-made knowledge base leaves it unknown), so an unscoped query reads them all
    yield r, _p("districtName"), _s(report.district or "")
    if report.division:
        yield r, _p("divisionName"), _s(report.division)
        for division in divisions.get((report.district, report.division), ()) or divisions.get((None, report.division), ()):
            yield r, _p("creator", DCT), division


def _attribute_links(kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    """(attribute key, value) → the id of the one entity of the key's class (``names.toml``
    [attribute_links]) that the value names, by its label or an alias."""
    from .. import rules

    classes_of = rules.load("names").get("attribute_links", {})
    named: dict[tuple[str, str], set[str]] = {}
    for ent in kb.entities.values():
        for key, cls in classes_of.items():
            if ent.type == cls:
                for name in {ent.label, *ent.aliases}:
                    named.setdefault((key, name), set()).add(ent.id)
    return {k: next(iter(ids)) for k, ids in named.items() if len(ids) == 1}


def _entity_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    known = classes()
    attr_keys: set[str] = set()
    links = _attribute_links(kb)
    marks = getattr(kb, "entity_review", None) or {}  # a knowledge base pickled before review has none
    for ent in kb.entities.values():
        e = entity_iri(ent.id)
        cls = known.get(ent.type)
        yield e, IRI(RDF_TYPE), IRI(cls.iri if cls else YDK + ent.type)
        yield e, _p("identifier", DCT), _s(ent.id)
        yield e, _p("prefLabel", SKOS), Lit(ent.label, lang="ko")
        if ent.label_en:
            yield e, _p("prefLabel", SKOS), Lit(ent.label_en, lang="en")
        for alias in ent.aliases:
            if alias != ent.label:
                yield e, _p("altLabel", SKOS), Lit(alias, lang="ko")
        for name in {ent.id, ent.label, ent.label_en, *ent.aliases} - {None, ""}:
            yield e, _p("name"), _s(name)  # the lookup key of the named queries
        for key, value in ent.attributes:
            target = links.get((key, value))
            if target is not None:  # a country attribute names the Country entity: a link, not a string
                yield e, _p(key), entity_iri(target)
            elif key != "wikidata":  # the Wikidata item is skos:exactMatch below
                attr_keys.add(key)
                yield e, _attr_iri(key), _s(value)
        yield e, _p("inGazetteer"), Lit("true" if ent.in_gazetteer else "false", XSD + "boolean")
        if ent.attribute("wikidata"):
            yield e, _p("exactMatch", SKOS), IRI(WIKIDATA + _escape_iri_part(str(ent.attribute("wikidata"))))
        for jid in marks.get(ent.id, ()):
            yield e, _p("review"), judgement_iri(jid)
    for key in attr_keys:  # declared where they are used, so that the shapes know them (ontology/shapes.ttl)
        a = _attr_iri(key)
        yield a, IRI(RDF_TYPE), IRI(OWL + "DatatypeProperty")
        yield a, IRI(RDFS + "subPropertyOf"), _p("attribute")
        yield a, IRI(RDFS + "label"), Lit(key, lang="en")


def _statement_triples(st: Statement, rel_iris: dict[str, str], g: IRI, year: int | None,
                       labels: dict[str, Lit], kinds: dict[str, str]) -> Iterator[Triple]:
    """The statement node and its source line, both in the report's graph ``g`` (its truthy triple is
    in the entities graph, once for all the reports that state it).

    ``year`` is the year the statement counts in (:meth:`ReportMeta.year_of`);
    ``None`` when its report has no metadata. ``labels`` maps an entity id to
    its Korean label: the statement carries the labels of its two ends, as a
    facts-table row does, so a query reads a row from the statement alone.
    ``kinds`` maps an entity id to its class key: the index terms a statement
    carries (:func:`~graph.model.schema.index_terms`: its year, subject or
    object again) depend on its relation and its object's class.
    """
    s = statement_iri(st)
    rel = IRI(rel_iris.get(st.relation, YDK + st.relation))
    subj = entity_iri(st.subject)
    src = line_iri(_report_id_of(st.citation.source), st.citation.line)
    yield s, IRI(RDF_TYPE), _p("Statement")
    yield s, _p("subject"), subj
    if st.subject in labels:
        yield s, _p("subjectLabel"), labels[st.subject]
    yield s, _p("relation"), rel
    obj = None
    if st.object is not None:
        obj = entity_iri(st.object)
        yield s, _p("object"), obj
        if st.object in labels:
            yield s, _p("objectLabel"), labels[st.object]
    if st.when is not None:
        if st.when.start:
            yield s, _p("date"), date_literal(st.when.start)
        if st.when.end:
            yield s, _p("end"), date_literal(st.when.end)
        if st.when.precision:
            yield s, _p("precision"), _s(st.when.precision)
        if st.when.text:
            yield s, _p("dateText"), _s(st.when.text)
    yield s, _p("status"), _s(st.status)
    if st.role:
        yield s, _p("role"), _s(st.role)
    if st.basis:
        yield s, _p("basis"), _s(st.basis)
    if st.fiscal_year is not None:
        yield s, _p("fiscalYear"), _year(st.fiscal_year)
    year_lit = _year(year) if year is not None else None
    if year_lit is not None:
        yield s, _p("year"), year_lit
    kind = kinds.get(st.object) if st.object is not None else None
    indexed = {"year": year_lit, "subject": subj, "object": obj}
    for index in index_terms():
        value = indexed[index.parent]
        if value is not None and index.applies(st.relation, kind):
            yield s, IRI(index.iri), value
    if st.note:
        yield s, _p("note"), _s(st.note)
    if st.amount_krw is not None:
        yield s, _p("amount", SCHEMA), _int(st.amount_krw)
        yield s, _p("currency", SCHEMA), _s("KRW")
    yield s, _p("wasDerivedFrom", PROV), src
    for jid in st.review:
        yield s, _p("review"), judgement_iri(jid)
    yield from _line_triples(st, src, g)


def _line_triples(st: Statement, src: IRI, g: IRI) -> Iterator[Triple]:
    """The source line a statement cites, in its report's graph ``g``."""
    yield src, IRI(RDF_TYPE), _p("SourceLine")
    yield src, _p("line"), _int(st.citation.line)
    yield src, _p("quote"), _s(st.citation.quote)
    yield src, _p("sourceFile"), _s(st.citation.source)
    yield src, _p("isPartOf", DCT), g


def _truthy_triples(kb: KnowledgeBase, rel_iris: dict[str, str]) -> Iterator[Triple]:
    """``subject relation object`` for every statement with an object (duplicates collapse in the caller's
    set); a relation with a subproperty per meaning (``ydk:designatedInto``, ``ydk:designatedBy``) takes the
    one for the object's class."""
    refined = refinements()
    for st in kb.statements:
        if st.object is not None:
            rel = rel_iris.get(st.relation, YDK + st.relation)
            obj = kb.entities.get(st.object)
            rel = refined.get(rel, {}).get(obj.type if obj is not None else "", rel)
            yield entity_iri(st.subject), IRI(rel), entity_iri(st.object)


def _entities_graph(kb: KnowledgeBase, rel_iris: dict[str, str]) -> set[Triple]:
    """Entities, their relations (each truthy triple once), report metadata (and a stub for a cited
    report without metadata)."""
    divisions = _division_index(kb)
    out: set[Triple] = set(_entity_triples(kb))
    out.update(_truthy_triples(kb, rel_iris))
    out.update(_office_triples(kb))
    for report in kb.reports:
        out.update(_report_triples(report, divisions))
    files = {r.file for r in kb.reports}
    for source in dict.fromkeys(st.citation.source for st in kb.statements):
        if source not in files:
            r = report_iri(_report_id_of(source))
            out.add((r, IRI(RDF_TYPE), _p("Report")))
            out.add((r, _p("sourceFile"), _s(source)))
    return out


def _review_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each judgement as a ``prov:Activity``: kind, who, when, why, file and entry, what became of it,
    and the statements or entities it used (named) or generated (added)."""
    from pathlib import PurePath

    outcome = {o.judgement: o for o in kb.outcomes}
    stmt_ids = {s.id for s in kb.statements} | {s.id for s in kb.rejected}
    for jdg in kb.judgements:
        j = judgement_iri(jdg.id)
        yield j, IRI(RDF_TYPE), _p("Judgement")
        yield j, _p("identifier", DCT), _s(jdg.id)
        yield j, _p("judgementKind"), _s(jdg.kind)
        yield j, _p("creator", DCT), _s(jdg.who)
        yield j, _p("date", DCT), date_literal(jdg.when)
        yield j, IRI(RDFS + "comment"), _s(jdg.why)
        yield j, _p("reviewFile"), _s(PurePath(jdg.file).name)
        yield j, _p("reviewEntry"), _int(jdg.entry)
        o = outcome.get(jdg.id)
        if o is None:
            continue
        yield j, _p("reviewStatus"), _s(o.status)
        for target in o.target.split(" "):
            if target in stmt_ids:
                yield j, _p("generated" if jdg.kind == "add" else "used", PROV), IRI(STATEMENT + target)
            elif "/" in target and ":" not in target:
                yield j, _p("used", PROV), entity_iri(target)


def _rejected_triples(st: Statement, rel_iris: dict[str, str], cited: set[tuple[str, int]]) -> Iterator[Triple]:
    """A rejected statement, out of the default view: a ``ydk:RejectedStatement`` that keeps what it said
    as ``rdf:subject``/``rdf:predicate``/``rdf:object`` (no ``ydk:subject``, no truthy triple), its
    source line (unless a statement of the default view cites it: its report's graph has it) and the
    judgement that invalidated it."""
    s = statement_iri(st)
    src = line_iri(_report_id_of(st.citation.source), st.citation.line)
    yield s, IRI(RDF_TYPE), _p("RejectedStatement")
    yield s, _p("identifier", DCT), _s(st.id)
    yield s, IRI(RDF_NS + "subject"), entity_iri(st.subject)
    yield s, IRI(RDF_NS + "predicate"), IRI(rel_iris.get(st.relation, YDK + st.relation))
    if st.object is not None:
        yield s, IRI(RDF_NS + "object"), entity_iri(st.object)
    if st.when is not None and st.when.start:
        yield s, _p("date"), date_literal(st.when.start)
    yield s, _p("status"), _s(st.status)
    yield s, _p("wasDerivedFrom", PROV), src
    for jid in st.review:
        yield s, _p("wasInvalidatedBy", PROV), judgement_iri(jid)
    if (st.citation.source, st.citation.line) not in cited:
        yield from _line_triples(st, src, report_iri(_report_id_of(st.citation.source)))


def _year_of(st: Statement, reports: dict[str, ReportMeta]) -> int | None:
    report = reports.get(st.citation.source)
    return report.year_of(st) if report is not None else None


def graphs(kb: KnowledgeBase) -> Iterator[tuple[IRI, list[Triple]]]:
    """Each named graph with its triples, sorted and without duplicates; graphs in IRI order.

    The one mapping: every output streams from it, one graph at a time, so
    memory holds one report's triples rather than the whole dataset.
    """
    rel_iris = {key: term.iri for key, term in relations().items()}
    reports = {r.file: r for r in kb.reports}
    labels = {eid: Lit(ent.label, lang="ko") for eid, ent in kb.entities.items()}
    kinds = {eid: ent.type for eid, ent in kb.entities.items()}
    by_graph: dict[IRI, list[Statement]] = {IRI(ENTITIES_GRAPH): []}
    for st in kb.statements:
        by_graph.setdefault(report_iri(_report_id_of(st.citation.source)), []).append(st)
    if getattr(kb, "judgements", None):
        by_graph[IRI(REVIEW_GRAPH)] = []
        by_graph[IRI(REJECTED_GRAPH)] = []
    for g in sorted(by_graph):
        if g == ENTITIES_GRAPH:
            triples = _entities_graph(kb, rel_iris)
        elif g == REVIEW_GRAPH:
            triples = set(_review_triples(kb))
        elif g == REJECTED_GRAPH:
            cited = {(st.citation.source, st.citation.line) for st in kb.statements}
            triples = {t for st in kb.rejected for t in _rejected_triples(st, rel_iris, cited)}
        else:
            triples = {t for st in by_graph[g]
                       for t in _statement_triples(st, rel_iris, g, _year_of(st, reports), labels, kinds)}
        if triples:
            yield g, sorted(triples)  # tuple order; see Lit


def quads(kb: KnowledgeBase) -> Iterator[Quad]:
    """Every quad of the dataset, sorted by graph, subject, predicate, object, without duplicates."""
    for g, triples in graphs(kb):
        for s, p, o in triples:
            yield s, p, o, g


def _quad_key(q: Quad) -> tuple:
    """The order of :func:`quads`: graph, subject, predicate, object (IRIs before literals)."""
    return (q[3], q[0], q[1], q[2])


# -------------------------------------------------------------------- N-Quads / TriG / Turtle / JSON-LD

_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESC_RE = re.compile(r'[\\"\n\r\t\b\f]')
_XSD_STRING = XSD + "string"
_XSD_INTEGER = XSD + "integer"


def _quote(text: str) -> str:
    """A quoted literal value (N-Triples and Turtle share it): raw line breaks never reach the text."""
    if _ESC_RE.search(text) is None:  # most values: nothing to escape
        return '"' + text + '"'
    return '"' + _ESC_RE.sub(lambda m: _ESC[m.group()], text) + '"'


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INTEGER = re.compile(r"-?\d+")


@lru_cache(maxsize=1 << 16)  # vocabulary, entity and report IRIs recur in every graph
def _ttl_iri(term: str) -> str:
    for prefix, ns in PREFIXES.items():
        if term.startswith(ns) and _LOCAL.match(term[len(ns):]):
            return f"{prefix}:{term[len(ns):]}"
    return f"<{term}>"


def prefix_header() -> str:
    """The ``@prefix`` lines that open a Turtle or TriG text."""
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()) + "\n"


@lru_cache(maxsize=1 << 16)
def _curie(term: str) -> str:
    """A vocabulary IRI as ``prefix:local`` (the JSON-LD context defines the prefixes), else the IRI."""
    short = _ttl_iri(term)
    return term if short.startswith("<") else short


def _jsonld_context() -> str:
    """The ``@context`` of dataset.jsonld: the vocabulary prefixes, so keys and types read ``ydk:name``."""
    return _JSON.encode(dict(sorted(PREFIXES.items())))


def _literal(o: Lit, json_value: bool) -> tuple[str, str, str]:
    """A literal in Turtle, in N-Triples and (if ``json_value``) as a JSON-LD value: a plain string
    as a JSON string, which JSON-LD reads as an ``xsd:string`` literal."""
    value = o.value
    quoted = _quote(value)
    if o.lang:
        text = f"{quoted}@{o.lang}"
        return text, text, f'{{"@value": {_enc(value)}, "@language": {_enc(o.lang)}}}' if json_value else ""
    if o.datatype and o.datatype != _XSD_STRING:
        dt = o.datatype
        ttl = value if dt == _XSD_INTEGER and _INTEGER.fullmatch(value) else f"{quoted}^^{_ttl_iri(dt)}"
        return ttl, f"{quoted}^^<{dt}>", f'{{"@value": {_enc(value)}, "@type": {_enc(_curie(dt))}}}' if json_value else ""
    return quoted, quoted, _enc(value) if json_value else ""


_TTL_SEP = " ;\n        "


class GraphText(NamedTuple):
    """One graph rendered once for every syntax asked for (:func:`render_graph`)."""

    body: str  # the graph's Turtle statements, indented as TriG writes them inside ``<g> { … }`` (or "")
    nq: str  # its N-Quads lines ("" unless asked for)
    jsonld: str  # its JSON-LD graph object ("" unless asked for)
    own: bool  # every subject is the graph's own (a statement, or a source line of its report)

    def turtle(self) -> str:
        """:attr:`body` unindented, as a Turtle text writes it (no raw line break is inside a term)."""
        return ("\n" + self.body).replace("\n    ", "\n")[1:]


def render_graph(g: IRI, triples: list[Triple], turtle: bool = True, nq: bool = False,
                 jsonld: bool = False) -> GraphText:
    """``triples`` (sorted, as :func:`graphs` gives them) as the TriG statements of ``<g> { … }``
    (unless not ``turtle``), N-Quads and JSON-LD, each if asked: one pass, each term written once
    for all of them.

    TriG groups a subject's predicates (``;``) and a predicate's objects (``,``) and uses the
    vocabulary prefixes; JSON-LD writes one node object per subject.
    """
    tail = f" <{g}> .\n"
    local = g + "/"
    own = True
    blocks: list[str] = []
    lines: list[str] = []
    nodes: list[str] = []
    for subj, by_subj in groupby(triples, key=itemgetter(0)):
        own = own and (subj.startswith(STATEMENT) or subj.startswith(local))
        subj_nt = f"<{subj}>"
        preds: list[str] = []
        props: list[str] = []
        for pred, by_pred in groupby(by_subj, key=itemgetter(1)):
            head = f"{subj_nt} <{pred}> "
            is_type = pred == RDF_TYPE
            objs: list[str] = []
            values: list[str] = []
            types: list[str] = []  # JSON-LD: the IRIs of rdf:type, as @type
            for t in by_pred:
                o = t[2]
                if o.__class__ is Lit:
                    ttl, nt, value = _literal(o, jsonld)
                    if jsonld:
                        values.append(value)
                else:
                    ttl, nt = _ttl_iri(o), f"<{o}>"
                    if jsonld and is_type:
                        types.append(_enc(_curie(o)))
                    elif jsonld:
                        values.append(f'{{"@id": {_enc(o)}}}')
                if turtle:
                    objs.append(ttl)
                if nq:
                    lines.append(f"{head}{nt}{tail}")
            if turtle:
                preds.append(f"{'a' if is_type else _ttl_iri(pred)} {', '.join(objs)}")
            if jsonld:
                if types:
                    props.append(f'"@type": [{", ".join(types)}]')
                if values:
                    props.append(f"{_enc(_curie(pred))}: [{', '.join(values)}]")
        if turtle:
            blocks.append(f"    {_ttl_iri(subj)} {_TTL_SEP.join(preds)} .\n")
        if jsonld:
            nodes.append(f'{{"@id": {_enc(subj)}, {", ".join(props)}}}')
    graph_object = f' {{"@id": {_enc(g)}, "@graph": [\n  ' + ",\n  ".join(nodes) + "\n ]}" if jsonld else ""
    return GraphText("".join(blocks), "".join(lines), graph_object, own)


class DatasetWriter:
    """Writes the graphs of :func:`graphs`, one at a time, as one of the four formats.

    ``head()``, then ``graph(g, triples)`` for each graph in order, then
    ``tail()``: the pieces concatenate to the whole file. Writers of several
    formats share one :func:`render_graph` of each graph (its ``text``).
    """

    def __init__(self, fmt: str) -> None:
        if fmt not in FORMATS.values():
            raise ValueError(f"unknown RDF format {fmt!r}")
        self.fmt = fmt
        self._first = True
        self._seen: set[Triple] = set()  # Turtle: triples that more than one graph may hold

    def head(self) -> str:
        """Text before the first graph."""
        if self.fmt in ("trig", "ttl"):
            return prefix_header()
        return f'{{"@context": {_jsonld_context()},\n "@graph": [' if self.fmt == "jsonld" else ""

    def graph(self, g: IRI, triples: list[Triple], text: GraphText | None = None) -> str:
        """One graph's text (its triples sorted, as :func:`graphs` gives them; ``text``: their
        :func:`render_graph` with this writer's format in it, if already made)."""
        if text is None:
            text = render_graph(g, triples, turtle=self.fmt in ("trig", "ttl"), nq=self.fmt == "nq",
                                jsonld=self.fmt == "jsonld")
        if self.fmt == "nq":
            return text.nq
        if self.fmt == "trig":
            return f"<{g}> {{\n{text.body}}}\n\n"
        if self.fmt == "ttl":
            return self._union(g, triples, text)
        sep = "\n" if self._first else ",\n"
        self._first = False
        return sep + text.jsonld

    def tail(self) -> str:
        """Text after the last graph."""
        if self.fmt == "jsonld":
            return "]}\n" if self._first else "\n]}\n"
        return ""

    def _union(self, g: IRI, triples: list[Triple], text: GraphText) -> str:
        """Turtle is the union of the graphs: statement and source-line triples belong to one
        graph only; any other triple is written the first time a graph holds it."""
        if text.own:
            return text.turtle()
        new = [t for t in triples if t not in self._seen]
        self._seen.update(new)
        return render_graph(g, new).turtle()


#: One compact JSON encoder (the C encoder; ``indent`` would select the slow pure-Python one).
_JSON = json.JSONEncoder(ensure_ascii=False)


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
    for g, triples in graphs(kb):
        graph = ds.graph(URIRef(g))
        for s, p, o in triples:
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

class GraphSink(Protocol):
    """Takes the dataset graph by graph as TriG text (no prefix header), e.g. a store being loaded."""

    def add(self, trig: str, n_quads: int) -> None: ...


def write_dataset(kb: KnowledgeBase, out_dir: Path, files: Iterable[str] = FILES,
                  sink: GraphSink | None = None) -> list[Path]:
    """Write ``dataset.trig``, ``.nq``, ``.ttl`` (union) and ``.jsonld`` (or the ``files`` named) to ``out_dir``,
    and hand each graph's TriG text to ``sink`` if given (the store of the build, :mod:`graph.query.persist`).

    One pass over :func:`graphs`: each graph is mapped and rendered
    (:func:`render_graph`) once and appended to every file, so memory holds
    one graph at a time. Each file is written to
    a temporary sibling and renamed only when all are complete.
    """
    out_dir = Path(out_dir)
    names = [name for name in FILES if name in set(files)]
    with paused_gc(), contextlib.ExitStack() as stack:
        outs = [(stack.enter_context(atomic_open(out_dir / name, "w")), DatasetWriter(FORMATS[name]))
                for name in names]
        trig = next((w for _, w in outs if w.fmt == "trig"), None) or DatasetWriter("trig")
        fmts = {w.fmt for _, w in outs}
        for fh, w in outs:
            fh.write(w.head())
        for g, triples in graphs(kb):
            text = render_graph(g, triples, turtle=sink is not None or bool(fmts & {"trig", "ttl"}),
                                nq="nq" in fmts, jsonld="jsonld" in fmts)  # once for every format
            trig_text = None
            for fh, w in outs:
                piece = w.graph(g, triples, text)
                fh.write(piece)
                if w is trig:
                    trig_text = piece
            if sink is not None:  # the TriG text already written, if it was
                sink.add(trig.graph(g, triples, text) if trig_text is None else trig_text, len(triples))
        for fh, w in outs:
            fh.write(w.tail())
    return [out_dir / name for name in names]
