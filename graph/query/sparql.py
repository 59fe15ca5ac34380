"""Named SPARQL queries (``graph/queries/*.rq``), their parameters, and result formatting.

Each ``.rq`` file starts with comment lines::

    # description: what the query answers
    # param: as_of xsd:date -- what the parameter means

and holds its parameters as one row of a ``VALUES`` at the top of its
``WHERE``, with their defaults::

    VALUES (?as_of ?district) { ("2021-12-31"^^xsd:date "영등포구") }

(or in several such rows, each parameter in one, in the order they are
declared: a name looked up in a subquery has its own row there, see below)

so any SPARQL 1.1 client (YASGUI, SPARQLWrapper, curl) runs the file as it is
and gets what ``ydkg query NAME`` gives. :func:`bind` replaces that row with
the values given (``--bind name=value``, typed by the parameter's declared
type and escaped as SPARQL terms, never pasted as text); every store, and the
endpoint, then runs the same text. Every filter on a parameter stands in the
group of that ``VALUES`` (a filter in a nested group or a subquery would not
see it under SPARQL's bottom-up evaluation); a triple pattern in a nested
group may use one (``?report ydk:districtName ?district`` in a ``UNION``
branch): that is a join, the same rows wherever it is evaluated. Optional
filters take a neutral default (``""`` or ``0``) that the query reads as "all"; ``UNDEF`` leaves a
parameter unbound, and ``--bind name='*'`` (or an empty value, for a parameter
whose default is ``UNDEF``) writes ``UNDEF`` into the row: the
year-wide queries read one district's reports by default, and every
district's with ``--bind district='*'``; the lookups by name read every
district unless given one. An ad-hoc query without such a row may still take
``--bind``: the store substitutes those variables.

Query shape on Oxigraph. Oxigraph plans a query before the bindings are
substituted, so it does not know that ``?name`` or ``?year`` is bound and
starts from the pattern it estimates smallest. The named queries therefore
look a parameter up as one index term (an entity's ``ydk:name``, a
statement's ``ydk:year``, both in the dataset for this purpose) and anchor
that lookup with a one-row ``VALUES`` of the property
(``VALUES ?by_name { ydk:name } ?e ?by_name ?name``): a one-row VALUES is the
smallest pattern, so the plan starts there and joins the rest per row. A
constant elsewhere in the group (``ydk:status "done"``, a ``VALUES`` of two
relations) also looks small to the planner but matches a large share of all
statements, so such conditions are a variable plus a ``FILTER``. Oxigraph
reads a group's patterns per row in the order they are written and applies a
filter as soon as its variables are bound, so a pattern that drops rows (one
that binds a filtered variable, ``?st ydk:subject ?home ; ydk:relation
?rel``, or reads a property not every statement has, ``ydk:date``) comes
right after the anchor: what it drops is then not read further (the busiest
district's ``sister-cities`` went from 215 to 137 ms at 5,000 reports). The
kinds of statement a query reads by year have a year index term of their own
(``ydk:eventYear``, ``ydk:partOfYear``: ``ydk:year`` on those statements only),
so the year's other statements are not read at all (``events-by-year`` in one
district at 5,000 reports: 57 → 35 ms); sister- and friendship-city statements
carry their subject and object again (``ydk:tieSubject``, ``ydk:tieObject``), so
``sister-cities`` reads a district's ties and none of its other statements
(107–150 → 48–80 ms at 5,000 reports). Each such index term is declared in the
ontology (:func:`graph.model.schema.index_terms`).

A name that may be left unbound (``agreements``, ``funding``,
``designated-hospitals``) is looked up in a subquery of its own,
``{ SELECT DISTINCT ?e WHERE { VALUES (?name) { (UNDEF) } ?e ydk:name ?name } }``:
bound, it is one index lookup; unbound, every entity once (an entity has
several names, so a plain join would repeat its rows). The statements are then
read from the entity, in the graphs of the district's reports (``GRAPH
?report``): the district's reports first (``agreements``,
``designated-hospitals``), or, where one entity's statements are fewer than a
district's reports, each statement with its graph from one index scan and the
report's district read next (``entity``, ``timeline``, ``funding``: ``GRAPH
?report { ?st ydk:subject ?e } ?report ydk:districtName ?district``). Two
more rules keep Oxigraph's plan per row: every required pattern stands before
the first ``OPTIONAL`` (a required pattern after one is evaluated on its own
and hash-joined: the busiest program's funding took 1.6 s instead of 30 ms at
5,000 reports), and a per-entity label after a grouping is an ``OPTIONAL``
(looked up per group) rather than a required pattern (hashed over every
label).

Oxigraph's memory store answers a pattern by walking the shortest list among
its bound terms (the quads of that subject, predicate, object or graph), so a
probe on a hub (a district that is the subject of thousands of truthy
triples) costs as much as its list is long. Rows therefore read the other
end's Korean label from the statement (``ydk:subjectLabel``,
``ydk:objectLabel``: a few quads each) rather than from the entity, and a
per-entity lookup that the statement does not carry (an English label) runs
after grouping, once per entity rather than once per statement.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..resources import QUERIES_DIR
from .store import XSD, IRIValue, Rows, Store, TypedValue

TYPES = ("xsd:string", "xsd:integer", "xsd:gYear", "xsd:date", "xsd:boolean", "iri")
_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s+(\S+)\s*(.*?)\s*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str
    default: str | None = None
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A query with its name, description and parameters (raw queries have no name).

    ``rows`` are the spans of the parameters' rows in ``text`` (the ``( … )`` of
    each ``VALUES (?a ?b) { ( … ) }`` that holds parameters, in text order, every
    parameter in one of them), ``defaults`` the terms written there, in the
    parameters' order; :func:`bind` replaces them.
    """

    name: str
    text: str
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = None
    rows: tuple[tuple[int, int], ...] = ()
    defaults: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, if declared."""
        return next((p for p in self.params if p.name == name), None)


#: A SPARQL data value as a VALUES row writes it: a literal (typed or tagged), an IRI, a prefixed name, a number,
#: a boolean or UNDEF.
_VALUE = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:\^\^(?:<[^<>"\s]*>|[A-Za-z][\w-]*:[\w-]*)|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?'
                    r'|<[^<>"\s]*>|[A-Za-z][\w-]*:[\w-]*|UNDEF|true|false|[+-]?\d+(?:\.\d+)?')
_ROW = re.compile(r"\bVALUES\s*\(\s*((?:[?$]\w+\s*)+)\)\s*\{\s*\(", re.IGNORECASE)


def _read_row(text: str, pos: int, where: str) -> tuple[int, list[str]]:
    """The terms of the VALUES row starting at ``pos`` and where the row ends (at its ``)``)."""
    terms = []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith(")", pos):
            return pos, terms
        v = _VALUE.match(text, pos)
        if v is None:
            raise QueryError(f"{where}: cannot read the VALUES row at {text[pos:pos + 20]!r}")
        terms.append(v.group())
        pos = v.end()


def _parameter_rows(text: str, names: list[str], where: str
                    ) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], tuple[int, ...]] | None:
    """The spans of the parameters' rows, their terms (in the parameters' order) and how many each
    holds; None if the query has no VALUES row (its parameters then take the defaults of their
    comments and are substituted by the store). A row may stand in a subquery, where it anchors an
    index lookup (see the module docstring); every parameter stands in exactly one row, in the
    order the parameters are declared."""
    found = list(_ROW.finditer(text))
    if not found:
        return None
    spans, terms, widths, seen = [], [], [], []
    for m in found:
        row_vars = [v[1:] for v in m.group(1).split()]
        if not set(row_vars) & set(names):
            continue
        end, row_terms = _read_row(text, m.end(), where)
        if len(row_terms) != len(row_vars):
            raise QueryError(f"{where}: the VALUES row holds {len(row_terms)} values for {len(row_vars)} parameters")
        spans.append((m.end(), end))
        terms += row_terms
        widths.append(len(row_vars))
        seen += row_vars
    if seen != names:
        raise QueryError(f"{where}: its parameters ({', '.join(names)}) need a top-level "
                         f"VALUES ({' '.join('?' + n for n in names)}) {{ ( … ) }} row holding their defaults "
                         "(or rows holding them in that order)")
    return tuple(spans), tuple(terms), tuple(widths)


def _raw(term: str) -> str | None:
    """A VALUES term as the text a user would give for it (``"2021-12-31"^^xsd:date`` → ``2021-12-31``)."""
    if term == "UNDEF":
        return None
    if term.startswith('"'):
        body = term[1:term.rindex('"')]
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), body)
    return term


def parse_query(text: str, name: str = "", path: Path | None = None) -> NamedQuery:
    """Read the header comments of a query text, and its parameters' VALUES row."""
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m = _PARAM.match(stripped)
        if m:
            pname, ptype, rest = m.groups()
            if ptype not in TYPES:
                raise QueryError(f"{path or name}: parameter {pname!r} has unknown type {ptype!r}")
            default, _, help_text = rest.partition("--")
            default = default.strip()
            value = "" if default == '""' else (default or None)
            params.append(Param(pname, ptype, value, help_text.strip()))
        elif stripped.lower().startswith("# description:"):
            description.append(stripped.split(":", 1)[1].strip())
    if not params:
        return NamedQuery(name, text, " ".join(description), (), path)
    found = _parameter_rows(text, [p.name for p in params], str(path or name or "query"))
    if found is None:
        return NamedQuery(name, text, " ".join(description), tuple(params), path)
    spans, defaults, widths = found
    params = [Param(p.name, p.type, _raw(d), p.help) for p, d in zip(params, defaults)]
    return NamedQuery(name, text, " ".join(description), tuple(params), path, spans, defaults, widths)


