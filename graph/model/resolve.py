"""Resolution: mentions → canonical entities through the gazetteer (``data/gazetteer/``).

A name matches an entry's label or alias with spaces and punctuation ignored;
place prefixes (country, province) and title words (장관) are tried off. A
mention no entry matches still becomes a typed entity, flagged
``in_gazetteer=False`` and listed for review.

Names no entry matches are merged into one node when they differ only by
spacing, by a variant spelling, or by the reporting district's name before
them (``data/rules/names.toml``), within one entity class and one district.
The node's id comes from what is stable about it (:func:`entity_id`: class,
district, canonical name), never from the wording met first, so it does not
change with the order or the wording of the reports. Its label is the wording
cited first (by report file name, then in the report's order), the others
become its aliases, and each merge is kept as a :class:`Merge` (written to
``merges.csv``) for review.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import schema
from ..errors import GazetteerError
from .statements import Claim, Entity, Merge, Mention, Statement
from .. import rules
from ..resources import GAZETTEER_DIR
from ..read.textnorm import clean, key

_TITLE_SUFFIXES = ("장관", "청장", "구청장", "원장")
_NOT_SLUG = re.compile(r"[^\w가-힣]+")
_BRACKETED = re.compile(r"\s*\([^()]*\)\s*")


@dataclass
class Gazetteer:
    """Entries by id and a matching index from name keys to ids."""

    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> Entity | None:
        """The entry whose label or alias matches ``name``, if any."""
        eid = self.index.get(key(name))
        return self.entities.get(eid) if eid else None

    def reporting_district(self) -> Entity | None:
        """The entry marked ``role = "reporting district"``."""
        for e in self.entities.values():
            if e.attribute("role") == "reporting district":
                return e
        return None


def load_gazetteer(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    """Read every ``*.toml`` file of the gazetteer; raise a one-line error if malformed."""
    gaz = Gazetteer()
    classes = schema.classes()
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{path}: {exc}") from None
        for n, row in enumerate(data.get("entity", []), start=1):
            missing = [k for k in ("id", "type", "ko") if not row.get(k)]
            if missing:
                raise GazetteerError(f"{path}: entity #{n} lacks {', '.join(missing)}")
            if row["type"] not in classes:
                raise GazetteerError(f"{path}: entity {row['id']!r} has unknown type {row['type']!r}")
            if row["id"] in gaz.entities:
                raise GazetteerError(f"{path}: duplicate id {row['id']!r}")
            attrs = {str(k): str(v) for k, v in row.get("attributes", {}).items()}
            if row.get("wikidata"):  # the Wikidata item (skos:exactMatch in RDF)
                if not re.fullmatch(r"Q[1-9][0-9]*", str(row["wikidata"])):
                    raise GazetteerError(f"{path}: entity {row['id']!r}: wikidata {row['wikidata']!r} is not an item (Q42)")
                attrs["wikidata"] = str(row["wikidata"])
            attrs = tuple(sorted(attrs.items()))
            ent = Entity(row["id"], row["ko"], row["type"], row.get("en"), tuple(row.get("aliases", [])), attrs, True)
            gaz.entities[ent.id] = ent
            for name in (ent.label, *ent.aliases):
                k = key(name)
                other = gaz.index.get(k)
                if other and other != ent.id:
                    raise GazetteerError(f"{path}: name {name!r} of {ent.id} already names {other}")
                gaz.index[k] = ent.id
    return gaz


def slug(text: str) -> str:
    """A readable id part: Hangul and letters kept, everything else '-'."""
    return _NOT_SLUG.sub("-", clean(text)).strip("-").lower() or "x"


def _is_place_prefix(word: str) -> bool:
    """A country or province word written before a name (중국, 경남, 서울시 …)."""
    r = rules.load("mentions")  # data/rules/mentions.toml: the words the extractor reads places by
    return word in r["words"]["countries"] or word in r["provinces"] or word.endswith(("특별시", "광역시", "시", "도"))


@lru_cache(maxsize=1)
def scoped_types() -> frozenset[str]:
    """The entity classes whose nodes are one per district (``names.toml`` [scoped_by_district])."""
    return frozenset(rules.load("names").get("scoped_by_district", {}).get("types", ()))


@lru_cache(maxsize=1)
def global_types() -> frozenset[str]:
    """The classes whose unlisted names are global names, not identified within a district
    (``names.toml`` [identifiers] global)."""
    return frozenset(rules.load("names").get("identifiers", {}).get("global", ()))


def id_district(type_key: str, district: str | None) -> str | None:
    """The district an unlisted name of class ``type_key`` is identified (and merged) within:
    the reporting ``district``, or ``None`` for a global-name class."""
    return None if type_key in global_types() else district


_ID_NAME_MAX = 60  # longer canonical names keep a readable prefix and a hash of the rest


def _id(type_key: str, name: str, district: str | None) -> str:
    """``{class}/{district}/{name slug}``, or ``{class}/{name slug}`` without a district."""
    part = slug(name)
    if len(part) > _ID_NAME_MAX:
        part = f"{part[:_ID_NAME_MAX - 12]}-{hashlib.sha1(part.encode('utf-8')).hexdigest()[:8]}"
    if district:
        return f"{type_key.lower()}/{slug(district)}/{part}"
    return f"{type_key.lower()}/{part}"


def entity_id(type_key: str, name: str, district: str | None) -> str:
    """The id of a name the gazetteer lacks, read in a report of ``district``: its class, its
    district unless the class is a global name, and its canonical name (:func:`merge_key`), so
    every wording that merges into one node gives that node's id (``activity/영등포구/금융아카데미운영``).
    The resolver gives ``{id}-2`` … instead only when a gazetteer entry already holds that id."""
    d = id_district(type_key, district)
    return _id(type_key, merge_key(name, d)[0], d)


@lru_cache(maxsize=1)
def _name_rules() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], int]:
    r = rules.load("names")
    spellings = tuple(sorted(((key(a), key(b)) for a, b in r["spellings"].items()), key=lambda p: -len(p[0])))
    return spellings, tuple(r["district_prefix"]["suffixes"]), int(r["district_prefix"]["min_rest"])


def merge_key(label: str, district: str | None = None) -> tuple[str, str]:
    """The key two names of one entity share, and the rule that made it (``spacing``, ``spelling``,
    ``district prefix``): spaces and punctuation ignored, variant spellings read one way, the
    reporting district's name (or its stem) at the start left out."""
    spellings, suffixes, min_rest = _name_rules()
    k = key(label)
    rule = "spacing"
    for variant, canonical in spellings:
        if variant in k:
            k, rule = k.replace(variant, canonical), "spelling"
    if district:
        d = key(district)
        stems = [d] + [d[: -len(x)] for x in suffixes if d.endswith(x) and len(d) > len(x) + 1]
        for stem in stems:
            if k.startswith(stem) and len(k) - len(stem) >= min_rest:
                return k[len(stem):], "district prefix"
    return k, rule


