"""What most needs a human look (``ydkg review``): candidates for judgements, ranked.

Five kinds, each scored in [0, 1] by ``data/rules/review.toml`` and sorted highest first:

- ``merged``: names the build made one node by a rule (``merges.csv``): confirm, or keep apart;
- ``duplicate``: two nodes the build kept apart whose names are close (spaces and punctuation
  ignored), more so when they share a neighbour or a cited line: merge them;
- ``generic``: a statement of a generic relation (``activity``) whose line holds another
  relation's trigger word that no statement of the line states: correct its relation;
- ``unparsed``: a line no rule read that carries a date or an amount: add what it says;
- ``unlisted``: an entity the gazetteer lacks, by how often it is cited: set its names or type.

Each candidate carries the judgement it suggests (:attr:`Candidate.suggest`), which the review
page (:mod:`viz.review`) writes as TOML for the reviewer to save under ``data/review/``.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from .. import rules
from ..model.statements import Entity, KnowledgeBase, Statement
from ..read.textnorm import key

#: Kinds in the order they are listed at equal score.
KINDS = ("merged", "duplicate", "generic", "unparsed", "unlisted")


@dataclass(frozen=True)
class Candidate:
    """One thing for a reviewer to look at: its kind, score, what and why, where it is cited, and the
    judgement it suggests (``kind`` and fields, as in a judgement file)."""

    kind: str
    score: float
    what: str
    why: str
    source: str = ""
    line: int = 0
    quote: str = ""
    suggest: dict[str, Any] = field(default_factory=dict, compare=False)

    def sort_key(self) -> tuple:
        """Highest score first, then by kind, place and text."""
        return (-round(self.score, 6), KINDS.index(self.kind), self.source, self.line, self.what)


def candidates(kb: KnowledgeBase) -> list[Candidate]:
    """Every candidate of ``kb``, ranked."""
    cfg = rules.load("review")
    found = [*merged(kb, cfg), *duplicates(kb, cfg), *generic(kb, cfg), *unparsed(kb, cfg), *unlisted(kb, cfg)]
    return sorted(found, key=Candidate.sort_key)


def merged(kb: KnowledgeBase, cfg: dict[str, Any]) -> Iterator[Candidate]:
    """The merges the build made by a rule."""
    scores = cfg["scores"]["merged"]
    for m in kb.merges:
        if m.entity not in kb.entities:
            continue
        yield Candidate("merged", float(scores.get(m.rule, 0.9)), f"{m.label} = {m.merged}",
                        f"made one node by the {m.rule} rule ({m.entity}); keep apart if they differ",
                        m.source, m.line, "",
                        {"kind": "keep_apart", "entity": m.entity, "name": m.merged})


def _neighbours(kb: KnowledgeBase) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, int]]], dict[str, Statement]]:
    """Node → its neighbours, node → the lines citing it, node → the first statement citing it."""
    near: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, set[tuple[str, int]]] = defaultdict(set)
    first: dict[str, Statement] = {}
    for s in kb.statements:
        for a, b in ((s.subject, s.object), (s.object, s.subject)):
            if a is None:
                continue
            if b is not None:
                near[a].add(b)
            lines[a].add((s.citation.source, s.citation.line))
            first.setdefault(a, s)
    return near, lines, first


def _blocks(ents: list[Entity], near: dict[str, set[str]], lines: dict[str, set[tuple[str, int]]],
            affix: int) -> dict[tuple, list[str]]:
    """Groups of node ids worth comparing: same neighbour, same line, same opening or closing characters."""
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for e in ents:
        k = key(e.label)
        blocks[("head", k[:affix])].append(e.id)
        blocks[("tail", k[-affix:])].append(e.id)
        for n in near.get(e.id, ()):
            blocks[("near", n)].append(e.id)
        for ln in lines.get(e.id, ()):
            blocks[("line", ln)].append(e.id)
    return blocks


def duplicates(kb: KnowledgeBase, cfg: dict[str, Any]) -> Iterator[Candidate]:
    """Pairs of nodes with close names, one of them at least unknown to the gazetteer."""
    d, sc = cfg["duplicates"], cfg["scores"]
    near, lines, first = _neighbours(kb)
    ents = [e for e in kb.entities.values() if e.id in first]
    keys = {e.id: key(e.label) for e in ents}
    pairs: set[tuple[str, str]] = set()
    for members in _blocks(ents, near, lines, int(d["affix"])).values():
        if 1 < len(members) <= int(d["max_block"]):
            pairs.update(combinations(sorted(set(members)), 2))
    for a, b in sorted(pairs):
        ea, eb = kb.entities[a], kb.entities[b]
        if ea.in_gazetteer and eb.in_gazetteer:
            continue
        sm = difflib.SequenceMatcher(None, keys[a], keys[b], autojunk=False)
        if sm.quick_ratio() < d["min_similarity"] or (sim := sm.ratio()) < d["min_similarity"]:
            continue
        shared, same = bool(near[a] & near[b]), bool(lines[a] & lines[b])
        score = (sc["duplicate"] * sim + sc["shared_neighbour"] * shared + sc["same_line"] * same
                 + (sc["other_type"] if ea.type != eb.type else 0.0))
        why = f"names {sim:.0%} alike" + (", shared neighbours" if shared else "") + (", same line" if same else "")
        s = first[b]
        yield Candidate("duplicate", min(score, 0.99), f"{ea.label} ({ea.type}) ~ {eb.label} ({eb.type})",
                        f"{why}; merge {b} into {a}?", s.citation.source, s.citation.line, s.citation.quote,
                        {"kind": "merge", "entities": [a, b]})


@lru_cache(maxsize=1)
def _triggers() -> tuple[tuple[str, str], ...]:
    """(word, relation) of every trigger rule, longest words first."""
    out = {(w, r["relation"]) for r in rules.load("triggers")["rule"] for w in r.get("words", [])}
    return tuple(sorted(out, key=lambda wr: (-len(wr[0]), wr)))


def generic(kb: KnowledgeBase, cfg: dict[str, Any]) -> Iterator[Candidate]:
    """Statements of a generic relation whose line holds a trigger word no statement of the line states."""
    weak = set(cfg["generic_relations"])
    stated: dict[tuple[str, int], set[str]] = defaultdict(set)
    for s in kb.statements:
        stated[(s.citation.source, s.citation.line)].add(s.relation)
    for s in kb.statements:
        if s.relation not in weak:
            continue
        here = stated[(s.citation.source, s.citation.line)]
        hit = next(((w, r) for w, r in _triggers() if r not in weak and r not in here and w in s.citation.quote), None)
        if hit is None:
            continue
        obj = kb.entities[s.object].label if s.object in kb.entities else ""
        yield Candidate("generic", float(cfg["scores"]["generic"]), f"{s.relation}: {obj}",
                        f"the line holds {hit[0]!r} ({hit[1]}), which no statement of it states",
                        s.citation.source, s.citation.line, s.citation.quote,
                        {"kind": "correct", "statement": s.id, "relation": hit[1], "quote": s.citation.quote})


@lru_cache(maxsize=1)
def _amount_re() -> re.Pattern[str]:
    """A figure followed by a money unit of ``data/rules/money.toml``."""
    units = sorted(rules.load("money")["units"], key=len, reverse=True)
    return re.compile(r"\d[\d,.]*\s*(?:" + "|".join(map(re.escape, units)) + ")")


def unparsed(kb: KnowledgeBase, cfg: dict[str, Any]) -> Iterator[Candidate]:
    """Lines no rule read that carry a date or an amount."""
    from ..parse.dates import find_dates

    years = {r.file: r.year for r in kb.reports}
    sc = cfg["scores"]
    for c in kb.coverage:
        if c.status != "unparsed" or c.line <= 0:
            continue
        dated = bool(find_dates(c.text, years.get(c.source, 2000)))
        money = bool(_amount_re().search(c.text))
        if not (dated or money):
            continue
        has = " and ".join(w for w, ok in (("a date", dated), ("an amount", money)) if ok)
        yield Candidate("unparsed", float(sc["unparsed_both"] if dated and money else sc["unparsed"]),
                        c.text, f"no rule read this line, which holds {has}", c.source, c.line, c.text,
                        {"kind": "add", "source": c.source, "line": c.line, "quote": c.text,
                         "subject": "", "relation": ""})


def unlisted(kb: KnowledgeBase, cfg: dict[str, Any]) -> Iterator[Candidate]:
    """Entities the gazetteer lacks, the most cited first."""
    sc = cfg["scores"]
    count: dict[str, int] = defaultdict(int)
    first: dict[str, Statement] = {}
    for s in kb.statements:
        for n in (s.subject, s.object):
            if n:
                count[n] += 1
                first.setdefault(n, s)
    for e in kb.unresolved:
        if e.id not in first:
            continue
        score = min(sc["unlisted_max"], sc["unlisted"] + sc["unlisted_per_statement"] * count[e.id])
        s = first[e.id]
        yield Candidate("unlisted", float(score), f"{e.label} ({e.type})",
                        f"not in the gazetteer; {count[e.id]} statements ({e.id})",
                        s.citation.source, s.citation.line, s.citation.quote,
                        {"kind": "entity", "entity": e.id, "label": e.label, "type": e.type})
