"""A reviewer's judgements, read from TOML files (``data/review/*.toml``, ``ydkg build --review``).

Each ``[[judgement]]`` entry holds ``kind``, ``who``, ``when`` (a date) and ``why``, and the keys
of its kind (:data:`KINDS`). This module checks what can be checked without the knowledge base:
kinds, keys, dates, id forms, classes and relations. :mod:`graph.model.review` checks the rest
against the build and applies them. A bad entry stops the build with a one-line
:class:`~graph.errors.ReviewError` naming the file and the entry.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from ..errors import ReviewError
from ..resources import REVIEW_DIR
from .statements import Judgement

#: Kind → (required keys, optional keys). ``who``, ``when``, ``why`` (and ``id``) are common to all.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge": (("entities",), ("into",)),
    "keep_apart": (("entity", "name"), ()),
    "entity": (("entity",), ("label", "type", "label_en", "wikidata")),
    "reject": (("statement",), ("quote",)),
    "correct": (("statement",), ("date", "end", "amount_krw", "subject", "object", "relation", "status", "quote")),
    "add": (("relation", "source", "line", "quote"),
            ("subject", "object", "subject_label", "subject_type", "object_label", "object_type",
             "date", "end", "status", "amount_krw", "role", "note")),
}
COMMON = ("who", "when", "why")
#: What ``correct`` changes: at least one of these.
CORRECTABLE = ("date", "end", "amount_krw", "subject", "object", "relation", "status")
ENTITY_ID = re.compile(r"^[a-z]+/\S+$")
STATEMENT_ID = re.compile(r"^[0-9a-f]{16}$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
STATUSES = ("done", "planned")


def review_paths(review: Iterable[Path] | None = None) -> list[Path]:
    """The judgement files or folders a build reads: ``review``, else ``data/review/`` (if present)."""
    if review is not None:
        return [Path(p) for p in review]
    return [REVIEW_DIR] if REVIEW_DIR.is_dir() else []


def review_files(paths: Iterable[Path]) -> list[Path]:
    """The judgement files ``paths`` name: files as given, folders' ``*.toml`` sorted by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("*.toml"))
        elif p.is_file():
            out.append(p)
        else:
            raise ReviewError(f"{p}: no such review file or folder")
    return out


def load_judgements(paths: Iterable[Path]) -> list[Judgement]:
    """Every judgement of the files ``paths`` name, in file and entry order; checked (see module)."""
    out: list[Judgement] = []
    seen: dict[str, str] = {}
    for path in review_files(paths):
        for j in load_file(path):
            if j.id in seen:
                raise ReviewError(f"{j.where}: the same judgement as {seen[j.id]} (id {j.id})")
            seen[j.id] = j.where
            out.append(j)
    return out


