"""Entity classes and relation kinds, read from the ontology (``ontology/ydkg.ttl``).

The ontology is the single source of truth: code asks this module for class
and relation names instead of keeping its own list.

>>> "Hospital" in classes() and "funded_by" in relations()
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import OntologyError
from ..resources import ONTOLOGY_FILE

YDK = Namespace("https://w3id.org/ydkg/ontology#")


@dataclass(frozen=True)
class Term:
    """A class or relation of the ontology with its labels and display hints."""

    key: str
    iri: str
    label_ko: str
    label_en: str
    comment: str
    color: str | None = None
    shape: str | None = None

    def label(self, lang: str = "ko") -> str:
        """The label in ``lang`` (``ko`` or ``en``)."""
        return self.label_en if lang == "en" else self.label_ko


def _text(g: Graph, s: URIRef, p: URIRef, lang: str | None = None) -> str:
    for o in sorted(g.objects(s, p)):
        if isinstance(o, Literal) and (lang is None or o.language == lang):
            return str(o)
    return ""


def _terms(g: Graph, marker: URIRef) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for s in sorted(g.subjects(RDF.type, marker)):
        key = _text(g, s, YDK.key)
        if not key:
            raise OntologyError(f"{ONTOLOGY_FILE}: {s} has no ydk:key")
        out[key] = Term(
            key=key,
            iri=str(s),
            label_ko=_text(g, s, RDFS.label, "ko"),
            label_en=_text(g, s, RDFS.label, "en"),
            comment=_text(g, s, RDFS.comment, "en"),
            color=_text(g, s, YDK.color) or None,
            shape=_text(g, s, YDK.shape) or None,
        )
    return dict(sorted(out.items()))


@lru_cache(maxsize=4)
def _ontology(path: Path) -> Graph:
    """The ontology at ``path``, parsed once."""
    g = Graph()
    g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=4)
def load(path: Path = ONTOLOGY_FILE) -> tuple[dict[str, Term], dict[str, Term]]:
    """Parse the ontology once and return (classes, relations) keyed by ``ydk:key``."""
    g = _ontology(path)
    return _terms(g, YDK.EntityClass), _terms(g, YDK.Relation)


def classes() -> dict[str, Term]:
    """Entity classes keyed by their ``ydk:key`` (e.g. ``"Hospital"``)."""
    return load()[0]


def relations() -> dict[str, Term]:
    """Relation kinds keyed by their snake_case ``ydk:key`` (e.g. ``"funded_by"``)."""
    return load()[1]


def check_class(key: str) -> str:
    """Return ``key`` if it is an entity class of the ontology, else raise."""
    if key not in classes():
        raise OntologyError(f"unknown entity class {key!r}; the ontology has {', '.join(classes())}")
    return key


def check_relation(key: str) -> str:
    """Return ``key`` if it is a relation of the ontology, else raise."""
    if key not in relations():
        raise OntologyError(f"unknown relation {key!r}; the ontology has {', '.join(relations())}")
    return key


@lru_cache(maxsize=4)
def refinements(path: Path = ONTOLOGY_FILE) -> dict[str, dict[str, str]]:
    """Relation IRI → {object class key → the subproperty its truthy triple takes} (``ydk:whenObjectIs``).

    ``ydk:designated`` means "designated into" a zone and "designated by" a ministry; the ontology
    gives each meaning its own subproperty, chosen by the class of the object.
    """
    g = _ontology(path)
    keys = {URIRef(t.iri): k for k, t in load(path)[0].items()}
    rels = {URIRef(t.iri) for t in load(path)[1].values()}
    out: dict[str, dict[str, str]] = {}
    for prop, cls in sorted(g.subject_objects(YDK.whenObjectIs)):
        for parent in g.objects(prop, RDFS.subPropertyOf):
            if cls in keys and parent in rels:
                out.setdefault(str(parent), {})[keys[cls]] = str(prop)
    return out


#: The statement properties an index term may repeat (``ydk:year`` …), by local name.
INDEXED = ("object", "subject", "year")


@dataclass(frozen=True)
class IndexTerm:
    """A subproperty of a statement property (``ydk:year``, ``ydk:subject``, ``ydk:object``: its
    ``parent``) that a statement also carries, with the same value, when it is of one kind: its
    object of one of ``classes`` (``ydk:whenObjectIs``) or its relation one of ``relations``
    (``ydk:whenRelationIs``). A query that reads statements of that kind by that value then
    reads one index range and no other statements."""

    iri: str
    parent: str
    classes: frozenset[str]
    relations: frozenset[str]

    def applies(self, relation: str, object_class: str | None) -> bool:
        """Whether a statement of ``relation`` (a key) with an object of ``object_class`` carries it."""
        return relation in self.relations or object_class in self.classes


@lru_cache(maxsize=4)
def index_terms(path: Path = ONTOLOGY_FILE) -> tuple[IndexTerm, ...]:
    """The index terms of the ontology (subproperties of the :data:`INDEXED` properties), in IRI order.

    >>> [(i.iri.rsplit("#")[1], i.parent, sorted(i.classes), sorted(i.relations)) for i in index_terms()]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('eventYear', 'year', ['Event'], []), ('partOfYear', 'year', [], ['part_of']),
     ('tieObject', 'object', [], ['friendship_city', 'sister_city']),
     ('tieSubject', 'subject', [], ['friendship_city', 'sister_city'])]
    """
    g = _ontology(path)
    class_keys = {URIRef(t.iri): k for k, t in load(path)[0].items()}
    relation_keys = {URIRef(t.iri): k for k, t in load(path)[1].items()}
    out = []
    for parent in INDEXED:
        for prop in g.subjects(RDFS.subPropertyOf, YDK[parent]):
            classes_ = frozenset(class_keys[c] for c in g.objects(prop, YDK.whenObjectIs) if c in class_keys)
            relations_ = frozenset(relation_keys[r] for r in g.objects(prop, YDK.whenRelationIs)
                                   if r in relation_keys)
            if not classes_ and not relations_:
                raise OntologyError(f"{path}: {prop} is an index term of ydk:{parent} with no "
                                    "ydk:whenObjectIs or ydk:whenRelationIs")
            out.append(IndexTerm(str(prop), parent, classes_, relations_))
    return tuple(sorted(out, key=lambda t: t.iri))
