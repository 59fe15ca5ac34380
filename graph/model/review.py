"""The review stage: a reviewer's judgements applied to the resolved knowledge base, at every build.

Runs after resolution and before every export (:func:`graph.pipeline.build.build_kb`). The
judgements (:mod:`graph.model.judgements`) are applied in a fixed order, whatever their order
in the files: ``keep_apart`` during resolution (:func:`apart`), then ``reject``, ``correct``,
``add``, ``merge`` and ``entity``. A statement a judgement changes keeps the id the rules gave
it (:attr:`Statement.origin`), so that every judgement can name statements by the ids of the
facts table; each changed or added statement lists the judgements in :attr:`Statement.review`.
A rejected statement leaves ``kb.statements`` for ``kb.rejected``. A judgement whose target is
gone is *stale*: kept in ``kb.outcomes`` with its nearest candidates and a warning, never
dropped silently. A judgement that contradicts the build (an unknown entity as a value, a
quote that is not on its line) stops it with a one-line :class:`~graph.errors.ReviewError`.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace

from ..errors import ReviewError
from ..read.textnorm import clean
from .resolve import entity_id
from .statements import Citation, Entity, Judgement, KnowledgeBase, Outcome, Statement, When

#: The order kinds apply in (``keep_apart`` applies during resolution).
ORDER = ("keep_apart", "reject", "correct", "add", "merge", "entity")
_PRECISION = {4: "year", 7: "month", 10: "day"}


def apart(judgements: Iterable[Judgement]) -> set[tuple[str, str]]:
    """(entity id, name) pairs that ``keep_apart`` judgements ask resolution not to merge."""
    return {(str(j.get("entity")), clean(str(j.get("name")))) for j in judgements if j.kind == "keep_apart"}


def statement_order(s: Statement) -> tuple:
    """The order of ``kb.statements``: file, line, relation, ends, id."""
    return (s.citation.source, s.citation.line, s.relation, s.subject, s.object or "", s.id)


def apply_review(kb: KnowledgeBase, judgements: list[Judgement],
                 splits: dict[tuple[str, str], str] | None = None) -> KnowledgeBase:
    """Apply ``judgements`` to ``kb`` (in place; returned). ``splits`` maps each (entity, name)
    pair that resolution kept apart to the id of the name's own node. Without judgements ``kb``
    is left exactly as it was."""
    if not judgements:
        return kb
    r = _Review(kb, splits or {})
    for kind in ORDER:
        for j in judgements:
            if j.kind == kind:
                getattr(r, kind)(j)
    return r.finish(judgements)


def nearest(target: str, pool: dict[str, str], hint: str | None = None, n: int = 3) -> tuple[str, ...]:
    """The ids of ``pool`` (id → label or quote) nearest ``target``: by ``hint`` (a label or quote the
    judgement recorded) among the texts, else by the id, else by the id's name among the texts."""
    texts: dict[str, list[str]] = {}
    for key, text in pool.items():
        texts.setdefault(text, []).append(key)
    out: list[str] = []
    if hint:
        out += [k for t in difflib.get_close_matches(hint, list(texts), n=n, cutoff=0.5) for k in texts[t]]
    out += difflib.get_close_matches(target, list(pool), n=n, cutoff=0.6)
    tail = target.rsplit("/", 1)[-1].replace("-", " ")  # the name part, after the class and district
    out += [k for t in difflib.get_close_matches(tail, list(texts), n=n, cutoff=0.5) for k in texts[t]]
    return tuple(dict.fromkeys(out))[:n]