def merge_rule(a: str, b: str, district: str | None) -> str:
    """Which rule of :func:`merge_key` makes names ``a`` and ``b`` one: the first that suffices."""
    if key(a) == key(b):
        return "spacing"
    if merge_key(a)[0] == merge_key(b)[0]:
        return "spelling"
    return "district prefix"


class Resolver:
    """Resolves mentions to entities, creating typed entities for unknown names (merged by
    :func:`merge_key` within a class and a district, identified by :func:`entity_id`); set
    :attr:`district` to the reporting district of the report whose claims are resolved."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.found: dict[str, Entity] = {}
        self.district: str | None = None
        self._memo: dict[tuple[str, str, str | None], Entity] = {}
        self._by_key: dict[tuple[str, str, str], str] = {}  # (class, district, merge key) -> entity id
        self._owner: dict[str, tuple[str, str, str]] = {}  # entity id -> the scope it identifies
        self._home: dict[str, str | None] = {}  # unlisted entity id -> the district it is identified within
        #: unlisted entity id -> each wording -> where it was first cited (source, order met, line) and its context
        self._wordings: dict[str, dict[str, tuple[tuple[str, int, int], tuple[tuple[str, str], ...]]]] = {}
        self._met = 0
        self._relations: set[str] = set()  # relations already checked against the ontology
        #: (entity id, name) pairs a reviewer kept apart (``keep_apart`` judgements), and the node each name got.
        self.apart: set[tuple[str, str]] = set()
        self.splits: dict[tuple[str, str], str] = {}

    def _candidates(self, m: Mention) -> list[str]:
        text = clean(m.text)
        out = [text, _BRACKETED.sub(" ", text).strip()]
        words = text.split()
        if m.type != "Person":
            i = 0
            while i < len(words) - 1 and _is_place_prefix(words[i]):
                i += 1
                out.append(" ".join(words[i:]))
        for suffix in _TITLE_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                out.append(text[: -len(suffix)])
        parent = m.hint("parent")
        if parent:
            out.insert(0, f"{parent} {text}")
        return out

    def resolve(self, m: Mention) -> Entity:
        """The entity a mention names."""
        memo_key = (m.text, m.type, self.district)
        ent = self._memo.get(memo_key)
        if ent is not None:
            return self.found.get(ent.id, ent)
        for cand in self._candidates(m):
            ent = self.gaz.lookup(cand)
            if ent is not None:
                break
        if ent is None:
            ent = self._unlisted(m)
        self.found[ent.id] = self.found.get(ent.id, ent)
        self._memo[memo_key] = ent
        return self.found[ent.id]

    def _claim(self, scope: tuple[str, str, str], eid: str) -> str:
        """The id of ``scope``: ``eid`` unless a gazetteer entry or another scope holds it, then ``eid-2`` …"""
        got = self._by_key.get(scope)
        if got is not None:
            return got
        base, n = eid, 1
        while eid in self.gaz.entities or self._owner.get(eid, scope) != scope:
            n += 1
            eid = f"{base}-{n}"
        self._by_key[scope] = eid
        self._owner[eid] = scope
        return eid

    def _unlisted(self, m: Mention) -> Entity:
        """The node of a name the gazetteer lacks: its class, district and canonical name make its id."""
        label = clean(m.text)
        district = id_district(m.type, self.district)
        mk, _ = merge_key(label, district)
        eid = self._claim((m.type, district or "", mk), _id(m.type, mk, district))
        if (eid, label) in self.apart:
            return self._kept_apart(m, label, eid, district)
        return self.found.get(eid) or self._new(eid, m, label, district)

    def _new(self, eid: str, m: Mention, label: str, district: str | None) -> Entity:
        """A new unlisted node (a unit of a district office knows its district and its qualified name)."""
        self._home[eid] = district
        context = set(m.context)
        if m.type in scoped_types() and district:
            context.add(("district", district))  # the office it is a unit of (org:unitOf in RDF)
        return Entity(eid, label, m.type, None, self._scoped_aliases(m.type, label, district),
                      tuple(sorted(context)), False)

    def _scoped_aliases(self, type_key: str, label: str, district: str | None) -> tuple[str, ...]:
        """A unit of a district office is also found by its district-qualified name (영등포구 기획예산과)."""
        if type_key in scoped_types() and district and not label.startswith(district):
            return (f"{district} {label}",)
        return ()

    def _kept_apart(self, m: Mention, label: str, merged: str, district: str | None) -> Entity:
        """The node of a name a reviewer kept apart from ``merged``: its own id, from the name as written
        (spaces and punctuation ignored), ``-2`` … if that is ``merged``'s."""
        k = key(label)
        eid = self._claim((m.type, district or "", "\x00" + k), _id(m.type, k, district))
        self.splits[(merged, label)] = eid
        return self.found.get(eid) or self._new(eid, m, label, district)

    def _note(self, ent: Entity, m: Mention, c: Claim) -> None:
        """Record the wording ``m`` of an unlisted node where it is first cited; the wording cited first
        (by report file name, then in the report's order) is the node's label, the others its aliases."""
        if ent.in_gazetteer:
            return
        self._met += 1
        label = clean(m.text)
        seen = self._wordings.setdefault(ent.id, {})
        first = (c.citation.source, self._met, c.citation.line)
        if label in seen and seen[label][0] <= first:
            return
        seen[label] = (first, m.context)
        best = min(seen, key=lambda w: seen[w][0])
        district = self._home.get(ent.id)
        aliases = set(seen) - {best} | set(self._scoped_aliases(ent.type, best, district))
        attrs = set(seen[best][1])  # the context the label's mention gave; a unit knows its district
        if ent.type in scoped_types() and district:
            attrs.add(("district", district))
        self.found[ent.id] = replace(ent, label=best, aliases=tuple(sorted(aliases)), attributes=tuple(sorted(attrs)))

    @property
    def merges(self) -> list[Merge]:
        """Every name merged into a node whose label it is not, with its rule and first citation."""
        out = []
        for eid, seen in self._wordings.items():
            ent = self.found[eid]
            d = self._home.get(eid)
            for name, ((source, _, line), _) in seen.items():
                if name != ent.label:
                    out.append(Merge(eid, ent.label, name, merge_rule(ent.label, name, d), source, line))
        return sorted(out)

    def statement(self, c: Claim) -> Statement:
        """A claim with its names resolved to entity ids."""
        subject = self.resolve(c.subject)
        self._note(subject, c.subject, c)
        obj = self.resolve(c.object) if c.object is not None else None
        if obj is not None and c.object is not None:
            self._note(obj, c.object, c)
        if c.relation not in self._relations:
            schema.check_relation(c.relation)
            self._relations.add(c.relation)
        return replace(c, subject=subject.id, object=obj.id if obj else None)
