"""Two interchangeable SPARQL stores over the dataset: rdflib (default) and pyoxigraph.

Both query the union of the named graphs, take parameter values as bindings
(rdflib ``initBindings``, pyoxigraph ``substitutions``; never pasted into the
query text) and return plain Python values, so their answers compare equal:
IRIs and most literals as ``str``, integers as ``int``, decimals and doubles as
``float``, booleans as ``bool``, unbound as ``None``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from ..errors import QueryError
from ..resources import ONTOLOGY_GRAPH
from ..model.statements import KnowledgeBase

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + t for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}

STORES = ("rdflib", "oxigraph")


class IRIValue(str):
    """A binding value that is an IRI rather than a string literal."""

    __slots__ = ()


class TypedValue(str):
    """A binding value that is a literal of a given datatype (``datatype`` is a full IRI)."""

    datatype: str

    def __new__(cls, value: str, datatype: str) -> "TypedValue":
        obj = super().__new__(cls, value)
        obj.datatype = datatype
        return obj


Value = str | int | float | bool | None
Rows = list[tuple[Value, ...]]


class Store(Protocol):
    """What the query layer needs from a store."""

    name: str

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> tuple[list[str], Rows]:
        """Run a SELECT (or ASK) query; return (variable names, rows of plain values)."""
        ...

    def __len__(self) -> int:
        """Number of quads."""
        ...


def _plain(datatype: str | None, lexical: str) -> Value:
    if datatype in _INTEGER_TYPES:
        try:
            return int(lexical)
        except ValueError:
            return lexical
    if datatype in _FLOAT_TYPES:
        try:
            return float(lexical)
        except ValueError:
            return lexical
    if datatype == XSD + "boolean":
        return lexical in ("true", "1")
    return lexical


def _check_names(bindings: dict[str, Any]) -> None:
    for name in bindings:
        if not name or not name.replace("_", "a").isalnum() or not name.isascii():
            raise QueryError(f"invalid binding name {name!r}: use letters, digits and _")


# -------------------------------------------------------------------- rdflib

class RdflibStore:
    """An rdflib ``Dataset`` in memory whose default graph is the union of named graphs."""

    name = "rdflib"

    def __init__(self, dataset=None) -> None:
        from rdflib import Dataset

        self.dataset = dataset if dataset is not None else Dataset(default_union=True)
        self.dataset.default_union = True

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> "RdflibStore":
        from ..export.rdf import kb_to_dataset

        return cls(kb_to_dataset(kb)).with_ontology()

    @classmethod
    def from_file(cls, path: Path) -> "RdflibStore":
        store = cls()
        path = Path(path)
        store.dataset.parse(str(path), format=_rdflib_format(path))
        return store.with_ontology()

    def with_ontology(self) -> "RdflibStore":
        """Load the ontology into its own named graph (relation keys and labels)."""
        from rdflib import URIRef

        from ..resources import ONTOLOGY_FILE

        self.dataset.graph(URIRef(ONTOLOGY_GRAPH)).parse(str(ONTOLOGY_FILE), format="turtle")
        return self

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())

    def _term(self, value: Any):
        from rdflib import Literal, URIRef

        if isinstance(value, IRIValue):
            return URIRef(str(value))
        if isinstance(value, TypedValue):
            return Literal(str(value), datatype=URIRef(value.datatype))
        if isinstance(value, (bool, int, float)):
            return Literal(value)
        return Literal(str(value))

    def _value(self, term) -> Value:
        from rdflib import Literal

        if term is None:
            return None
        if isinstance(term, Literal):
            return _plain(str(term.datatype) if term.datatype else None, str(term))
        return str(term)

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> tuple[list[str], Rows]:
        """Run ``sparql`` with ``bindings`` as ``initBindings``."""
        bindings = dict(bindings or {})
        _check_names(bindings)
        init = {k: self._term(v) for k, v in bindings.items()}
        try:
            result = self.dataset.query(sparql, initBindings=init)
        except Exception as exc:  # rdflib raises ParseException, ValueError, ...
            raise QueryError(f"SPARQL error: {_first_line(exc)}") from exc
        if result.type == "ASK":
            return ["ask"], [(bool(result.askAnswer),)]
        if result.type != "SELECT":
            raise QueryError("only SELECT and ASK queries are supported")
        names = [str(v) for v in result.vars]
        rows = [tuple(self._value(row[i]) for i in range(len(names))) for row in result]
        return names, rows


def _rdflib_format(path: Path) -> str:
    return {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}.get(
        path.suffix, "trig")


# -------------------------------------------------------------------- pyoxigraph

class OxigraphStore:
    """A ``pyoxigraph.Store`` in memory or persisted at a path."""

    name = "oxigraph"

    def __init__(self, store=None, path: Path | None = None) -> None:
        import pyoxigraph as ox

        self.store = store if store is not None else (ox.Store(str(path)) if path else ox.Store())

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, path: Path | None = None) -> "OxigraphStore":
        from ..export.rdf import kb_to_store

        return cls(kb_to_store(kb, path)).with_ontology()

    @classmethod
    def from_file(cls, path: Path, store_path: Path | None = None) -> "OxigraphStore":
        import pyoxigraph as ox

        store = cls(path=store_path)
        path = Path(path)
        fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
               ".nt": ox.RdfFormat.N_TRIPLES}.get(path.suffix, ox.RdfFormat.TRIG)
        store.store.bulk_load(path=str(path), format=fmt)
        return store.with_ontology()

    def with_ontology(self) -> "OxigraphStore":
        """Load the ontology into its own named graph (relation keys and labels)."""
        import pyoxigraph as ox

        from ..resources import ONTOLOGY_FILE

        self.store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        return self

    def __len__(self) -> int:
        return len(self.store)

    def _term(self, value: Any):
        import pyoxigraph as ox

        if isinstance(value, IRIValue):
            try:
                return ox.NamedNode(str(value))
            except ValueError as exc:
                raise QueryError(f"invalid IRI {str(value)!r}") from exc
        if isinstance(value, TypedValue):
            return ox.Literal(str(value), datatype=ox.NamedNode(value.datatype))
        if isinstance(value, bool):
            return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
        if isinstance(value, float):
            return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
        return ox.Literal(str(value))

    def _value(self, term) -> Value:
        import pyoxigraph as ox

        if term is None:
            return None
        if isinstance(term, ox.Literal):
            return _plain(term.datatype.value if term.datatype else None, term.value)
        return term.value

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> tuple[list[str], Rows]:
        """Run ``sparql`` with ``bindings`` as ``substitutions`` over the union graph."""
        import pyoxigraph as ox

        bindings = dict(bindings or {})
        _check_names(bindings)
        subs = {ox.Variable(k): self._term(v) for k, v in bindings.items()}
        # pyoxigraph substitutes only projected variables: project (and group by) them too,
        # then drop the added columns. The values themselves stay out of the text.
        text, added = project_variables(sparql, list(bindings))
        try:
            result = self.store.query(text, use_default_graph_as_union=True, substitutions=subs)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"SPARQL error: {_first_line(exc)}") from exc
        if isinstance(result, ox.QueryBoolean):
            return ["ask"], [(bool(result),)]
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK queries are supported")
        all_names = [v.value for v in result.variables]
        keep = [i for i, n in enumerate(all_names) if n not in added]
        names = [all_names[i] for i in keep]
        rows = [tuple(self._value(sol[i]) for i in keep) for sol in result]
        return names, rows


_TOKEN = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r'|(?P<open>\{)|(?P<close>\})'
    r'|(?P<select>\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?)'
    r'|(?P<group>\bGROUP\s+BY\b)'
    r'|(?P<var>[?$][A-Za-z_0-9]+)',
    re.IGNORECASE,
)


def project_variables(sparql: str, names: list[str]) -> tuple[str, set[str]]:
    """Add ``?name`` to the top-level SELECT (and GROUP BY) unless already projected.

    Returns the new text and the names added. Only the query's structure is
    touched (strings, IRIs and comments are skipped); no value is inserted.
    """
    depth = 0
    select_end: int | None = None
    projection_done = False
    projected: set[str] = set()
    group_end: int | None = None
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if select_end is not None:
                projection_done = True
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "select" and select_end is None:
            select_end = m.end()
        elif depth == 0 and kind == "group" and group_end is None:
            group_end = m.end()
        elif kind == "var" and select_end is not None and not projection_done and depth == 0:
            projected.add(m.group()[1:])
    if select_end is None:
        return sparql, set()
    head = sparql[select_end: select_end + 64].lstrip()
    star = head.startswith("*")
    added = [n for n in names if n not in projected and not star]
    if not added:
        return sparql, set()
    extra = "".join(f" ?{n}" for n in added)
    out = sparql
    if group_end is not None:
        out = out[:group_end] + extra + out[group_end:]
    out = out[:select_end] + extra + out[select_end:]
    return out, set(added)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# -------------------------------------------------------------------- factory

def open_store(name: str, data: Path | None = None, kb: KnowledgeBase | None = None) -> Store:
    """A store by name, loaded from a dataset file/folder, or from ``kb``."""
    if name not in STORES:
        raise QueryError(f"unknown store {name!r}; choose one of {', '.join(STORES)}")
    cls = RdflibStore if name == "rdflib" else OxigraphStore
    if kb is not None:
        return cls.from_kb(kb)
    if data is None:
        raise QueryError("no dataset given")
    return cls.from_file(Path(data))