def load_file(path: Path) -> list[Judgement]:
    """The judgements of one TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReviewError(f"{path}: not a judgement file: {exc}") from None
    extra = sorted(set(data) - {"judgement"})
    if extra:
        raise ReviewError(f"{path}: unknown table {extra[0]!r} (a judgement file holds [[judgement]] entries)")
    entries = data.get("judgement", [])
    if not isinstance(entries, list):
        raise ReviewError(f"{path}: write each judgement as a [[judgement]] entry")
    return [_judgement(path, n, entry) for n, entry in enumerate(entries, start=1)]


def _judgement(path: Path, n: int, entry: dict) -> Judgement:
    """Entry ``n`` of ``path`` as a :class:`Judgement`, its keys and values checked."""
    kind = entry.get("kind")
    where = f"{path}: judgement {n} ({kind})"
    if kind not in KINDS:
        raise ReviewError(f"{path}: judgement {n}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    required, optional = KINDS[kind]
    missing = [k for k in (*COMMON, *required) if entry.get(k) in (None, "", [])]
    if missing:
        what = "citation" if kind == "add" and set(missing) & {"source", "line", "quote"} else "key"
        raise ReviewError(f"{where}: missing {what} {', '.join(missing)}")
    unknown = sorted(set(entry) - {"kind", "id", *COMMON, *required, *optional})
    if unknown:
        raise ReviewError(f"{where}: unknown key {unknown[0]!r} (keys of {kind}: {', '.join((*required, *optional))})")
    when = _date(entry["when"], where)
    fields = {k: _frozen(v) for k, v in entry.items() if k not in ("kind", "id", *COMMON)}
    _check_fields(kind, fields, where)
    jid = str(entry.get("id") or _hash(kind, fields))
    return Judgement(jid, str(path), n, kind, str(entry["who"]), when, str(entry["why"]),
                     tuple(sorted(fields.items())))


def _frozen(value: object) -> object:
    """Lists as tuples (a judgement is hashable)."""
    return tuple(value) if isinstance(value, list) else value


def _hash(kind: str, fields: dict[str, object]) -> str:
    """A judgement's default id: ``rv-`` and a hash of its kind and fields (not who, when or why)."""
    text = json.dumps([kind, sorted(fields.items())], ensure_ascii=False, default=str)
    return "rv-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _date(value: object, where: str) -> str:
    """``when`` as an ISO date: a TOML date or a ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ReviewError(f"{where}: when {value!r} is not a date (write 2026-12-01)") from None


def _check_fields(kind: str, f: dict[str, object], where: str) -> None:
    """The values of a judgement's fields: id forms, classes, relations, dates, amounts, status."""
    from . import schema  # the ontology (rdflib): only when there are judgements to check

    for key in ("statement",):
        if key in f and not (isinstance(f[key], str) and STATEMENT_ID.match(f[key])):
            raise ReviewError(f"{where}: unknown statement id {f[key]!r} (16 hex digits, the facts "
                              "table's statement_id)")
    ids = [*(f.get("entities") or ()), *(f[k] for k in ("entity", "into", "subject", "object") if k in f)]
    for eid in ids:
        check_entity_id(eid, where)
    if kind == "merge" and len(set(f["entities"])) < 2:  # type: ignore[arg-type]
        raise ReviewError(f"{where}: merge names at least two entities")
    if "into" in f and f["into"] not in f["entities"]:  # type: ignore[operator]
        raise ReviewError(f"{where}: into {f['into']!r} is not one of its entities")
    for key in ("type", "subject_type", "object_type"):
        if key in f:
            _known(schema.classes(), f[key], where, "type")
    if "relation" in f:
        _known(schema.relations(), f["relation"], where, "relation")
    for key in ("date", "end"):
        if key in f and not (isinstance(f[key], str) and (f[key] == "" or ISO_DATE.match(f[key]))):
            raise ReviewError(f"{where}: {key} {f[key]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if "amount_krw" in f and (isinstance(f["amount_krw"], bool) or not isinstance(f["amount_krw"], int)):
        raise ReviewError(f"{where}: amount_krw {f['amount_krw']!r} is not a whole number of won")
    if "status" in f and f["status"] not in STATUSES:
        raise ReviewError(f"{where}: status {f['status']!r} (done or planned)")
    if "wikidata" in f and not (isinstance(f["wikidata"], str) and WIKIDATA.match(f["wikidata"])):
        raise ReviewError(f"{where}: wikidata {f['wikidata']!r} is not a Wikidata item (Q42)")
    if kind == "entity" and not set(f) - {"entity"}:
        raise ReviewError(f"{where}: say what to set: label, type, label_en or wikidata")
    if kind == "correct" and not set(f) & set(CORRECTABLE):
        raise ReviewError(f"{where}: say what to correct: {', '.join(CORRECTABLE)}")
    if kind == "add":
        _check_add(f, where)


def _check_add(f: dict[str, object], where: str) -> None:
    """An added statement names each end by id or by label and type, and cites a line."""
    for end in ("subject", "object"):
        by_label = f"{end}_label" in f or f"{end}_type" in f
        if end in f and by_label:
            raise ReviewError(f"{where}: give {end} or {end}_label with {end}_type, not both")
        if by_label and not (f.get(f"{end}_label") and f.get(f"{end}_type")):
            raise ReviewError(f"{where}: {end}_label needs {end}_type (and the other way round)")
        if end == "subject" and not (end in f or by_label):
            raise ReviewError(f"{where}: missing key subject (or subject_label and subject_type)")
    if not (isinstance(f["line"], int) and not isinstance(f["line"], bool) and f["line"] > 0):
        raise ReviewError(f"{where}: missing citation: line {f['line']!r} is not a line number")
    if not isinstance(f["quote"], str) or not f["quote"].strip():
        raise ReviewError(f"{where}: missing citation: quote the cited line")


def check_entity_id(eid: object, where: str) -> None:
    """An entity id has the form ``kind/name`` or ``kind/district/name`` (``hospital/kim-eye``, ``agency/영등포구/…``)."""
    if not (isinstance(eid, str) and ENTITY_ID.match(eid)):
        raise ReviewError(f"{where}: unknown entity id {eid!r} (ids look like agency/…, as in the facts "
                          "table's subject_id)")


def _known(terms: dict, key: object, where: str, what: str) -> None:
    if key not in terms:
        raise ReviewError(f"{where}: unknown {what} {key!r}")