@lru_cache(maxsize=4)
def library(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """The named queries of ``folder``, keyed by file name without ``.rq``."""
    return {
        p.stem: parse_query(p.read_text(encoding="utf-8"), p.stem, p)
        for p in sorted(Path(folder).glob("*.rq"))
    }


def resolve(spec: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or a SPARQL string."""
    lib = library()
    if spec in lib:
        return lib[spec]
    if "\n" not in spec and len(spec) < 4096 and spec.endswith((".rq", ".sparql")):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        return parse_query(spec)
    raise QueryError(f"{spec!r} is not a named query, a .rq file or SPARQL; named queries: {', '.join(lib)}")


class _Unbound:
    """The value of a parameter left unbound (``--bind name='*'``): ``UNDEF`` in the row."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNBOUND"


#: A parameter left unbound: the query reads every value (``*`` on the command line).
UNBOUND = _Unbound()
#: The command-line value that leaves a parameter unbound.
ANY = "*"


def convert(param: Param | None, raw: str) -> Any:
    """A binding value from its command-line text, typed by the parameter's declared type
    (:data:`UNBOUND` for ``*``)."""
    raw = unicodedata.normalize("NFC", raw)
    if raw.strip() == ANY or (not raw.strip() and param is not None and param.default is None):
        return UNBOUND  # "*", or nothing for a parameter whose default is UNDEF (every value)
    kind = param.type if param else "xsd:string"
    name = param.name if param else "?"
    if kind == "xsd:integer":
        try:
            return int(raw.strip())
        except ValueError:
            raise QueryError(f"parameter {name}: {raw!r} is not an integer") from None
    if kind == "xsd:gYear":
        value = raw.strip()
        if not _YEAR.fullmatch(value):
            raise QueryError(f"parameter {name}: {raw!r} is not a year (YYYY)")
        return TypedValue(value, XSD + "gYear")
    if kind == "xsd:date":
        value = raw.strip()
        if not _DATE.match(value):
            raise QueryError(f"parameter {name}: {raw!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        dtype = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
        return TypedValue(value, XSD + dtype)
    if kind == "xsd:boolean":
        if raw.strip().lower() not in ("true", "false", "1", "0"):
            raise QueryError(f"parameter {name}: {raw!r} is not true or false")
        return raw.strip().lower() in ("true", "1")
    if kind == "iri":
        if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw.strip(), re.IGNORECASE):
            raise QueryError(f"parameter {name}: {raw!r} is not an IRI")
        return IRIValue(raw.strip())
    return raw


def bindings_for(query: NamedQuery, given: dict[str, str]) -> dict[str, Any]:
    """Typed bindings: declared defaults, overridden by ``given`` (raw text values)."""
    if query.params:
        unknown = sorted(set(given) - {p.name for p in query.params})
        if unknown:
            names = ", ".join(p.name for p in query.params)
            raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes: {names}")
    out: dict[str, Any] = {}
    for p in query.params:
        if p.default is not None:
            out[p.name] = convert(p, p.default)
    for key, raw in given.items():
        out[key] = convert(query.param(key), raw)
    return out


def parse_binds(items: list[str] | None) -> dict[str, str]:
    """``["name=value", ...]`` as a dict (the value may hold any character, ``=`` included)."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise QueryError(f"--bind {item!r}: expected name=value")
        out[key] = value
    return out


def sparql_term(value: object) -> str:
    """A binding value (as :mod:`graph.query.store` takes them) written as a SPARQL term (escaped, never pasted)."""
    if value is UNBOUND:
        return "UNDEF"
    if isinstance(value, IRIValue):
        if re.search(r'[\x00-\x20<>"{}|^`\\]', value):
            raise QueryError(f"invalid IRI {str(value)!r}")
        return f"<{value}>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, TypedValue):
        return f'"{escaped}"^^<{value.datatype}>'
    return f'"{escaped}"'


def bind(query: NamedQuery, given: dict[str, str] | None = None) -> str:
    """The query's text with its parameters' row holding ``given`` values (raw text, typed and escaped
    here), the defaults elsewhere: the text any SPARQL client can run as it is."""
    given = dict(given or {})
    typed = bindings_for(query, given)  # unknown names and bad values: one-line errors
    return with_row(query, {k: v for k, v in typed.items() if k in given})


def with_row(query: NamedQuery, values: dict[str, Any]) -> str:
    """The query's text with its parameters' row holding typed ``values`` (the defaults for the others)."""
    if not query.rows:
        return query.text
    terms = [sparql_term(values[p.name]) if values.get(p.name) is not None else d
             for p, d in zip(query.params, query.defaults)]
    out, pos, first = [], 0, 0
    for (start, end), width in zip(query.rows, query.widths):
        out += [query.text[pos:start], " ", " ".join(terms[first:first + width]), " "]
        pos, first = end, first + width
    return "".join(out) + query.text[pos:]


_SLICE = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)


def page(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """``text`` with ``LIMIT``/``OFFSET`` appended: one page of a long answer (the named queries end in
    ``ORDER BY``, so pages are stable). A query that already ends with its own slice is refused."""
    if limit is None and not offset:
        return text
    body = text.rstrip()
    if _SLICE.search(body):
        raise QueryError("the query has its own LIMIT or OFFSET: leave out --limit and --offset")
    return body + (f"\nLIMIT {int(limit)}" if limit is not None else "") + (f"\nOFFSET {int(offset)}" if offset else "") + "\n"


def run(store: Store, spec: str | NamedQuery, given: dict[str, str] | None = None, *,
        limit: int | None = None, offset: int | None = None) -> tuple[list[str], Rows]:
    """Run a named query, file or SPARQL string on ``store``: its text with the parameters' row bound
    (:func:`bind`), as a SPARQL client would send it; one page of it with ``limit``/``offset``."""
    query = spec if isinstance(spec, NamedQuery) else resolve(spec)
    if not query.rows and (given or query.params):  # no VALUES row: the store substitutes the variables
        typed = bindings_for(query, dict(given or {}))
        return store.query(page(query.text, limit, offset), {k: v for k, v in typed.items() if v is not UNBOUND})
    return store.query(page(bind(query, given), limit, offset))


# -------------------------------------------------------------------- formatting

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(names: list[str], rows: Rows, max_cell: int = 60) -> str:
    """A plain-text table, aligned for Korean (wide) characters."""
    def clip(value: Any) -> str:
        text = _cell(value).replace("\n", " ")
        return text if len(text) <= max_cell else text[: max_cell - 1] + "…"

    cells = [[clip(v) for v in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_csv(names: list[str], rows: Rows) -> str:
    """CSV with a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buf.getvalue()


def format_json(names: list[str], rows: Rows) -> str:
    """A JSON list of objects, one per row (unbound values as null)."""
    return json.dumps([dict(zip(names, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"


FORMATS = {"table": format_table, "csv": format_csv, "json": format_json}