class _Review:
    """The knowledge base under review: statements by id, rejected ones, merged ids, outcomes."""

    def __init__(self, kb: KnowledgeBase, splits: dict[tuple[str, str], str]) -> None:
        self.kb = kb
        self.splits = splits
        self.stmts: dict[str, Statement] = {s.id: s for s in kb.statements}
        self.rejected: dict[str, Statement] = {}
        self.redirect: dict[str, str] = {}  # merged-away entity id -> the id it was merged into
        self.outcomes: list[Outcome] = []
        self.entity_marks: dict[str, list[str]] = {}
        self._lines = {(c.source, c.line): c.text for c in kb.coverage if c.line > 0}

    # ------------------------------------------------------------ helpers

    def outcome(self, j: Judgement, target: str, status: str, detail: str = "",
                candidates: tuple[str, ...] = ()) -> None:
        """Record what became of ``j``."""
        self.outcomes.append(Outcome(j.id, j.file, j.entry, j.kind, target, status, detail, candidates))

    def stale_statement(self, j: Judgement, sid: str) -> None:
        """``j`` names a statement the build no longer has."""
        if sid in self.rejected:
            self.outcome(j, sid, "stale", f"statement rejected by {', '.join(self.rejected[sid].review)}")
            return
        pool = {k: s.citation.quote for k, s in self.stmts.items()}
        hint = j.get("quote")
        self.outcome(j, sid, "stale", "no such statement in this build",
                     nearest(sid, pool, str(hint) if hint else None))

    def current(self, eid: str) -> str | None:
        """The id ``eid`` stands for now (after merges), if the build has it."""
        while eid in self.redirect:
            eid = self.redirect[eid]
        return eid if eid in self.kb.entities else None

    def value_entity(self, j: Judgement, eid: str) -> str:
        """An entity a judgement names as a value: it must exist."""
        got = self.current(eid)
        if got is None:
            near = nearest(eid, {k: e.label for k, e in self.kb.entities.items()})
            hint = f"; nearest: {', '.join(near)}" if near else ""
            raise ReviewError(f"{j.where}: unknown entity id {eid!r}{hint}")
        return got

    def stale_entity(self, j: Judgement, eid: str) -> None:
        """``j`` names an entity the build no longer has."""
        pool = {k: e.label for k, e in self.kb.entities.items()}
        self.outcome(j, eid, "stale", "no such entity in this build", nearest(eid, pool))

    def mark_entity(self, eid: str, j: Judgement) -> None:
        """Note that ``j`` reviewed entity ``eid``."""
        self.entity_marks.setdefault(eid, []).append(j.id)

    @staticmethod
    def revise(st: Statement, j: Judgement, **changes: object) -> Statement:
        """``st`` with ``changes``, marked by ``j``, keeping its id."""
        review = st.review if j.id in st.review else (*st.review, j.id)
        return replace(st, **changes, review=review, origin=st.id)  # type: ignore[arg-type]

    @staticmethod
    def when(date: object, end: object, old: When | None) -> When | None:
        """The date a judgement gives (``""`` clears it), keeping the text the report wrote."""
        start = old.start if old else None
        stop = old.end if old else None
        start = (str(date) or None) if date is not None else start
        stop = (str(end) or None) if end is not None else stop
        if not start:
            return None
        return When(start, stop, _PRECISION.get(len(start), "unknown"), old.text if old else "")  # type: ignore

    # ------------------------------------------------------------ kinds

    def keep_apart(self, j: Judgement) -> None:
        """A name resolution kept apart from the node a rule merged it into: mark its own node."""
        key = (str(j.get("entity")), clean(str(j.get("name"))))
        new = self.splits.get(key)
        if new is None:
            pool = {f"{m.entity} {m.merged}": m.merged for m in self.kb.merges}
            self.outcome(j, " ".join(key), "stale", "no such merge in this build",
                         nearest(key[1], pool, key[1]))
            return
        for sid, st in self.stmts.items():
            if new in (st.subject, st.object):
                self.stmts[sid] = self.revise(st, j)
        self.mark_entity(new, j)
        self.outcome(j, key[0], "applied", f"{key[1]!r} is {new}")

    def reject(self, j: Judgement) -> None:
        """A statement out of the default view, into ``kb.rejected``."""
        sid = str(j.get("statement"))
        st = self.stmts.pop(sid, None)
        if st is None:
            self.stale_statement(j, sid)
            return
        self.rejected[sid] = self.revise(st, j)
        self.outcome(j, sid, "applied")

    def correct(self, j: Judgement) -> None:
        """A statement with corrected fields (date, end, amount, ends, relation, status)."""
        sid = str(j.get("statement"))
        st = self.stmts.get(sid)
        if st is None:
            self.stale_statement(j, sid)
            return
        changes: dict[str, object] = {}
        if j.get("date") is not None or j.get("end") is not None:
            changes["when"] = self.when(j.get("date"), j.get("end"), st.when)
        for key in ("subject", "object"):
            if j.get(key):
                changes[key] = self.value_entity(j, str(j.get(key)))
        for key in ("relation", "status", "amount_krw"):
            if j.get(key) is not None:
                changes[key] = j.get(key)
        self.stmts[sid] = self.revise(st, j, **changes)
        self.outcome(j, sid, "applied", ", ".join(sorted(k for k in dict(j.fields) if k != "statement")))

    def end(self, j: Judgement, which: str) -> str | None:
        """An added statement's subject or object: an entity id, or a new entity by label and type."""
        if j.get(which):
            return self.value_entity(j, str(j.get(which)))
        label, cls = j.get(f"{which}_label"), j.get(f"{which}_type")
        if not label:
            return None
        label = clean(str(label))
        district = next((r.district for r in self.kb.reports if r.file == j.get("source")), None)
        eid = entity_id(str(cls), label, district)  # the id the rules give that name in that report
        if eid not in self.kb.entities:
            self.kb.entities[eid] = Entity(eid, label, str(cls), in_gazetteer=False)
        self.mark_entity(eid, j)
        return eid

    def add(self, j: Judgement) -> None:
        """A statement the rules missed, citing a line of a report of this build."""
        source, line, quote = str(j.get("source")), int(j.get("line")), str(j.get("quote"))  # type: ignore
        if source not in {r.file for r in self.kb.reports}:
            near = nearest(source, {r.file: r.file for r in self.kb.reports})
            self.outcome(j, f"{source}:{line}", "stale", "no such report in this build", near)
            return
        text = self._lines.get((source, line))
        if text is None:
            raise ReviewError(f"{j.where}: line {line} of {source} is blank or past its end")
        if clean(quote) not in clean(text):
            raise ReviewError(f"{j.where}: quote {quote!r} is not on line {line} of {source} ({text!r})")
        subject, obj = self.end(j, "subject"), self.end(j, "object")
        st = Statement(subject, str(j.get("relation")), obj, Citation(source, line, text),  # type: ignore[arg-type]
                       str(j.get("status") or "done"), self.when(j.get("date"), j.get("end"), None),  # type: ignore
                       j.get("amount_krw"), j.get("role"), None, None, j.get("note"))  # type: ignore[arg-type]
        old = self.stmts.get(st.id)
        self.stmts[st.id] = self.revise(old, j) if old else replace(st, review=(j.id,))
        self.outcome(j, st.id, "applied", "the rules already state it" if old else f"{source}:{line}")

    def merge(self, j: Judgement) -> None:
        """Entities made one: the others' statements move to ``into`` (the first if not given)."""
        named = [str(e) for e in j.get("entities")]  # type: ignore[union-attr]
        found = {e: self.current(e) for e in named}
        gone = [e for e, now in found.items() if now is None]
        if gone:
            pool = {k: e.label for k, e in self.kb.entities.items()}
            self.outcome(j, " ".join(named), "stale", f"no such entity in this build: {', '.join(gone)}",
                         tuple(c for e in gone for c in nearest(e, pool)))
            return
        into = found[str(j.get("into") or named[0])]
        others = sorted({now for now in found.values() if now != into})  # type: ignore[misc]
        ents = self.kb.entities
        keep = ents[into]  # type: ignore[index]
        names = {n for o in others for n in (ents[o].label, *ents[o].aliases)} | set(keep.aliases)
        ents[into] = replace(keep, aliases=tuple(sorted(names - {keep.label})))  # type: ignore[index]
        for o in others:
            del ents[o]
            self.redirect[o] = into  # type: ignore[assignment]
        self._move(set(others), into, j)  # type: ignore[arg-type]
        self.mark_entity(into, j)  # type: ignore[arg-type]
        self.outcome(j, " ".join(named), "applied", f"into {into}")

    def _move(self, others: set[str], into: str, j: Judgement) -> None:
        """Statements whose ends are ``others`` now name ``into`` (rejected ones too, unmarked)."""
        def moved(st: Statement) -> dict[str, str]:
            return {k: into for k in ("subject", "object") if getattr(st, k) in others}

        for sid, st in self.stmts.items():
            if changes := moved(st):
                self.stmts[sid] = self.revise(st, j, **changes)
        for sid, st in self.rejected.items():
            if changes := moved(st):
                self.rejected[sid] = replace(st, **changes, origin=st.id)  # type: ignore[arg-type]

    def entity(self, j: Judgement) -> None:
        """An entity's canonical label, type, English label or Wikidata item set."""
        target = str(j.get("entity"))
        eid = self.current(target)
        if eid is None:
            self.stale_entity(j, target)
            return
        e = self.kb.entities[eid]
        label = clean(str(j.get("label"))) if j.get("label") else e.label
        aliases = set(e.aliases) | ({e.label} if label != e.label else set())
        attrs = dict(e.attributes)
        if j.get("wikidata"):
            attrs["wikidata"] = str(j.get("wikidata"))
        self.kb.entities[eid] = replace(
            e, label=label, type=str(j.get("type") or e.type), label_en=str(j.get("label_en") or e.label_en or "")
            or None, aliases=tuple(sorted(aliases - {label})), attributes=tuple(sorted(attrs.items())))
        self.mark_entity(eid, j)
        self.outcome(j, eid, "applied", ", ".join(sorted(k for k in dict(j.fields) if k != "entity")))

    # ------------------------------------------------------------ result

    def finish(self, judgements: list[Judgement]) -> KnowledgeBase:
        """Write the reviewed state back into the knowledge base."""
        kb = self.kb
        kb.statements = sorted(self.stmts.values(), key=statement_order)
        kb.rejected = sorted(self.rejected.values(), key=statement_order)
        kb.entities = dict(sorted(kb.entities.items()))
        kb.entity_review = {k: tuple(dict.fromkeys(v)) for k, v in sorted(self.entity_marks.items())}
        kb.judgements = list(judgements)
        kb.outcomes = sorted(self.outcomes, key=lambda o: (o.file, o.entry))
        for o in kb.outcomes:
            if o.status == "stale":
                near = f"; nearest: {', '.join(o.candidates)}" if o.candidates else ""
                kb.warnings.append(f"review: {o.file}: judgement {o.entry} ({o.kind}) is stale: {o.detail} "
                                   f"({o.target}){near}")
        return kb
